#!/usr/bin/env bash
# README command 2: install what is missing, build, and run every test:
#   1. C++ tests (ctest) on the Release build,
#   2. the same C++ tests built with AddressSanitizer + UndefinedBehaviorSanitizer,
#   3. Python tests (pytest under /usr/bin/python3: API, differential tests against Nova, Swift,
#      SimGrid).
# Ends with one summary line "N passed, N failed" and exits non-zero if anything failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
results="$root/build/test-results"
"$root/scripts/install-packages.sh" || exit 1
"$root/scripts/build.sh" build || { echo "0 passed, 1 failed (Release build failed)"; exit 1; }
rm -rf "$results" && mkdir -p "$results"
status=0

echo "== C++ tests (Release)"
ctest --test-dir build -j "$(nproc)" --output-on-failure --output-junit "$results/ctest.xml" \
  || status=1

if [[ "${STACKSIM_SKIP_SANITIZERS:-0}" != 1 ]]; then
  echo "== C++ tests (ASan + UBSan)"
  # -O1 without debug info: sanitizers still catch everything; compiling stays affordable on 2 cores.
  if "$root/scripts/build.sh" build-asan -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS_SANITIZE=-O1 \
      -DSTACKSIM_SANITIZE=ON \
      -DSTACKSIM_BENCH=OFF -DSTACKSIM_APPS=OFF; then
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --test-dir build-asan -j "$(nproc)" --output-on-failure \
      --output-junit "$results/ctest-asan.xml" || status=1
  else
    echo "sanitizer build failed"; status=1
  fi
fi

# One pytest process per area: each area's conftest.py is its own module.
for area in tests/python/*/; do
  compgen -G "${area}test_*.py" >/dev/null || continue
  name=$(basename "$area")
  echo "== Python tests: $name"
  STACKSIM_BIN="$root/build/apps/stacksim" STACKSIM_BUILD_DIR="$root/build" \
    PYTHONPATH="$root/build/python${PYTHONPATH:+:$PYTHONPATH}" \
    /usr/bin/python3 -m pytest -q -p no:cacheprovider "$area" \
    --junitxml="$results/pytest-$name.xml" || status=1
done

/usr/bin/python3 "$root/scripts/summarize-tests.py" "$results" || status=1
exit $status
