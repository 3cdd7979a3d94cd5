#!/usr/bin/python3
"""Regenerates azure2017-sample.csv (run from scenarios/examples): 2,000 VMs in the Azure 2017
vmtable format (no header; vmid, subscriptionid, deploymentid, vmcreated, vmdeleted, maxcpu, avgcpu,
p95maxcpu, vmcategory, vmcorecount, vmmemory in GB), sorted by creation time, seed 2017."""
import random

rng = random.Random(2017)
sizes = [(1, 0.75), (1, 1.75), (2, 3.5), (4, 7), (8, 14), (2, 4), (4, 8), (8, 56)]
weights = [20, 25, 20, 15, 5, 8, 5, 2]
rows = []
t = 0
for i in range(2000):
    t += rng.expovariate(1 / 40.0)
    created = int(t) // 300 * 300
    life = max(300, int(rng.lognormvariate(8.0, 1.3)) // 300 * 300)
    cores, mem = rng.choices(sizes, weights)[0]
    avg = round(rng.uniform(2, 40), 2)
    cat = rng.choice(["Interactive", "Delay-insensitive", "Unknown"])
    rows.append(f"vm{i:05d},sub{rng.randrange(40):03d},dep{rng.randrange(300):04d},{created},"
                f"{created + life},{min(100, round(avg * 2.5, 2))},{avg},{min(100, round(avg * 2, 2))},"
                f"{cat},{cores},{mem}")
open("traces/azure2017-sample.csv", "w").write("\n".join(rows) + "\n")
