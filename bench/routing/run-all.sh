#!/usr/bin/env bash
# Runs the routing benchmark protocol recorded in docs/benchmarks.md (section Routing), single-threaded solver,
# as two sequential chains (run them on an otherwise idle 2-core machine for clean timings).
# usage: bench/routing/run-all.sh chain1|chain2|classic-fixed-fleet|seeds2     (from the repository root)
# GI_CLI overrides the command (default: the project CLI via dotnet run).
set -euo pipefail
CLI=${GI_CLI:-"dotnet run --project tools/GreenIsland.Cli -c Release --"}
DATA=../shared/data/vrp
OUT=bench/routing
case "${1:-}" in
  chain1)
    for s in a b e f m p; do
      $CLI bench --set $DATA/cvrplib-$s --seconds 10 --seeds 2 --out $OUT/cvrplib-$s-10s.csv > $OUT/cvrplib-$s-10s.md
    done
    $CLI bench --set $DATA/solomon --seconds 10 --seeds 1 --objective distance --out $OUT/solomon-distance-10s.csv > $OUT/solomon-distance-10s.md
    $CLI bench --set $OUT/demo --seconds 10 --seeds 3 --out $OUT/demo-day-10s.csv > $OUT/demo-day-10s.md
    ;;
  chain2)
    $CLI bench --set $DATA/solomon --seconds 10 --seeds 1 --objective vehicles-then-distance --out $OUT/solomon-hierarchical-10s.csv > $OUT/solomon-hierarchical-10s.md
    $CLI bench --set $DATA/gh200 --seconds 20 --seeds 1 --out $OUT/gh200-hierarchical-20s.csv > $OUT/gh200-hierarchical-20s.md
    $CLI bench --set $DATA/cvrplib-x --seconds 30 --seeds 1 --max-n 400 --out $OUT/cvrplib-x-n400-30s.csv > $OUT/cvrplib-x-n400-30s.md
    ;;
  classic-fixed-fleet)
    for s in a b e f m p; do
      $CLI bench --set $DATA/cvrplib-$s --seconds 10 --seeds 1 --fleet-from-bks --out $OUT/cvrplib-$s-10s-fixed-fleet.csv > $OUT/cvrplib-$s-10s-fixed-fleet.md
    done
    ;;
  seeds2)
    $CLI bench --set $DATA/solomon --seconds 10 --seeds 2 --objective vehicles-then-distance --out $OUT/solomon-hierarchical-10s-2seeds.csv > $OUT/solomon-hierarchical-10s-2seeds.md
    ;;
  *) echo "usage: $0 chain1|chain2|classic-fixed-fleet|seeds2" >&2; exit 1 ;;
esac
