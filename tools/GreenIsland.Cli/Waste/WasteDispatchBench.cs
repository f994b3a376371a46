using System.Diagnostics;
using GreenIsland.Routing;
using GreenIsland.Waste.Domain.Dispatch;

namespace GreenIsland.Cli.Waste;

/// <summary>The result of planning one collector's day both ways.</summary>
internal sealed record DispatchBenchResult(
    int Stops, int Vehicles, double SolverSeconds, double SolverSecondsToBest, double SolverKm, int SolverServed, int SolverTrips, bool SolverFeasible,
    double NaiveKm, int NaiveServed, int NaiveTrips, bool NaiveFeasible, long Iterations);

/// <summary>
/// A collector's day as waste-logistics' dispatch builds it (<see cref="DispatchProblem"/>): 300 pickup requests
/// around the depot, 12 vehicles with compartments, shifts and opening hours, acids and alkalis that may not share a
/// compartment. Planned by the routing library and by the naive plan a dispatcher would draw by hand: each vehicle in
/// turn drives to the nearest waiting stop it can still serve (capacity, compatibility, opening hours, back before
/// the shift ends) until none fits. Both plans are checked by the routing library's independent checker.
/// </summary>
internal static class WasteDispatchBench
{
    private const int Organics = 1;
    private const int Acids = 2;
    private const int Alkalis = 3;

    public static DispatchBenchResult Run(int stopCount, int vehicleCount, TimeSpan timeLimit, int seed)
    {
        var random = new Random(seed);
        const double depotLat = 31.700, depotLon = 120.050;
        var vehicles = Enumerable.Range(0, vehicleCount).Select(i =>
        {
            var capacity = 3000m + (500m * (i % 7));
            IReadOnlyList<DispatchCompartment> compartments = i % 3 == 0
                ? [new DispatchCompartment(capacity * 0.7m, [Organics]), new DispatchCompartment(capacity * 0.3m, [Acids, Alkalis])]
                : [new DispatchCompartment(capacity, [Organics, Acids, Alkalis])];
            return new DispatchVehicle(new Guid(i + 1, 0, 0, new byte[8]), $"苏E·D{i:000}", capacity, compartments, [6, 8, 12, 17, 31, 34, 35, 49],
                new TimeOnly(8, 0), new TimeOnly(17, 0), depotLat, depotLon);
        }).ToList();

        var requests = Enumerable.Range(0, stopCount).Select(i =>
        {
            // Enterprises cluster in towns up to ~18 km from the depot.
            var angle = random.NextDouble() * 2 * Math.PI;
            var radiusKm = 3 + (15 * Math.Sqrt(random.NextDouble()));
            var lat = depotLat + (radiusKm / 111.0 * Math.Sin(angle));
            var lon = depotLon + (radiusKm / (111.0 * Math.Cos(depotLat * Math.PI / 180)) * Math.Cos(angle));
            var roll = random.NextDouble();
            List<DispatchLoad> loads = roll switch
            {
                < 0.05 => [new DispatchLoad(34, Acids, Kg(random, 20, 120))],
                < 0.08 => [new DispatchLoad(35, Alkalis, Kg(random, 20, 120))],
                < 0.10 => [new DispatchLoad(49, Organics, Kg(random, 20, 150)), new DispatchLoad(34, Acids, Kg(random, 10, 60))],
                _ => [new DispatchLoad(random.Next(4) switch { 0 => 8, 1 => 12, 2 => 6, _ => 49 }, Organics, Kg(random, 20, 250))],
            };
            IReadOnlyList<OpeningInterval> hours = random.NextDouble() < 0.7
                ? [new OpeningInterval(new TimeOnly(8, 30), new TimeOnly(11, 30)), new OpeningInterval(new TimeOnly(13, 0), new TimeOnly(17, 0))]
                : [new OpeningInterval(new TimeOnly(8, 0), new TimeOnly(17, 0))];
            return new DispatchRequest(new Guid(0, (short)(i >> 16), (short)(i & 0xFFFF), new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }), Guid.NewGuid(), lat, lon, loads, hours);
        }).ToList();

        var incompatible = new IncompatibleGroups([(Acids, Alkalis)]);
        var stops = DispatchProblem.StopsFor(requests, incompatible);
        var dispatch = DispatchProblem.Build(vehicles, stops, incompatible, new DispatchSettings { ServiceMinutes = 10 });

