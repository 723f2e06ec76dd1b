# shellcheck shell=bash
# Shared settings and helpers for slalab's Request Tracker 5 scripts. Sourced, never run.
#
# Settings (environment):
#   SLALAB_RT_HOST       address to bind and to call: 127.0.0.1 (default) or localhost; ::1 is refused
#                        too (loopback, but Starlet is IPv4-only); anything else is refused
#   SLALAB_RT_PORT       TCP port (default 8080)
#   SLALAB_RT_WORKERS    Starlet worker processes (default 4; more only raises SQLite tail latency)
#   SLALAB_RT_KEEPALIVE  requests per kept-alive connection (default 1 = Starlet's default, no keep-alive)
#   SLALAB_RT_DB         sqlite (default) or pg; once set up, later calls keep the backend in use
#   SLALAB_STATE_DIR     where credentials, pid file and server log live (default ~/.slalab)
#   SLALAB_RT_L1_AGENTS / SLALAB_RT_L2_AGENTS  agents seeded per group (default 8 / 4)
#   SLALAB_RT_NOTIFY     on (default: RT's e-mail notification scrips write to an mbox) or off

set -euo pipefail

RT_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RT_HOST=${SLALAB_RT_HOST:-127.0.0.1}
RT_PORT=${SLALAB_RT_PORT:-8080}
RT_WORKERS=${SLALAB_RT_WORKERS:-4}
RT_KEEPALIVE=${SLALAB_RT_KEEPALIVE:-1}
RT_DATA_DIR=/var/lib/slalab-rt                 # our SQLite files; the package's own DB is left alone
RT_BACKEND_FILE=$RT_DATA_DIR/backend           # the backend configure.sh set up last
# Backend: SLALAB_RT_DB when given (configure.sh then switches to it), else the one in use.
RT_DB=${SLALAB_RT_DB:-$(cat "$RT_BACKEND_FILE" 2>/dev/null || echo sqlite)}
RT_STATE_DIR=${SLALAB_STATE_DIR:-${HOME:-/root}/.slalab}
RT_ENV_FILE=$RT_STATE_DIR/rt.env
RT_PID_FILE=$RT_STATE_DIR/rt-server.pid
RT_LOG=$RT_STATE_DIR/rt-server.log
RT_SQLITE=$RT_DATA_DIR/rtdb
RT_PRISTINE=$RT_DATA_DIR/rtdb.pristine         # empty RT schema + core data (rt-setup-database)
RT_SNAPSHOT=$RT_DATA_DIR/rtdb.seed             # pristine + seed, restored by reset.sh
RT_SEED_STAMP=$RT_DATA_DIR/seed.stamp          # fingerprint of the seed the snapshot holds
RT_CONF_DIR=/etc/request-tracker5/RT_SiteConfig.d
RT_CONF=$RT_CONF_DIR/99-slalab.pm
RT_PG_CONF=$RT_CONF_DIR/55-slalab-pg.pm
RT_PG_DB=slalab_rt                             # PostgreSQL: database and role; _pristine, _seed templates
RT_SERVER=/usr/share/request-tracker5/libexec/rt-server
RT_MBOX_DIR=/var/lib/request-tracker5
RT_PACKAGES=(request-tracker5 rt5-db-sqlite rt5-standalone)

rt_log() { printf '%s\n' "$*" >&2; }
rt_die() { printf 'slalab rt: %s\n' "$1" >&2; exit "${2:-1}"; }

# Loopback only: refuse any other bind/call address before doing anything else.
rt_check_loopback() {
  case "$RT_HOST" in
    127.0.0.1 | localhost) RT_BIND=127.0.0.1; RT_URL_HOST=127.0.0.1 ;;
    ::1 | '[::1]')
      # A loopback address, but Starlet 0.31 listens through IO::Socket::INET (IPv4 only) and
      # RT rejects '[::1]' as $WebDomain, so it cannot be served: say so instead of failing later.
      rt_die "SLALAB_RT_HOST='$RT_HOST' is loopback, but RT's standalone server (Starlet) listens on IPv4 only; use 127.0.0.1 or localhost" 2
      ;;
    *) rt_die "refusing SLALAB_RT_HOST='$RT_HOST': the helpdesk binds to loopback only (127.0.0.1 or localhost)" 2 ;;
  esac
  [[ "$RT_PORT" =~ ^[0-9]+$ ]] && ((RT_PORT >= 1 && RT_PORT <= 65535)) ||
    rt_die "SLALAB_RT_PORT must be a port number 1-65535, got '$RT_PORT'" 2
  [[ "$RT_WORKERS" =~ ^[0-9]+$ ]] && ((RT_WORKERS >= 1 && RT_WORKERS <= 64)) ||
    rt_die "SLALAB_RT_WORKERS must be 1-64, got '$RT_WORKERS'" 2
  [[ "$RT_KEEPALIVE" =~ ^[0-9]+$ ]] && ((RT_KEEPALIVE >= 1)) ||
    rt_die "SLALAB_RT_KEEPALIVE must be a whole number >= 1, got '$RT_KEEPALIVE'" 2
  case "$RT_DB" in sqlite | pg) ;; *) rt_die "SLALAB_RT_DB must be sqlite or pg, got '$RT_DB'" 2 ;; esac
  RT_URL="http://$RT_URL_HOST:$RT_PORT"
}

