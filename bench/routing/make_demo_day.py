#!/usr/bin/env python3
"""Generate the SYNTHETIC demo-district collection day used by the routing benchmark.

Not real data: stop positions, quantities and hours are drawn from a seeded generator so the benchmark is
reproducible. 300 stops (cabinets and pickup requests) around one depot, 12 heterogeneous vehicles, 8 waste classes
in 4 mutually incompatible groups, opening hours (some with a lunch break = two windows), permits, optional stops.
Times in seconds from midnight, distances in metres (great-circle x 1.3, 25 km/h, computed by the solver).

usage: python3 bench/routing/make_demo_day.py > bench/routing/demo/demo-day.json
"""
import json
import math
import random

rng = random.Random(20261121)
depot = (121.4500, 31.2000)

# Waste classes and their incompatible groups (classes in different groups never share a compartment):
# group 0: 0 = HW08 waste mineral oil, 1 = HW12 paint/solvent waste, 2 = HW06 organic solvents
# group 1: 3 = HW34 waste acids
# group 2: 4 = HW35 waste alkalis
# group 3: 5 = HW49 contaminated packaging/rags, 6 = HW31 lead-acid batteries, 7 = HW49 spent activated carbon
groups = [[0, 1, 2], [3], [4], [5, 6, 7]]
class_weights = [12, 10, 6, 6, 5, 30, 6, 10]
incompatible = [[a, b] for gi, ga in enumerate(groups) for gb in groups[gi + 1:] for a in ga for b in gb]

parks = [(rng.uniform(-0.09, 0.09), rng.uniform(-0.08, 0.08), rng.uniform(0.006, 0.015)) for _ in range(7)]
stops = []
for i in range(300):
    if rng.random() < 0.8:
        px, py, spread = rng.choice(parks)
        lon = depot[0] + px + rng.gauss(0, spread)
        lat = depot[1] + py + rng.gauss(0, spread)
    else:
        lon = depot[0] + rng.uniform(-0.11, 0.11)
        lat = depot[1] + rng.uniform(-0.10, 0.10)
    cls = rng.choices(range(8), weights=class_weights)[0]
    kg = round(rng.lognormvariate(math.log(90), 0.6), 1)
    litres = round(kg * rng.uniform(0.7, 1.3), 1)
    r = rng.random()
    if r < 0.55:
        windows = [[8.5 * 3600, 17.5 * 3600]]
    elif r < 0.80:
        windows = [[8.5 * 3600, 11.5 * 3600], [13.5 * 3600, 17.5 * 3600]]
    elif r < 0.92:
        windows = [[8 * 3600, 12 * 3600]]
    else:
        windows = [[13 * 3600, 18 * 3600]]
    stop = {
        "id": f"S{i + 1:03d}",
        "lon": round(lon, 6),
        "lat": round(lat, 6),
        "demand": [kg, litres],
        "timeWindows": windows,
        "service": rng.choice([300, 420, 600, 900]),
        "classes": [cls],
        "permits": [1] if cls == 6 else [],
    }
    if rng.random() < 0.12:
        # Pickup request below the 80 % fill threshold: may wait for another day at a cost.
        stop["skipPenalty"] = 15000
    stops.append(stop)

def compartments(spec):
    return [{"capacity": [kg, l], "classes": cls} for kg, l, cls in spec]

all_classes = list(range(8))
vehicle_types = [
    {"id": "van-1.5t", "count": 4, "startDepot": 0, "compartments": compartments([(1500, 1600, all_classes)]),
     "permits": [], "shiftStart": 7.5 * 3600, "shiftEnd": 17.5 * 3600, "maxDuration": 9 * 3600, "fixedCost": 20000},
    {"id": "truck-2x2.5t", "count": 4, "startDepot": 0,
     "compartments": compartments([(2500, 2600, [0, 1, 2, 5, 6, 7]), (2500, 2600, [3, 4, 5, 6, 7])]),
     "permits": [1], "shiftStart": 7 * 3600, "shiftEnd": 18 * 3600, "maxDuration": 10 * 3600, "fixedCost": 30000},
    {"id": "truck-3x3t", "count": 2, "startDepot": 0,
     "compartments": compartments([(3000, 3200, [0, 1, 2]), (3000, 3200, [3, 4]), (3000, 3200, [5, 6, 7])]),
     "permits": [1], "shiftStart": 7 * 3600, "shiftEnd": 18 * 3600, "maxDuration": 10 * 3600, "fixedCost": 40000},
    {"id": "tanker-4t", "count": 2, "startDepot": 0, "compartments": compartments([(4000, 4000, [0, 1, 2])]),
     "permits": [], "shiftStart": 8 * 3600, "shiftEnd": 17 * 3600, "maxDuration": 8 * 3600, "fixedCost": 35000},
]

problem = {
    "name": "demo-district-day (synthetic, seed 20261121)",
    "dimensions": 2,
    "objective": "vehicles-then-distance",
    "matrix": {"provider": "great-circle", "detourFactor": 1.3, "speedKmh": 25},
    "depots": [{"id": "depot", "lon": depot[0], "lat": depot[1], "open": 6 * 3600, "close": 20 * 3600}],
    "vehicleTypes": vehicle_types,
    "stops": stops,
    "incompatibleClasses": incompatible,
}
print(json.dumps(problem, indent=1))