        var sw = Stopwatch.StartNew();
        var solved = RoutingSolver.Solve(dispatch.Problem, new SolverOptions { TimeLimit = timeLimit, Seed = (ulong)seed, Threads = 1 });
        sw.Stop();
        var plan = dispatch.Describe(solved.Solution);
        var naive = dispatch.Describe(NearestNeighbour(dispatch.Problem));
        return new DispatchBenchResult(stops.Count, vehicleCount, sw.Elapsed.TotalSeconds, solved.SecondsToBest,
            plan.Trips.Sum(t => t.DistanceMetres) / 1000, plan.Trips.Sum(t => t.Stops.Count), plan.Trips.Count, plan.Feasible,
            naive.Trips.Sum(t => t.DistanceMetres) / 1000, naive.Trips.Sum(t => t.Stops.Count), naive.Trips.Count, naive.Feasible, solved.Iterations);
    }

    private static decimal Kg(Random random, int min, int max) => Math.Round((decimal)(min + (random.NextDouble() * (max - min))), 1);

    /// <summary>Each vehicle in turn: nearest feasible waiting stop until none fits, then back to the depot.</summary>
    internal static RoutingSolution NearestNeighbour(RoutingProblem problem)
    {
        var served = new bool[problem.Stops.Count];
        var routes = new List<PlannedRoute>();
        var incompatible = problem.IncompatibleClasses.ToHashSet();
        for (var v = 0; v < problem.VehicleTypes.Count; v++)
        {
            var type = problem.VehicleTypes[v];
            var depot = problem.Depots[type.StartDepot].Location;
            var home = problem.Depots[type.EndDepot].Location;
            var loads = new double[type.Compartments.Count];
            var classes = type.Compartments.Select(_ => new HashSet<int>()).ToArray();
            var at = depot;
            double time = type.Shift.Open;
            var route = new List<int>();
            while (true)
            {
                var best = -1;
                var bestDistance = double.MaxValue;
                double bestStart = 0;
                var bestCompartment = -1;
                for (var s = 0; s < problem.Stops.Count; s++)
                {
                    if (served[s])
                    {
                        continue;
                    }

                    var stop = problem.Stops[s];
                    var distance = problem.Travel.DistanceAt(at, stop.Location);
                    if (distance >= bestDistance || !stop.RequiredPermits.All(type.Permits.Contains))
                    {
                        continue;
                    }

                    var compartment = -1;
                    for (var c = 0; c < type.Compartments.Count && compartment < 0; c++)
                    {
                        var comp = type.Compartments[c];
                        var accepts = comp.AllowedClasses.Count == 0 || stop.Classes.All(comp.AllowedClasses.Contains);
                        var fits = loads[c] + stop.Demand[0] <= comp.Capacity[0] + 1e-9;
                        var compatible = stop.Classes.All(a => classes[c].All(b => !incompatible.Contains((a, b)) && !incompatible.Contains((b, a))));
                        if (accepts && fits && compatible)
                        {
                            compartment = c;
                        }
                    }

                    if (compartment < 0)
                    {
                        continue;
                    }

                    var arrival = time + problem.Travel.DurationAt(at, stop.Location);
                    double? start = stop.TimeWindows.Count == 0 ? arrival : null;
                    foreach (var w in stop.TimeWindows)
                    {
                        if (w.Close >= arrival)
                        {
                            start = Math.Max(arrival, w.Open);
                            break;
                        }
                    }

                    if (start is not { } begin || begin + stop.ServiceTime + problem.Travel.DurationAt(stop.Location, home) > type.Shift.Close)
                    {
                        continue;
                    }

                    best = s;
                    bestDistance = distance;
                    bestStart = begin;
                    bestCompartment = compartment;
                }

                if (best < 0)
                {
                    break;
                }

                var chosen = problem.Stops[best];
                served[best] = true;
                route.Add(best);
                loads[bestCompartment] += chosen.Demand[0];
                classes[bestCompartment].UnionWith(chosen.Classes);
                time = bestStart + chosen.ServiceTime;
                at = chosen.Location;
            }

            routes.Add(new PlannedRoute(v, route));
        }

        return new RoutingSolution(routes, Enumerable.Range(0, problem.Stops.Count).Where(s => !served[s]).ToList());
    }
}
