#!/bin/bash
# Report slalab's Request Tracker: installed, seeded, running, answering, tickets held.
# Exit 0 when it is up and answering, 3 when it is not running, 1 when it is broken.
source "$(dirname "$0")/lib.sh"
rt_check_loopback
if rt_installed "${RT_PACKAGES[@]}"; then
  echo "installed   $(dpkg-query -W -f='${Package} ${Version}' request-tracker5)"
else
  echo "installed   no (run up.sh)"
  exit 3
fi
if [[ -r "$RT_ENV_FILE" ]]; then
  echo "credentials $RT_ENV_FILE (seed $(rt_env_get SLALAB_RT_SEED_ID), notifications $(rt_env_get SLALAB_RT_NOTIFY))"
else
  echo "credentials none readable at $RT_ENV_FILE (run up.sh)"
fi
echo "database    $RT_DB$([[ "$RT_DB" == sqlite ]] && echo " $RT_SQLITE (snapshot $RT_SNAPSHOT)")"
if ! pid=$(rt_server_pid); then
  echo "server      not running"
  exit 3
fi
read -r _ port bind _ <"$RT_PID_FILE"
RT_PORT=$port
RT_URL="http://127.0.0.1:$port"
workers=$(pgrep -c -P "$pid" || true)
echo "server      pid $pid, $workers workers, $bind port $port, log $RT_LOG"
code=$(rt_http_code)
if [[ "$code" != 401 ]]; then
  echo "REST 2      $RT_URL/REST/2.0/ does not answer as expected (HTTP $code)"
  exit 1
fi
echo "REST 2      $RT_URL/REST/2.0/ answers"
if token=$(rt_env_get SLALAB_RT_TOKEN) && [[ -n "$token" ]]; then
  # The token goes to curl on stdin, never on its command line.
  total=$(printf 'Authorization: token %s\n' "$token" |
    curl -s --max-time 10 -H @- "$RT_URL/REST/2.0/tickets?query=id%3E0&per_page=1&fields=id" |
    sed -n 's/.*"total" *: *"\{0,1\}\([0-9]*\).*/\1/p')
  echo "tickets     ${total:-unknown} (not deleted)"
fi
