#!/usr/bin/env bash
# Removes whatever live tests left under ROOT (the CTest cleanup fixture runs this after the live
# tests, so even a crashed test leaves nothing behind): for every run directory, its guests and
# libvirtd/virtlogd (libvirtd-stop.sh), its Open vSwitch (ovs-stop.sh), the network namespaces it
# recorded in DIR/namespaces, then the directory itself. Everything is found through files the
# tests wrote; nothing is killed by name.
#   scripts/live/sweep.sh ROOT
set -uo pipefail
root=${1:?usage: sweep.sh ROOT}
here=$(cd "$(dirname "$0")" && pwd)
[[ -d $root ]] || exit 0
for dir in "$root"/*/; do
  [[ -d $dir ]] || continue
  dir=${dir%/}
  "$here/libvirtd-stop.sh" "$dir"
  "$here/ovs-stop.sh" "$dir"
  if [[ -r $dir/namespaces ]]; then
    while read -r ns; do
      [[ -n $ns ]] && ip netns delete "$ns" 2>/dev/null
    done <"$dir/namespaces"
  fi
  rm -rf "$dir"
done
exit 0