rt_require_root() {
  [[ ${EUID:-$(id -u)} -eq 0 ]] || rt_die "run as root (it installs packages, writes /etc/request-tracker5 and runs RT as www-data)"
}

rt_installed() {
  local p
  for p in "$@"; do
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]] || return 1
  done
}

# Run a Perl helper from this folder as www-data, fed on stdin (so it may live anywhere).
rt_perl() {
  local script=$1
  shift
  (cd /tmp && runuser -u www-data -- perl - "$@" <"$RT_HERE/$script") \
    2> >(grep -v 'internal HTML converter' >&2)
}

# PID of the running server master (ours, from the pid file), or nothing.
rt_server_pid() {
  local pid
  [[ -s "$RT_PID_FILE" ]] || return 1
  read -r pid _ <"$RT_PID_FILE" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  grep -q 'rt-server' "/proc/$pid/cmdline" 2>/dev/null || return 1
  printf '%s\n' "$pid"
}

rt_server_port() { local _p port; read -r _p port _ <"$RT_PID_FILE" && printf '%s\n' "${port:-}"; }

# HTTP status of an unauthenticated REST2 call (401 means the server answers).
rt_http_code() {
  curl -s -o /dev/null --max-time 5 -w '%{http_code}' "$RT_URL/REST/2.0/rt" 2>/dev/null || true
}

rt_seconds() { date +%s.%N; }
rt_elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# Start the standalone server (Starlet) as www-data on loopback; wait until REST2 answers.
rt_start() {
  local pid i code t0
  t0=$(rt_seconds)
  code=$(rt_http_code)
  [[ "$code" == 000 ]] || rt_die "something already answers on $RT_URL (HTTP $code) and it is not slalab's RT; free port $RT_PORT or set SLALAB_RT_PORT"
  install -d -m 700 "$RT_STATE_DIR"
  : >>"$RT_LOG"
  # setsid: the server outlives the calling shell and its process group (CI runners, vitest).
  # setpriv (not runuser) so that $! is the server master itself. Starlet has no pid file option.
  # --child-exit: a worker leaving (HUP, TERM) skips Perl's global destruction, which otherwise
  # spends seconds of CPU copying ~200 MB of copy-on-write pages just to free them.
  setsid setpriv --reuid=www-data --regid=www-data --init-groups \
    "$RT_SERVER" --server Starlet --host "$RT_BIND" --port "$RT_PORT" \
    --max-workers "$RT_WORKERS" --max-reqs-per-child 100000 --max-keepalive-reqs "$RT_KEEPALIVE" \
    --child-exit 'sub { require POSIX; POSIX::_exit(0) }' \
    </dev/null >>"$RT_LOG" 2>&1 &
  pid=$!
  printf '%s %s %s %s %s\n' "$pid" "$RT_PORT" "$RT_BIND" "$RT_WORKERS" "$RT_KEEPALIVE" >"$RT_PID_FILE"
  for ((i = 0; i < 300; i++)); do
    [[ "$(rt_http_code)" == 401 ]] && { rt_log "start: RT answers on $RT_URL after $(rt_elapsed "$t0") s (pid $pid)"; return 0; }
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$RT_LOG" >&2
      rm -f "$RT_PID_FILE"
      rt_die "start: rt-server exited; see $RT_LOG"
    fi
    sleep 0.1
  done
  rt_die "start: RT did not answer on $RT_URL within 30 s; see $RT_LOG"
}

# Stop our server (TERM the master; Parallel::Prefork reaps the workers). No-op when not running.
rt_stop() {
  local pid i t0
  pid=$(rt_server_pid) || { rm -f "$RT_PID_FILE"; return 0; }
  t0=$(rt_seconds)
  kill -TERM "$pid"
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    rt_log "stop: pid $pid ignored TERM for 15 s; sending KILL to it and its workers"
    local workers
    workers=$(pgrep -P "$pid" || true)
    kill -KILL "$pid" $workers 2>/dev/null || true
  fi
  rm -f "$RT_PID_FILE"
  rt_log "stop: stopped pid $pid in $(rt_elapsed "$t0") s"
}

