#!/usr/bin/env bash
# Starts a private Open vSwitch (ovsdb-server + ovs-vswitchd) whose sockets, database, logs and
# pidfiles all live in DIR, so tests never touch the system's OVS:
#   scripts/live/ovs-start.sh DIR
# Then: OVSDB at unix:DIR/db.sock, bridge management sockets DIR/<bridge>.mgmt.
# Stop it with scripts/live/ovs-stop.sh DIR (kills by the PIDs in DIR/*.pid).
# Daemons already running from DIR are kept, so after a crash the script restarts what is missing.
# Exit status: 0 started; 2 OVS is not installed (the caller may skip); 1 failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/live/pid-files.sh
source "$here/pid-files.sh"
dir=${1:?usage: ovs-start.sh DIR}
for tool in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (package openvswitch-switch)"; exit 2; }
done
schema=/usr/share/openvswitch/vswitch.ovsschema
[[ -r $schema ]] || { echo "missing $schema (package openvswitch-switch)"; exit 2; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
export OVS_RUNDIR=$dir OVS_DBDIR=$dir OVS_LOGDIR=$dir OVS_SYSCONFDIR=$dir OVS_PKGDATADIR=/usr/share/openvswitch
[[ -e $dir/conf.db ]] || ovsdb-tool create "$dir/conf.db" "$schema"
# Startup chatter goes to DIR/start.log; it is shown only if a daemon fails to start.
trap 'status=$?; [[ $status -eq 0 ]] || cat "$dir/start.log" >&2' EXIT
pid_running "$dir/ovsdb-server.pid" ovsdb-server ||
ovsdb-server "$dir/conf.db" --remote="punix:$dir/db.sock" --pidfile="$dir/ovsdb-server.pid" \
  --unixctl="$dir/ovsdb-server.ctl" --detach --no-chdir --log-file="$dir/ovsdb-server.log" \
  -vconsole:off 2>>"$dir/start.log"
ovs-vsctl --db="unix:$dir/db.sock" --no-wait init
# The userspace datapath needs no kernel module; its "module not loaded" log line is harmless.
pid_running "$dir/ovs-vswitchd.pid" ovs-vswitchd ||
ovs-vswitchd "unix:$dir/db.sock" --pidfile="$dir/ovs-vswitchd.pid" \
  --unixctl="$dir/ovs-vswitchd.ctl" --detach --no-chdir --log-file="$dir/ovs-vswitchd.log" \
  -vconsole:off 2>>"$dir/start.log"
# --detach returns once the daemon is initialised; a round trip proves it answers.
ovs-appctl -t "$dir/ovs-vswitchd.ctl" version >/dev/null
echo "ovs started in $dir (ovsdb-server $(cat "$dir/ovsdb-server.pid"), ovs-vswitchd $(cat "$dir/ovs-vswitchd.pid"))"
