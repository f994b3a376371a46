#!/usr/bin/env python3
"""Summarise routing benchmark CSVs (written by `greenisland bench`) as the markdown tables in docs/benchmarks.md.

usage: python3 bench/routing/summarize.py bench/routing/*.csv
"""
import csv
import statistics
import sys
from collections import defaultdict


def load(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def fmt(x, digits=2):
    return "-" if x is None else f"{x:.{digits}f}"


rows_out = []
for path in sys.argv[1:]:
    rows = load(path)
    if not rows:
        continue
    name = path.split("/")[-1].removesuffix(".csv")
    seeds = sorted({r["seed"] for r in rows})
    instances = sorted({r["instance"] for r in rows})
    feasible = sum(r["feasible"] == "True" for r in rows)
    seconds = statistics.mean(float(r["seconds"]) for r in rows)
    iters = statistics.mean(int(r["iterations"]) for r in rows)
    has_bks = [r for r in rows if r["bks_cost"]]
    hierarchical = rows[0]["objective"] == "vehicles-then-distance"
    if not has_bks:
        first = statistics.mean(float(r["first_feasible_s"]) for r in rows)
        rows_out.append((name, len(instances), len(seeds), seconds, f"{feasible}/{len(rows)}",
                         "-", "-", "-",
                         f"{statistics.mean(int(r['vehicles']) for r in rows):.1f} veh, cost {statistics.mean(float(r['cost']) for r in rows):.0f}, first feasible {first:.2f} s",
                         iters))
        continue
    gaps = [float(r["gap_pct"]) for r in has_bks]
    by_inst = defaultdict(list)
    for r in has_bks:
        by_inst[r["instance"]].append(r)
    if hierarchical:
        per_seed_veh = defaultdict(int)
        for r in rows:
            per_seed_veh[r["seed"]] += int(r["vehicles"])
        bks_veh = sum(int(v[0]["bks_vehicles"]) for v in by_inst.values())
        same = [r for r in has_bks if int(r["vehicles"]) == int(r["bks_vehicles"])]
        fewer = sum(int(r["vehicles"]) < int(r["bks_vehicles"]) for r in has_bks)
        matched = f"{len(same)}/{len(has_bks)} runs"
        dist_gap = statistics.mean(float(r["gap_pct"]) for r in same) if same else None
        extra = (f"vehicles {statistics.mean(per_seed_veh.values()):.1f} (BKS {bks_veh}); BKS fleet in {matched}"
                 + (f", {fewer} with fewer" if fewer else ""))
        rows_out.append((name, len(instances), len(seeds), seconds, f"{feasible}/{len(rows)}",
                         fmt(dist_gap, 3) + " (runs with BKS fleet)", "-", "-", extra, iters))
    else:
        best = [min(float(r["gap_pct"]) for r in v) for v in by_inst.values()]
        at_bks = sum(g <= 1e-9 for g in gaps)
        rows_out.append((name, len(instances), len(seeds), seconds, f"{feasible}/{len(rows)}",
                         fmt(statistics.mean(gaps), 3), fmt(statistics.mean(best), 3), f"{100 * at_bks / len(gaps):.0f} %",
                         f"vehicles {statistics.mean(int(r['vehicles']) for r in rows):.1f}/inst", iters))

print("| run (CSV) | instances | seeds | s/instance | feasible (checker) | mean gap % | best-of-seeds gap % | runs at BKS | fleet / notes | mean iterations |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows_out:
    print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.0f} | {r[4]} | {r[5]} | {r[6]} | {r[7]} | {r[8]} | {r[9]:.0f} |")
