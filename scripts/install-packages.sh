#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/packages.txt that are missing. Idempotent: does
# nothing (not even apt-get update) when everything is present. Waits for and retries while another
# apt/dpkg process holds the lock.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/packages.txt")

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "packages: all ${#wanted[@]} present"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "packages: missing ${missing[*]}; run as root to install them" >&2
  exit 1
fi
echo "packages: installing ${#missing[@]}: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_retry() {
  local attempt
  for attempt in 1 2 3 4 5 6; do
    if apt-get -o DPkg::Lock::Timeout=300 "$@"; then return 0; fi
    echo "packages: apt-get $1 failed (attempt $attempt); retrying in 10 s" >&2
    sleep 10
  done
  return 1
}
apt_retry update -q
apt_retry install -y -q --no-install-recommends "${missing[@]}"
