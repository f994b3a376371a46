using GreenIsland.Routing;

namespace GreenIsland.Waste.Domain.Dispatch;

/// <summary>A stop in a planned trip with its schedule (local times of day).</summary>
internal sealed record PlannedStop(DispatchStopSpec Stop, TimeOnly Arrival, TimeOnly ServiceStart, TimeOnly Departure, double DistanceFromPreviousMetres);

/// <summary>One vehicle's trip: stops in order, distance and times (depot to depot).</summary>
internal sealed record PlannedTrip(DispatchVehicle Vehicle, IReadOnlyList<PlannedStop> Stops, double DistanceMetres, TimeOnly Start, TimeOnly End, double LoadKg);

/// <summary>A request part left out of the plan, and why.</summary>
internal sealed record UnplannedStop(DispatchStopSpec Stop, string Reason);

/// <summary>A day plan: trips, stops left out, and the independent checker's verdict.</summary>
internal sealed record DispatchPlan(IReadOnlyList<PlannedTrip> Trips, IReadOnlyList<UnplannedStop> Unplanned, bool Feasible, IReadOnlyList<string> Violations);

/// <summary>
/// Maps a collector's day onto the routing library: each vehicle is a vehicle type of count 1 (so routes name
/// vehicles), capacity in kilograms per compartment, HW categories as permits (category number = permit), the
/// compatibility groups as waste classes with their incompatible pairs, shifts and opening hours as windows in
/// seconds from local midnight, straight-line distance x detour at an average speed. Every stop is optional with a
/// large penalty so that a day that cannot all fit still gets a plan and a list of what was left out.
/// </summary>
internal sealed class DispatchProblem
{
    private const int SecondsPerDay = 86_400;

    private DispatchProblem(RoutingProblem problem, IReadOnlyList<DispatchVehicle> vehicles, IReadOnlyList<DispatchStopSpec> stops)
    {
        Problem = problem;
        Vehicles = vehicles;
        Stops = stops;
    }

    public RoutingProblem Problem { get; }

    public IReadOnlyList<DispatchVehicle> Vehicles { get; }

    public IReadOnlyList<DispatchStopSpec> Stops { get; }

    /// <summary>Splits requests into stops: one per request, or one per compatibility group when its groups conflict.</summary>
    public static IReadOnlyList<DispatchStopSpec> StopsFor(IEnumerable<DispatchRequest> requests, IncompatibleGroups incompatible)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(incompatible);
        var result = new List<DispatchStopSpec>();
        foreach (var r in requests)
        {
            var groups = r.Loads.Select(l => l.Group).Distinct().Order().ToList();
            var conflict = groups.Any(a => groups.Any(b => a < b && incompatible.Conflict(a, b)));
            var parts = conflict ? r.Loads.GroupBy(l => l.Group).Select(g => g.ToList()).ToList() : [r.Loads.ToList()];
            foreach (var part in parts)
            {
                // Stop keys are derived from the request and the group so that re-planning the same request is stable.
                var key = parts.Count == 1 ? r.RequestId : DeriveKey(r.RequestId, part[0].Group);
                result.Add(new DispatchStopSpec(key, r.RequestId, r.GeneratorOrganisationId, r.Latitude, r.Longitude,
                    part.Sum(l => l.EstimatedKg), part.Select(l => l.Category).Distinct().Order().ToList(),
                    part.Select(l => l.Group).Distinct().Order().ToList(), r.OpeningHours));
            }
        }

