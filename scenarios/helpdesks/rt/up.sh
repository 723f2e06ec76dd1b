#!/bin/bash
# Bring slalab's Request Tracker up on loopback: install if needed, configure, seed if needed,
# start the standalone server on 127.0.0.1:${SLALAB_RT_PORT:-8080} and wait until it answers.
# Idempotent: a running, current server is left alone.
source "$(dirname "$0")/lib.sh"
rt_check_loopback
rt_require_root
exec </dev/null
t0=$(rt_seconds)

if ! rt_installed "${RT_PACKAGES[@]}" || { [[ "$RT_DB" == pg ]] && ! rt_installed rt5-db-postgresql postgresql; }; then
  "$RT_HERE/install.sh"
fi
"$RT_HERE/configure.sh"

if pid=$(rt_server_pid); then
  read -r _ running_port running_bind running_workers running_keepalive _ <"$RT_PID_FILE" || true
  if [[ "$running_port $running_bind $running_workers $running_keepalive" != "$RT_PORT $RT_BIND $RT_WORKERS $RT_KEEPALIVE" ||
    "$RT_CONF" -nt "$RT_PID_FILE" || -e "$RT_PG_CONF" && "$RT_PG_CONF" -nt "$RT_PID_FILE" ]]; then
    rt_log "up: restarting (port, workers, keep-alive or configuration changed)"
    rt_stop
  fi
fi
"$RT_HERE/seed.sh" # stops and restarts a running server itself when it must re-seed
rt_server_pid >/dev/null || { rt_start && rt_warm; }
[[ "$(rt_http_code)" == 401 ]] || rt_die "up: RT does not answer on $RT_URL; see $RT_LOG"

# The credentials file names the URL the server now answers on.
if [[ "$(rt_env_get SLALAB_RT_URL)" != "$RT_URL" ]]; then
  sed -i "s#^SLALAB_RT_URL=.*#SLALAB_RT_URL=$RT_URL#" "$RT_ENV_FILE"
fi

cat <<MSG
slalab rt: Request Tracker 5 is up ($(rt_elapsed "$t0") s)
  listening   $RT_BIND port $RT_PORT (loopback only), pid $(rt_server_pid)
  REST 2      $RT_URL/REST/2.0/
  web UI      $RT_URL/  (from another machine: ssh -L $RT_PORT:127.0.0.1:$RT_PORT this-host)
  log in as   root; the password is SLALAB_RT_ADMIN_PASSWORD in $RT_ENV_FILE (mode 0600)
  agents      SLALAB_RT_PASSWORD_<NAME> / SLALAB_RT_AGENT_TOKEN_<NAME> in the same file
  server log  $RT_LOG
  reset data  $RT_HERE/reset.sh    stop: $RT_HERE/down.sh
MSG