# The seed's fingerprint: the seeding code and the settings that shape the seeded data.
rt_seed_fingerprint() {
  {
    cat "$RT_HERE/rt-seed.pl"
    printf '%s\n' "db=$RT_DB" "l1=${SLALAB_RT_L1_AGENTS:-8}" "l2=${SLALAB_RT_L2_AGENTS:-4}" \
      "customers=${SLALAB_RT_CUSTOMERS:-10}" "notify=${SLALAB_RT_NOTIFY:-on}"
  } | sha256sum | cut -c1-16
}

# Read one KEY from the credentials file without printing it.
rt_env_get() {
  [[ -r "$RT_ENV_FILE" ]] || return 1
  sed -n "s/^$1=//p" "$RT_ENV_FILE" | tail -n 1
}

# Is the seeded snapshot present and does the credentials file belong to it?
rt_seed_current() {
  local want have id
  want=$(rt_seed_fingerprint)
  [[ -s "$RT_SEED_STAMP" && -r "$RT_ENV_FILE" ]] || return 1
  read -r have id <"$RT_SEED_STAMP" || return 1
  [[ "$have" == "$want" && -n "$id" && "$(rt_env_get SLALAB_RT_SEED_ID)" == "$id" ]] || return 1
  if [[ "$RT_DB" == pg ]]; then rt_pg_has_snapshot; else [[ -s "$RT_SNAPSHOT" ]]; fi
}

# Database snapshots. SQLite: files (install makes a new inode, so running workers keep the old
# one until they are re-forked). PostgreSQL: template databases (see pg-setup.sh).
rt_db_restore_pristine() {
  if [[ "$RT_DB" == pg ]]; then rt_pg_clone "$RT_PG_DB"_pristine; return; fi
  rm -f "$RT_SQLITE-journal" "$RT_SQLITE-wal" "$RT_SQLITE-shm"
  install -o www-data -g www-data -m 660 "$RT_PRISTINE" "$RT_SQLITE"
}
rt_db_snapshot() {
  if [[ "$RT_DB" == pg ]]; then rt_pg_snapshot "$RT_PG_DB"_seed; return; fi
  install -o www-data -g www-data -m 640 "$RT_SQLITE" "$RT_SNAPSHOT"
}
rt_db_restore_snapshot() {
  if [[ "$RT_DB" == pg ]]; then rt_pg_clone "$RT_PG_DB"_seed; return; fi
  rm -f "$RT_SQLITE-journal" "$RT_SQLITE-wal" "$RT_SQLITE-shm"
  install -o www-data -g www-data -m 660 "$RT_SNAPSHOT" "$RT_SQLITE"
}

rt_pg_sql() { (cd /tmp && PGOPTIONS='--client-min-messages=warning' runuser -u postgres -- psql -X -v ON_ERROR_STOP=1 -q -At "$@"); }
rt_pg_db_exists() { [[ "$(rt_pg_sql -c "SELECT 1 FROM pg_database WHERE datname = '$1'")" == 1 ]]; }
rt_pg_has_snapshot() { rt_pg_db_exists "$RT_PG_DB"_seed; }
rt_pg_snapshot() {
  rt_pg_sql -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" \
    -c "CREATE DATABASE $1 TEMPLATE $RT_PG_DB OWNER $RT_PG_DB"
}
rt_pg_clone() {
  rt_pg_sql -c "DROP DATABASE IF EXISTS $RT_PG_DB WITH (FORCE)" \
    -c "CREATE DATABASE $RT_PG_DB TEMPLATE $1 OWNER $RT_PG_DB"
}

# Warm the workers: a fresh worker spends ~0.3 s on its first authenticated request. Sends a few
# concurrent cheap requests as the admin (token on curl's stdin, never on its command line).
rt_warm() {
  local token urls=() i
  token=$(rt_env_get SLALAB_RT_TOKEN) || return 0
  [[ -n "$token" ]] || return 0
  for ((i = 0; i < 2 * RT_WORKERS; i++)); do urls+=(-o /dev/null "$RT_URL/REST/2.0/queues/all?fields=Name&w=$i"); done
  printf 'Authorization: token %s\n' "$token" |
    curl -s --no-progress-meter --max-time 20 -Z --parallel-max "$((2 * RT_WORKERS))" -H @- "${urls[@]}" || true
}