        return result;
    }

    public static DispatchProblem Build(IReadOnlyList<DispatchVehicle> vehicles, IReadOnlyList<DispatchStopSpec> stops, IncompatibleGroups incompatible, DispatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(vehicles);
        ArgumentNullException.ThrowIfNull(stops);
        ArgumentNullException.ThrowIfNull(incompatible);
        ArgumentNullException.ThrowIfNull(settings);

        // Waste classes of the routing library are 0..63: number the groups that occur densely.
        var classOf = vehicles.SelectMany(v => v.Compartments.SelectMany(c => c.AllowedGroups))
            .Concat(stops.SelectMany(s => s.Groups))
            .Distinct().Order()
            .Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i);
        if (classOf.Count > 64)
        {
            throw new ArgumentException("At most 64 compatibility groups can be planned at once.", nameof(stops));
        }

        var locations = new List<Location>();
        var depots = new List<Depot>();
        var depotIndex = new Dictionary<(double, double), int>();
        foreach (var v in vehicles)
        {
            if (!depotIndex.ContainsKey((v.DepotLongitude, v.DepotLatitude)))
            {
                depotIndex[(v.DepotLongitude, v.DepotLatitude)] = depots.Count;
                depots.Add(new Depot($"depot-{depots.Count}", locations.Count, new TimeWindow(0, SecondsPerDay)));
                locations.Add(new Location(v.DepotLongitude, v.DepotLatitude));
            }
        }

        var types = vehicles.Select(v =>
        {
            var compartments = v.Compartments.Count == 0
                ? [new Compartment([(double)v.CapacityKg], [])]
                : v.Compartments.Select(c => new Compartment([(double)c.CapacityKg], c.AllowedGroups.Select(g => classOf[g]).ToList())).ToList();
            var shift = new TimeWindow(Seconds(v.ShiftStart), Seconds(v.ShiftEnd));
            var depot = depotIndex[(v.DepotLongitude, v.DepotLatitude)];
            return new VehicleType(v.Id.ToString(), 1, depot, depot, compartments, v.PermittedCategories.Select(Permit).Distinct().ToList(),
                shift, Math.Max(1, shift.Close - shift.Open), settings.VehicleFixedCostMetres);
        }).ToList();

        var routingStops = stops.Select(s =>
        {
            var location = locations.Count;
            locations.Add(new Location(s.Longitude, s.Latitude));
            return new Stop(s.Key.ToString(), location, [(double)s.EstimatedKg],
                s.OpeningHours.OrderBy(w => w.Open).Select(w => new TimeWindow(Seconds(w.Open), Seconds(w.Close))).ToList(),
                settings.ServiceMinutes * 60, s.Groups.Select(g => classOf[g]).Distinct().ToList(),
                s.Categories.Select(Permit).Distinct().ToList(), settings.SkipPenaltyMetres);
        }).ToList();

        var pairs = incompatible.Pairs.Where(p => classOf.ContainsKey(p.A) && classOf.ContainsKey(p.B)).Select(p => (classOf[p.A], classOf[p.B])).ToList();
        var travel = new GreatCircleMatrixProvider(settings.DetourFactor, settings.AverageSpeedKmh).Build(locations);
        var problem = new RoutingProblem("collector-day", locations, depots, types, routingStops, 1, pairs, travel, DistanceConvention.Matrix,
            RoutingObjective.VehiclesThenDistance);
        return new DispatchProblem(problem, vehicles, stops);
    }

    /// <summary>Plans the day with the routing library (deterministic for the seed and iteration budget).</summary>
    public DispatchPlan Solve(SolverOptions options, CancellationToken cancellationToken)
    {
        if (Stops.Count == 0 || Vehicles.Count == 0)
        {
            return Describe(new RoutingSolution([], Enumerable.Range(0, Stops.Count).ToList()));
        }

        var result = RoutingSolver.Solve(Problem, options, cancellationToken);
        return Describe(result.Solution);
    }

    /// <summary>Expresses trips (vehicle and stop keys in order) as a routing solution; throws for unknown keys.</summary>
    public RoutingSolution ToSolution(IEnumerable<(Guid VehicleId, IReadOnlyList<Guid> StopKeys)> trips)
    {
        ArgumentNullException.ThrowIfNull(trips);
        var vehicleIndex = Vehicles.Select((v, i) => (v.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var stopIndex = Stops.Select((s, i) => (s.Key, i)).ToDictionary(x => x.Key, x => x.i);
        var routes = trips.Select(t => new PlannedRoute(vehicleIndex[t.VehicleId], t.StopKeys.Select(k => stopIndex[k]).ToList())).ToList();
        var served = routes.SelectMany(r => r.Stops).ToHashSet();
        return new RoutingSolution(routes, Enumerable.Range(0, Stops.Count).Where(i => !served.Contains(i)).ToList());
    }

    /// <summary>Schedules and checks a solution with the library's independent checker.</summary>
    public DispatchPlan Describe(RoutingSolution solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        var check = SolutionChecker.Check(Problem, solution);
        var trips = solution.Routes.Where(r => r.Stops.Count > 0).Select(Schedule).ToList();
        var unplanned = solution.Skipped.Select(i => new UnplannedStop(Stops[i], WhyUnplanned(i))).ToList();
        var violations = check.Violations.Select(v => NameRoutes(v, solution)).ToList();
        return new DispatchPlan(trips, unplanned, check.Feasible, violations);
    }

    private PlannedTrip Schedule(PlannedRoute route)
    {
        var type = Problem.VehicleTypes[route.VehicleType];
        var vehicle = Vehicles[route.VehicleType];
        var time = type.Shift.Open;
        var at = Problem.Depots[type.StartDepot].Location;
        double distance = 0;
        var stops = new List<PlannedStop>();
        var first = true;
        foreach (var s in route.Stops)
        {
            var stop = Problem.Stops[s];
            var leg = Problem.Travel.DistanceAt(at, stop.Location);
            var arrival = time + Problem.Travel.DurationAt(at, stop.Location);
            var start = arrival;
            var window = stop.TimeWindows.FirstOrDefault(w => w.Close >= arrival);
            if (window != default && window.Open > arrival)
            {
                start = window.Open;
            }

            if (first)
            {
                // Leave the depot as late as the first window allows, so the trip does not start by waiting.
                var slack = start - arrival;
                arrival += slack;
                first = false;
            }

            var departure = start + stop.ServiceTime;
            stops.Add(new PlannedStop(Stops[s], TimeOf(arrival), TimeOf(start), TimeOf(departure), leg));
            distance += leg;
            time = departure;
            at = stop.Location;
        }

        var home = Problem.Depots[type.EndDepot].Location;
        distance += Problem.Travel.DistanceAt(at, home);
        var end = time + Problem.Travel.DurationAt(at, home);
        var startOfTrip = stops.Count > 0
            ? Seconds(stops[0].Arrival) - Problem.Travel.DurationAt(Problem.Depots[type.StartDepot].Location, Problem.Stops[route.Stops[0]].Location)
            : type.Shift.Open;
        return new PlannedTrip(vehicle, stops, distance, TimeOf(startOfTrip), TimeOf(end), (double)stops.Sum(x => x.Stop.EstimatedKg));
    }

    private string WhyUnplanned(int stopIndex)
    {
        var stop = Problem.Stops[stopIndex];
        var permitted = Problem.VehicleTypes.Where(t => stop.RequiredPermits.All(t.Permits.Contains)).ToList();
        if (permitted.Count == 0)
        {
            return "No vehicle's permit covers all of its waste categories.";
        }

        var compartment = permitted.Where(t => t.Compartments.Any(c => c.AllowedClasses.Count == 0 || stop.Classes.All(c.AllowedClasses.Contains))).ToList();
        if (compartment.Count == 0)
        {
            return "No permitted vehicle has a compartment for its compatibility group.";
        }

        return compartment.Any(t => t.Compartments.Any(c => c.Capacity[0] >= stop.Demand[0]))
            ? "It did not fit into the vehicles' capacity, shifts or the site's opening hours together with the other stops."
            : "It is heavier than any permitted vehicle's compartment.";
    }

    private string NameRoutes(string violation, RoutingSolution solution)
    {
        for (var r = solution.Routes.Count - 1; r >= 0; r--)
        {
            violation = violation.Replace($"route {r}", $"vehicle {Vehicles[solution.Routes[r].VehicleType].Plate}", StringComparison.Ordinal);
        }

        return violation;
    }

    private static int Permit(int category) => category is >= 1 and <= 50
        ? category
        : throw new ArgumentOutOfRangeException(nameof(category), category, "HW categories are numbered 1 to 50.");

    private static double Seconds(TimeOnly t) => t.ToTimeSpan().TotalSeconds;

    private static TimeOnly TimeOf(double seconds) => TimeOnly.FromTimeSpan(TimeSpan.FromSeconds(Math.Clamp(Math.Round(seconds), 0, SecondsPerDay - 1)));

    private static Guid DeriveKey(Guid request, int group)
    {
        Span<byte> bytes = stackalloc byte[16];
        request.TryWriteBytes(bytes);
        bytes[15] ^= (byte)(group + 1);
        bytes[14] ^= (byte)((group + 1) >> 8);
        return new Guid(bytes);
    }
}
