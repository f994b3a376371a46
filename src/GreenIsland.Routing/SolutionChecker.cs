namespace GreenIsland.Routing;

/// <summary>Outcome of an independent solution check.</summary>
public sealed record CheckResult(
    bool Feasible,
    IReadOnlyList<string> Violations,
    double Distance,
    double FixedCost,
    double SkipPenalty,
    int Vehicles)
{
    /// <summary>Distance + fixed costs + skip penalties.</summary>
    public double Cost => Distance + FixedCost + SkipPenalty;
}

/// <summary>
/// Recomputes a solution's cost and verifies every constraint with straightforward code that shares nothing with the
/// solver: edges from coordinates under the instance convention, a forward schedule per route, and brute force over
/// departure times for the route duration.
/// </summary>
public static class SolutionChecker
{
    private const double Tolerance = 1e-6;

    public static CheckResult Check(RoutingProblem problem, RoutingSolution solution)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(solution);
        var violations = new List<string>();
        var served = new int[problem.Stops.Count];
        var usedPerType = new int[problem.VehicleTypes.Count];
        double distance = 0, fixedCost = 0, skipPenalty = 0;
        var vehicles = 0;

        for (var r = 0; r < solution.Routes.Count; r++)
        {
            var route = solution.Routes[r];
            if (route.VehicleType < 0 || route.VehicleType >= problem.VehicleTypes.Count)
            {
                violations.Add($"route {r}: unknown vehicle type {route.VehicleType}");
                continue;
            }

            if (route.Stops.Count == 0)
            {
                continue;
            }

            var type = problem.VehicleTypes[route.VehicleType];
            usedPerType[route.VehicleType]++;
            vehicles++;
            fixedCost += type.FixedCost;
            var valid = true;
            foreach (var s in route.Stops)
            {
                if (s < 0 || s >= problem.Stops.Count)
                {
                    violations.Add($"route {r}: unknown stop {s}");
                    valid = false;
                }
                else
                {
                    served[s]++;
                }
            }

            if (!valid)
            {
                continue;
            }

            var locs = new List<int> { problem.Depots[type.StartDepot].Location };
            locs.AddRange(route.Stops.Select(s => problem.Stops[s].Location));
            locs.Add(problem.Depots[type.EndDepot].Location);
            for (var i = 0; i + 1 < locs.Count; i++)
            {
                distance += EdgeDistance(problem, locs[i], locs[i + 1]);
            }

            CheckLoadsAndClasses(problem, type, route, r, violations);
            CheckSchedule(problem, type, route, r, violations);
        }

        for (var t = 0; t < usedPerType.Length; t++)
        {
            if (usedPerType[t] > problem.VehicleTypes[t].Count)
            {
                violations.Add($"vehicle type {problem.VehicleTypes[t].Id}: {usedPerType[t]} routes but only {problem.VehicleTypes[t].Count} vehicles");
            }
        }

        var skipped = new HashSet<int>();
        foreach (var s in solution.Skipped)
        {
            if (s < 0 || s >= problem.Stops.Count || !skipped.Add(s))
            {
                violations.Add($"skipped: invalid or duplicate stop {s}");
            }
        }

        for (var s = 0; s < problem.Stops.Count; s++)
        {
            var stop = problem.Stops[s];
            if (served[s] > 1)
            {
                violations.Add($"stop {stop.Id}: visited {served[s]} times");
            }
            else if (served[s] == 1 && skipped.Contains(s))
            {
                violations.Add($"stop {stop.Id}: both visited and skipped");
            }
            else if (served[s] == 0)
            {
                if (stop.SkipPenalty is null)
                {
                    violations.Add($"stop {stop.Id}: mandatory but not visited");
                }
                else
                {
                    skipPenalty += stop.SkipPenalty.Value;
                    if (!skipped.Contains(s))
                    {
                        violations.Add($"stop {stop.Id}: neither visited nor listed as skipped");
                    }
                }
            }
        }

