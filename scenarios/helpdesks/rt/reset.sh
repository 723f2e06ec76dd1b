#!/bin/bash
# Reset RT's data to the seeded snapshot in about a second: restore the snapshot taken after
# seeding (new file, new inode) and re-fork the server's workers onto it with SIGHUP. Every
# ticket is gone; queues, users, rights and the credentials in rt.env stay valid.
# Run it with no load running. A stopped server stays stopped (its next start reads the snapshot).
source "$(dirname "$0")/lib.sh"
rt_check_loopback
rt_require_root
t0=$(rt_seconds)
rt_seed_current || rt_die "reset: no current seeded snapshot; run up.sh (or seed.sh) first"

pid=$(rt_server_pid) || pid=
if [[ -n "$pid" ]]; then
  read -r _ port bind _ <"$RT_PID_FILE"
  RT_PORT=$port
  RT_WORKERS=$(pgrep -c -P "$pid" || echo "$RT_WORKERS")
  RT_URL="http://127.0.0.1:$port"
  [[ "$RT_DB" == pg ]] && rt_stop # PostgreSQL cannot drop a database with open connections
fi
rt_db_restore_snapshot
rm -f "$RT_MBOX_DIR"/*.mbox

if [[ "$RT_DB" == pg && -n "$pid" ]]; then
  rt_start
  rt_warm
elif [[ -n "$pid" ]]; then
  old_workers=$(pgrep -P "$pid" || true)
  kill -HUP "$pid"
  # Ready when every old worker has gone (new ones hold the new file) and REST2 answers.
  for ((i = 0; i < 300; i++)); do
    alive=0
    for w in $old_workers; do kill -0 "$w" 2>/dev/null && alive=1; done
    ((alive == 0)) && [[ "$(rt_http_code)" == 401 ]] && break
    sleep 0.05
  done
  ((alive == 0)) || rt_die "reset: old workers still alive after 15 s (pid $pid)"
  rt_warm
fi
echo "slalab rt: reset to the seeded snapshot in $(rt_elapsed "$t0") s$([[ -z "$pid" ]] && echo ' (server not running)')"
