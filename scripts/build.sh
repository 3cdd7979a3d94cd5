#!/usr/bin/env bash
# Configures and builds stacksim with CMake + Ninja.
#   scripts/build.sh [BUILD_DIR] [extra CMake arguments...]   (default BUILD_DIR: build, Release)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
shift || true
[[ "$build" = /* ]] || build="$root/$build"
# Paths under the repository are hashed relative to it, so a fresh clone elsewhere reuses the cache.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-20G}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
ninja -C "$build" -j "$(nproc)"
