#!/usr/bin/env bash
# Starts virtlogd and libvirtd (QEMU driver, TCG guests) without systemd, with their config and
# pidfiles in DIR, as on Debian 12 (no virtqemud there):
#   scripts/live/libvirtd-start.sh DIR [OVS_RUNDIR]
# OVS_RUNDIR lets libvirt plug <virtualport type='openvswitch'/> NICs into a private OVS.
# libvirtd is a per-machine service (/run/libvirt), so callers serialise on a lock; one that is
# already running and not started from DIR is left alone and reused.
# Stop with scripts/live/libvirtd-stop.sh DIR (kills by the PIDs in DIR/*.pid).
# Exit status: 0 started; 3 a libvirtd not ours is running (use it, do not stop it);
#              2 libvirt/QEMU is not installed (the caller may skip); 1 failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/live/pid-files.sh
source "$here/pid-files.sh"
dir=${1:?usage: libvirtd-start.sh DIR [OVS_RUNDIR]}
ovs_rundir=${2:-}
for tool in libvirtd virtlogd qemu-system-x86_64; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (libvirt-daemon-driver-qemu, qemu-system-x86)"; exit 2; }
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
socket=/run/libvirt/libvirt-sock

if ! pid_running "$dir/libvirtd.pid" libvirtd && [[ -S $socket ]] &&
   virsh -c qemu:///system version >/dev/null 2>&1; then
  echo "a libvirtd not started from $dir already serves $socket; using it"
  exit 3
fi

# libvirtd refuses to start without the user its QEMU driver is configured for.
id libvirt-qemu >/dev/null 2>&1 || useradd -r -U -M -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
# Guests run as root: no per-image ownership changes (and no dynamic_ownership surprises) in CI.
qemu_conf=/etc/libvirt/qemu.conf
if ! grep -qE '^[[:space:]]*user[[:space:]]*=' "$qemu_conf" 2>/dev/null; then
  mkdir -p /etc/libvirt
  printf '# Added by stacksim scripts/live/libvirtd-start.sh: TCG guests run as root.\nuser = "root"\ngroup = "root"\n' >>"$qemu_conf"
fi
# Debian's package makes these at install time; a minimal image may lack them.
mkdir -p /var/log/libvirt/qemu /var/lib/libvirt/qemu /var/cache/libvirt/qemu /run/libvirt
# No polkit without D-Bus: root on the unix socket needs no authentication.
printf 'auth_unix_rw = "none"\nauth_unix_ro = "none"\n' >"$dir/libvirtd.conf"

trap 'status=$?; [[ $status -eq 0 ]] || cat "$dir/start.log" >&2 2>/dev/null' EXIT
pid_running "$dir/virtlogd.pid" virtlogd || virtlogd -d -p "$dir/virtlogd.pid" 2>>"$dir/start.log"
if ! pid_running "$dir/libvirtd.pid" libvirtd; then
  if [[ -n $ovs_rundir ]]; then export OVS_RUNDIR=$ovs_rundir; fi
  # libvirt caches QEMU's capabilities (the ~8 s probe) together with the host's CPUID, whose
  # leaf 0x1f reports the x2APIC ID of the CPU the probe ran on; pinned to CPU 0 the cache stays
  # valid from one start to the next instead of being rebuilt half the time.
  pin=()
  command -v taskset >/dev/null && pin=(taskset -c 0)
  "${pin[@]}" libvirtd -d -f "$dir/libvirtd.conf" -p "$dir/libvirtd.pid" 2>>"$dir/start.log"
fi
for ((i = 0; i < 200; i++)); do
  virsh -c qemu:///system version >/dev/null 2>&1 && break
  sleep 0.05
done
virsh -c qemu:///system version >/dev/null 2>>"$dir/start.log"
echo "libvirtd started (pid $(cat "$dir/libvirtd.pid"), virtlogd $(cat "$dir/virtlogd.pid"))"
