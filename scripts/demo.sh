#!/usr/bin/env bash
# README command 1: install what is missing, build (Release), run the default demo scenario.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-packages.sh"
"$root/scripts/build.sh" build
echo
"$root/build/apps/stacksim" run "$root/scenarios/examples/demo.json"
