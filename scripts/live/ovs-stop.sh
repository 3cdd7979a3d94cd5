#!/usr/bin/env bash
# Stops the private Open vSwitch started by ovs-start.sh DIR: ovs-vswitchd first (removing its
# bridges' datapaths and devices), then ovsdb-server, each by the PID in its pidfile.
#   scripts/live/ovs-stop.sh DIR
set -uo pipefail
dir=${1:?usage: ovs-stop.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/live/pid-files.sh
source "$here/pid-files.sh"
if pid=$(pid_of "$dir/ovs-vswitchd.pid" ovs-vswitchd); then
  # --cleanup deletes the datapath and the kernel devices (internal ports) it created.
  timeout 10 ovs-appctl -t "$dir/ovs-vswitchd.ctl" exit --cleanup >/dev/null 2>&1 || true
  wait_gone "$pid" 5 || true
fi
stop_pid_file "$dir/ovs-vswitchd.pid" ovs-vswitchd
stop_pid_file "$dir/ovsdb-server.pid" ovsdb-server
exit 0
