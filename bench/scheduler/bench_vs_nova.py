#!/usr/bin/python3
"""Scheduler decisions per second: `stacksim schedule` at 1,000, 10,000 and 100,000 hosts with
Nova's default filters and every weigher, beside Nova 26's own scheduler code (the oracle of
tests/python/scheduler) on the same inputs at 1,000 and 10,000 hosts. Prints each side's time per
decision, the ratio, and checks that both chose the same hosts with the same weights.

Usage: bench/scheduler/bench_vs_nova.py [--stacksim build/apps/stacksim] [--quick]
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests/python/scheduler"))

import schedule_cases  # noqa: E402

# hosts, requests compared with Nova (Nova costs ~45 ms / ~680 ms per decision at 1k / 10k),
# requests timed on our side alone.
SIZES = [(1000, 40, 2000), (10000, 6, 2000), (100000, 0, 500)]


def run_ours(stacksim, path, repeat):
    result = subprocess.run([stacksim, "schedule", str(path), "--timing", "--repeat", str(repeat)],
                            capture_output=True, text=True, check=True)
    # "... N instance decisions in S s (...)"
    words = result.stderr.split()
    decisions = int(words[words.index("instance") - 1])
    seconds = float(words[words.index("decisions") + 2])
    return [json.loads(line) for line in result.stdout.splitlines()], decisions, seconds


def run_nova(case):
    import nova_driver
    oracle = nova_driver.NovaCase(case)
    lines = []
    start = time.process_time()
    for index, request in enumerate(case["requests"]):
        lines.extend(oracle.schedule(index, request))
    return lines, time.process_time() - start


def same(ours, nova):
    if len(ours) != len(nova):
        return False
    for a, b in zip(ours, nova):
        if a["host"] != b["host"] or [h for h, _ in a["weights"]] != [h for h, _ in b["weights"]]:
            return False
        if any(abs(x[1] - y[1]) > 1e-12 for x, y in zip(a["weights"], b["weights"])):
            return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stacksim", default=str(REPO / "build/apps/stacksim"))
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 hosts only")
    args = parser.parse_args()
    print(f"{'hosts':>7} {'decisions':>9} {'stacksim us/dec':>15} {'dec/s':>10} "
          f"{'nova ms/dec':>11} {'ratio':>8}  decisions")
    with tempfile.TemporaryDirectory() as tmp:
        for hosts, compared, timed in SIZES[:2] if args.quick else SIZES:
            case = schedule_cases.make_case(1000 + hosts, hosts, max(compared, timed),
                                            "nova-defaults", numa=False, hints=False)
            full = pathlib.Path(tmp) / f"case-{hosts}.json"
            full.write_text(json.dumps(case))
            _, decisions, seconds = run_ours(args.stacksim, full, 3)
            per_decision = seconds / decisions
            nova_text, ratio_text, verdict = "-", "-", "-"
            if compared:
                prefix = dict(case, requests=case["requests"][:compared])
                small = pathlib.Path(tmp) / f"prefix-{hosts}.json"
                small.write_text(json.dumps(prefix))
                ours, ours_decisions, ours_seconds = run_ours(args.stacksim, small, 20)
                nova, nova_seconds = run_nova(prefix)
                nova_per = nova_seconds / len(nova)
                ours_per = ours_seconds / ours_decisions
                nova_text = f"{nova_per * 1e3:.2f}"
                ratio_text = f"{nova_per / ours_per:.0f}x"
                verdict = "identical" if same(ours, nova) else "DIFFERENT"
            print(f"{hosts:>7} {decisions:>9} {per_decision * 1e6:>15.2f} "
                  f"{1 / per_decision:>10.0f} {nova_text:>11} {ratio_text:>8}  {verdict}",
                  flush=True)
            if verdict == "DIFFERENT":
                sys.exit(1)


if __name__ == "__main__":
    main()
