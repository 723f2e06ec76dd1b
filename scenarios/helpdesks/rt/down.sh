#!/bin/bash
# Stop slalab's Request Tracker server (only the one up.sh started, by its pid). Data is kept.
source "$(dirname "$0")/lib.sh"
rt_check_loopback
rt_require_root
if rt_server_pid >/dev/null; then
  rt_stop
  echo "slalab rt: stopped"
else
  rm -f "$RT_PID_FILE"
  echo "slalab rt: not running"
fi
