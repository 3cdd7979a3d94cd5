"""Generators of flow cases (the input of `stacksim flows` and of the SimGrid oracle) on fat-tree
and leaf-spine fabrics, with explicit ECMP-style routes chosen at random per host pair.

Run as a script to write a case: python3 flow_cases.py fat-tree --k 4 --flows 300 --seed 1 > c.json
"""

import argparse
import json
import random


class Fabric:
    """Hosts, one-directional links and a route chooser."""

    def __init__(self, rng):
        self.rng = rng
        self.links = []
        self.hosts = []
        self.routes = {}

    def cable(self, a, b, bw, lat):
        """A full-duplex cable: two one-directional links a->b and b->a."""
        for src, dst in ((a, b), (b, a)):
            self.links.append({"id": f"{src}>{dst}", "bw": bw, "lat": lat()})

    def route(self, src, dst):
        key = f"{src}->{dst}"
        if key not in self.routes:
            hops = self.path(src, dst)
            self.routes[key] = [f"{a}>{b}" for a, b in zip(hops, hops[1:])]
        return key


class FatTree(Fabric):
    """k-ary fat-tree: k pods of k/2 edge and k/2 aggregation switches, (k/2)^2 cores."""

    def __init__(self, k, host_bw, fabric_bw, lat, rng):
        super().__init__(rng)
        self.k = k
        half = k // 2
        for pod in range(k):
            for e in range(half):
                for h in range(half):
                    host = f"h{pod}_{e}_{h}"
                    self.hosts.append(host)
                    self.cable(host, f"e{pod}_{e}", host_bw, lat)
                for a in range(half):
                    self.cable(f"e{pod}_{e}", f"a{pod}_{a}", fabric_bw, lat)
            for a in range(half):
                for c in range(half):
                    self.cable(f"a{pod}_{a}", f"c{a * half + c}", fabric_bw, lat)

    def path(self, src, dst):
        half = self.k // 2
        sp, se, _ = src[1:].split("_")
        dp, de, _ = dst[1:].split("_")
        if (sp, se) == (dp, de):
            return [src, f"e{sp}_{se}", dst]
        a = self.rng.randrange(half)
        if sp == dp:
            return [src, f"e{sp}_{se}", f"a{sp}_{a}", f"e{dp}_{de}", dst]
        core = f"c{a * half + self.rng.randrange(half)}"
        return [src, f"e{sp}_{se}", f"a{sp}_{a}", core, f"a{dp}_{a}", f"e{dp}_{de}", dst]


class LeafSpine(Fabric):
    """Leaf-spine. Two tiers: `leaves` leaves each wired to all `spines`. Three tiers: `pods` such
    fabrics whose spine s is wired to the `planes` super-spines of plane s."""

    def __init__(self, leaves, spines, hosts_per_leaf, host_bw, fabric_bw, lat, rng, pods=1,
                 planes=0):
        super().__init__(rng)
        self.spines = spines
        self.planes = planes
        for pod in range(pods):
            for leaf in range(leaves):
                for h in range(hosts_per_leaf):
                    host = f"h{pod}_{leaf}_{h}"
                    self.hosts.append(host)
                    self.cable(host, f"l{pod}_{leaf}", host_bw, lat)
                for s in range(spines):
                    self.cable(f"l{pod}_{leaf}", f"s{pod}_{s}", fabric_bw, lat)
            if pods > 1:
                for s in range(spines):
                    for x in range(planes):
                        self.cable(f"s{pod}_{s}", f"x{s}_{x}", fabric_bw, lat)

    def path(self, src, dst):
        sp, sl, _ = src[1:].split("_")
        dp, dl, _ = dst[1:].split("_")
        if (sp, sl) == (dp, dl):
            return [src, f"l{sp}_{sl}", dst]
        s = self.rng.randrange(self.spines)
        if sp == dp:
            return [src, f"l{sp}_{sl}", f"s{sp}_{s}", f"l{dp}_{dl}", dst]
        x = f"x{s}_{self.rng.randrange(self.planes)}"
        return [src, f"l{sp}_{sl}", f"s{sp}_{s}", x, f"s{dp}_{s}", f"l{dp}_{dl}", dst]


def make_case(name, fabric, flows, window, min_bytes, max_bytes, rng, capped_fraction=0.0):
    """`flows` flows between random distinct hosts, starts uniform in [0, window)."""
    case_flows = []
    for _ in range(flows):
        src, dst = rng.sample(fabric.hosts, 2)
        fabric.route(src, dst)
        flow = {"src": src, "dst": dst, "bytes": rng.randint(min_bytes, max_bytes),
                "start": rng.uniform(0, window)}
        if rng.random() < capped_fraction:
            flow["rate_cap"] = rng.uniform(1e7, 5e8)
        case_flows.append(flow)
    return {"name": name, "links": fabric.links, "hosts": fabric.hosts, "routes": fabric.routes,
            "flows": case_flows}


def latency_sampler(rng, low=1e-6, high=5e-5):
    return lambda: rng.uniform(low, high)


def fat_tree_case(k, flows, seed, window=0.5, capped_fraction=0.0):
    rng = random.Random(seed)
    fabric = FatTree(k, 1.25e9, 1.25e9, latency_sampler(rng), rng)
    return make_case(f"fat_tree_k{k}_{flows}_s{seed}", fabric, flows, window, 100_000,
                     50_000_000, rng, capped_fraction)


def leaf_spine_case(flows, seed, tiers=2, window=0.5, capped_fraction=0.0):
    rng = random.Random(seed)
    if tiers == 2:
        fabric = LeafSpine(6, 3, 6, 1.25e9, 5e9, latency_sampler(rng), rng)
    else:
        fabric = LeafSpine(3, 2, 4, 1.25e9, 2.5e9, latency_sampler(rng), rng, pods=3, planes=2)
    return make_case(f"leaf_spine{tiers}_{flows}_s{seed}", fabric, flows, window, 100_000,
                     50_000_000, rng, capped_fraction)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fabric", choices=["fat-tree", "leaf-spine", "leaf-spine-3"])
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--flows", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--capped-fraction", type=float, default=0.0)
    args = parser.parse_args()
    if args.fabric == "fat-tree":
        case = fat_tree_case(args.k, args.flows, args.seed, capped_fraction=args.capped_fraction)
    else:
        tiers = 3 if args.fabric == "leaf-spine-3" else 2
        case = leaf_spine_case(args.flows, args.seed, tiers, capped_fraction=args.capped_fraction)
    print(json.dumps(case, indent=1))


if __name__ == "__main__":
    main()
