#!/usr/bin/env bash
# Stops the libvirtd and virtlogd started by libvirtd-start.sh DIR, by the PIDs in their
# pidfiles. Domains named in DIR/domains (UUIDs a test recorded before creating them) are
# destroyed and undefined first, so no guest outlives the test that made it.
#   scripts/live/libvirtd-stop.sh DIR
set -uo pipefail
dir=${1:?usage: libvirtd-stop.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/live/pid-files.sh
source "$here/pid-files.sh"
if [[ -r $dir/domains ]]; then
  serving=false
  timeout 10 virsh -q -c qemu:///system version >/dev/null 2>&1 && serving=true
  while read -r uuid; do
    [[ -n $uuid ]] || continue
    if $serving; then
      virsh -q -c qemu:///system destroy "$uuid" >/dev/null 2>&1
      virsh -q -c qemu:///system undefine --managed-save "$uuid" >/dev/null 2>&1
    fi
    # Without libvirtd a leftover guest is stopped through QEMU's own pidfile.
    stop_pid_file "/run/libvirt/qemu/instance-$uuid.pid" qemu-system
  done <"$dir/domains"
fi
stop_pid_file "$dir/libvirtd.pid" libvirtd
stop_pid_file "$dir/virtlogd.pid" virtlogd
exit 0
