#!/usr/bin/python3
"""Ring rebalance benchmark: stacksim's RingBuilder (bench_ring) beside Swift's RingBuilder
(python3-swift) on the same devices, seeds and clock, in one run. Prints CPU seconds per phase,
the speed ratio, and balance/dispersion/moved for both.

    /usr/bin/python3 bench/ring/run_bench.py [--part-power 20] [--build-dir build]
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import time
from unittest import mock

from swift.common.ring import builder as swift_builder

NOW = 1700000000


def add_zone(b, region, zone, servers, disks):
    for s in range(servers):
        for d in range(disks):
            ip = f"10.{region}.{zone}.{s}"
            b.add_dev({"region": region, "zone": zone, "ip": ip, "port": 6200,
                       "replication_ip": ip, "replication_port": 6200, "device": f"d{d}",
                       "weight": 4000.0 * ((s + d) % 3 + 1), "meta": ""})


def swift_phases(part_power, regions, zones, servers, disks):
    out = []
    b = swift_builder.RingBuilder(part_power, 3, 1)
    for r in range(1, regions + 1):
        for z in range(1, zones + 1):
            add_zone(b, r, z, servers, disks)

    def phase(name, seed):
        with mock.patch.object(swift_builder, "time", lambda: NOW):
            t0 = time.process_time()
            moved, balance, _ = b.rebalance(seed=seed)
            t1 = time.process_time()
        out.append({"phase": name, "cpu_s": t1 - t0, "moved": moved, "balance": balance,
                    "dispersion": b.dispersion})
        print(f"  swift {name}: {t1 - t0:.1f} s", file=sys.stderr, flush=True)
        b.pretend_min_part_hours_passed()

    phase("build", "1")
    add_zone(b, 1, zones + 1, servers, disks)
    phase("add_zone", "2")
    b.remove_dev(0)
    phase("fail_device", "3")
    return out


def main():
    repo = pathlib.Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part-power", type=int, default=20)
    ap.add_argument("--regions", type=int, default=2)
    ap.add_argument("--zones", type=int, default=10)
    ap.add_argument("--servers", type=int, default=5)
    ap.add_argument("--disks", type=int, default=10)
    ap.add_argument("--build-dir", default=os.environ.get("STACKSIM_BUILD_DIR", "build"))
    ap.add_argument("--repeat", type=int, default=3, help="best of N stacksim runs")
    args = ap.parse_args()
    build = pathlib.Path(args.build_dir)
    if not build.is_absolute():
        build = repo / build
    binary = build / "bench" / "ring" / "bench_ring"
    shape = [str(v) for v in (args.part_power, args.regions, args.zones, args.servers, args.disks)]
    runs = []
    for _ in range(args.repeat):
        proc = subprocess.run([str(binary), *shape], capture_output=True, text=True, check=True)
        runs.append([json.loads(line) for line in proc.stdout.splitlines()])
    ours = [min((run[i] for run in runs), key=lambda p: p["cpu_s"]) for i in range(len(runs[0]))]
    swift = swift_phases(args.part_power, args.regions, args.zones, args.servers, args.disks)
    devices = args.regions * args.zones * args.servers * args.disks
    print(f"part power {args.part_power}, 3 replicas, {devices} devices in {args.regions} regions "
          f"x {args.zones} zones (CPU seconds; stacksim best of {args.repeat})")
    print(f"{'phase':<12} {'stacksim':>9} {'swift':>9} {'ratio':>8}  {'moved':>15}  "
          f"{'balance (ours/swift)':>22}  {'dispersion':>14}")
    ok = True
    for o, s in zip(ours, swift):
        ratio = s["cpu_s"] / o["cpu_s"]
        print(f"{o['phase']:<12} {o['cpu_s']:9.3f} {s['cpu_s']:9.2f} {ratio:7.0f}x  "
              f"{o['moved']:>7}/{s['moved']:<7}  {o['balance']:10.4f}/{s['balance']:<10.4f}  "
              f"{o['dispersion']:6.3f}/{s['dispersion']:<6.3f}")
        ok &= (o["balance"] <= s["balance"] + 1e-9 and o["dispersion"] <= s["dispersion"] + 1e-9
               and o["moved"] <= s["moved"])
    total = sum(s["cpu_s"] for s in swift) / sum(o["cpu_s"] for o in ours)
    print(f"{'total':<12} {sum(o['cpu_s'] for o in ours):9.3f} "
          f"{sum(s['cpu_s'] for s in swift):9.2f} {total:7.0f}x")
    print("balance, dispersion and moved no worse than Swift's: " + ("yes" if ok else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