        return new CheckResult(violations.Count == 0, violations, distance, fixedCost, skipPenalty, vehicles);
    }

    private static double EdgeDistance(RoutingProblem p, int a, int b) => p.Convention switch
    {
        DistanceConvention.EuclideanRounded => Euclid(p.Locations[a], p.Locations[b], true),
        DistanceConvention.EuclideanExact => Euclid(p.Locations[a], p.Locations[b], false),
        _ => p.Travel.DistanceAt(a, b),
    };

    private static double EdgeDuration(RoutingProblem p, int a, int b) => p.Convention switch
    {
        DistanceConvention.EuclideanRounded => Euclid(p.Locations[a], p.Locations[b], true),
        DistanceConvention.EuclideanExact => Euclid(p.Locations[a], p.Locations[b], false),
        _ => p.Travel.DurationAt(a, b),
    };

    private static double Euclid(Location a, Location b, bool round)
    {
        var d = Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
        return round ? Math.Floor(d + 0.5) : d;
    }

    private static void CheckLoadsAndClasses(RoutingProblem p, VehicleType type, PlannedRoute route, int r, List<string> violations)
    {
        var loads = new double[type.Compartments.Count, p.Dimensions];
        var classes = new List<int>[type.Compartments.Count];
        for (var c = 0; c < classes.Length; c++)
        {
            classes[c] = [];
        }

        foreach (var s in route.Stops)
        {
            var stop = p.Stops[s];
            foreach (var permit in stop.RequiredPermits)
            {
                if (!type.Permits.Contains(permit))
                {
                    violations.Add($"route {r}: stop {stop.Id} needs permit {permit} that vehicle type {type.Id} lacks");
                }
            }

            var compartment = -1;
            for (var c = 0; c < type.Compartments.Count && compartment < 0; c++)
            {
                var allowed = type.Compartments[c].AllowedClasses;
                if (allowed.Count == 0 || stop.Classes.All(allowed.Contains))
                {
                    compartment = c;
                }
            }

            if (compartment < 0)
            {
                violations.Add($"route {r}: no compartment of vehicle type {type.Id} accepts the classes of stop {stop.Id}");
                continue;
            }

            for (var d = 0; d < p.Dimensions; d++)
            {
                loads[compartment, d] += stop.Demand[d];
            }

            classes[compartment].AddRange(stop.Classes);
        }

        for (var c = 0; c < type.Compartments.Count; c++)
        {
            for (var d = 0; d < p.Dimensions; d++)
            {
                if (loads[c, d] > type.Compartments[c].Capacity[d] + Tolerance)
                {
                    violations.Add($"route {r}: compartment {c} dimension {d} load {loads[c, d]} exceeds {type.Compartments[c].Capacity[d]}");
                }
            }

            foreach (var (a, b) in p.IncompatibleClasses)
            {
                if (a != b && classes[c].Contains(a) && classes[c].Contains(b))
                {
                    violations.Add($"route {r}: incompatible classes {a} and {b} share compartment {c}");
                }
            }
        }
    }

    private static void CheckSchedule(RoutingProblem p, VehicleType type, PlannedRoute route, int r, List<string> violations)
    {
        var startDepot = p.Depots[type.StartDepot];
        var endDepot = p.Depots[type.EndDepot];
        var earliest = Math.Max(type.Shift.Open, startDepot.Hours.Open);
        var latest = Math.Min(type.Shift.Close, startDepot.Hours.Close);
        var returnBy = Math.Min(type.Shift.Close, endDepot.Hours.Close);
        var (feasible, _, message) = Simulate(p, route, startDepot.Location, endDepot.Location, earliest, returnBy);
        if (earliest > latest + Tolerance || !feasible)
        {
            violations.Add($"route {r}: {message ?? "depot or shift window is empty"}");
            return;
        }

        if (double.IsPositiveInfinity(type.MaxDuration))
        {
            return;
        }

        // Route duration is minimised over the departure time; it is piecewise linear with breakpoints where some
        // stop's arrival hits a window bound, so trying those departures (and the window ends) is exact.
        var candidates = new List<double> { earliest, latest };
        var offset = 0.0;
        var prev = startDepot.Location;
        foreach (var s in route.Stops)
        {
            var stop = p.Stops[s];
            offset += EdgeDuration(p, prev, stop.Location);
            foreach (var w in stop.TimeWindows)
            {
                candidates.Add(w.Open - offset);
                candidates.Add(w.Close - offset);
            }

            offset += stop.ServiceTime;
            prev = stop.Location;
        }

        var best = double.PositiveInfinity;
        foreach (var c in candidates)
        {
            var departure = Math.Clamp(c, earliest, latest);
            var (ok, end, _) = Simulate(p, route, startDepot.Location, endDepot.Location, departure, returnBy);
            if (ok)
            {
                best = Math.Min(best, end - departure);
            }
        }

        if (best > type.MaxDuration + Tolerance)
        {
            violations.Add($"route {r}: duration {best} exceeds maximum {type.MaxDuration}");
        }
    }

    private static (bool Ok, double End, string? Message) Simulate(
        RoutingProblem p, PlannedRoute route, int startLoc, int endLoc, double departure, double returnBy)
    {
        var t = departure;
        var prev = startLoc;
        foreach (var s in route.Stops)
        {
            var stop = p.Stops[s];
            t += EdgeDuration(p, prev, stop.Location);
            if (stop.TimeWindows.Count > 0)
            {
                var window = stop.TimeWindows.FirstOrDefault(w => w.Close + Tolerance >= t, new TimeWindow(double.NaN, double.NaN));
                if (double.IsNaN(window.Open))
                {
                    return (false, t, $"stop {stop.Id} reached at {t:0.###}, after its last window closes");
                }

                t = Math.Max(t, window.Open);
            }

            t += stop.ServiceTime;
            prev = stop.Location;
        }

        t += EdgeDuration(p, prev, endLoc);
        return t > returnBy + Tolerance ? (false, t, $"returns at {t:0.###}, after {returnBy:0.###}") : (true, t, null);
    }
}
