namespace GreenIsland.Routing;

/// <summary>What the solver minimises.</summary>
public enum RoutingObjective
{
    /// <summary>Total distance plus vehicle fixed costs plus skip penalties.</summary>
    Distance,

    /// <summary>Fewest vehicles first, then <see cref="Distance"/>.</summary>
    VehiclesThenDistance,
}

/// <summary>How the checker recomputes edge lengths from the problem's own data.</summary>
public enum DistanceConvention
{
    /// <summary>Use the problem's distance matrix as given (real problems: the matrix provider is the truth).</summary>
    Matrix,

    /// <summary>Euclidean between coordinates, rounded to the nearest integer (CVRPLIB EUC_2D).</summary>
    EuclideanRounded,

    /// <summary>Euclidean between coordinates in double precision (Solomon / Gehring-Homberger).</summary>
    EuclideanExact,
}

/// <summary>A time interval [Open, Close] in the problem's time unit.</summary>
public readonly record struct TimeWindow(double Open, double Close);

/// <summary>A point: planar (X, Y) or geographic (X = longitude, Y = latitude, degrees).</summary>
public readonly record struct Location(double X, double Y);

/// <summary>A depot at a location with opening hours.</summary>
public sealed record Depot(string Id, int Location, TimeWindow Hours);

/// <summary>A vehicle compartment: capacity per demand dimension and the waste classes it may carry (empty = any).</summary>
public sealed record Compartment(IReadOnlyList<double> Capacity, IReadOnlyList<int> AllowedClasses);

/// <summary>
/// A vehicle type with <see cref="Count"/> identical vehicles. A stop's demand goes into the first compartment that
/// accepts all of the stop's classes; incompatible classes may not share a compartment.
/// </summary>
public sealed record VehicleType(
    string Id,
    int Count,
    int StartDepot,
    int EndDepot,
    IReadOnlyList<Compartment> Compartments,
    IReadOnlyList<int> Permits,
    TimeWindow Shift,
    double MaxDuration,
    double FixedCost);

/// <summary>
/// A stop to visit. An empty <see cref="TimeWindows"/> list means "any time"; service must start inside one window.
/// A null <see cref="SkipPenalty"/> makes the stop mandatory.
/// </summary>
public sealed record Stop(
    string Id,
    int Location,
    IReadOnlyList<double> Demand,
    IReadOnlyList<TimeWindow> TimeWindows,
    double ServiceTime,
    IReadOnlyList<int> Classes,
    IReadOnlyList<int> RequiredPermits,
    double? SkipPenalty);

/// <summary>Square distance and duration matrices over the problem's locations (row-major).</summary>
public sealed class TravelMatrix
{
    public TravelMatrix(int size, double[] distance, double[] duration)
    {
        ArgumentNullException.ThrowIfNull(distance);
        ArgumentNullException.ThrowIfNull(duration);
        if (size < 0 || distance.Length != size * size || duration.Length != size * size)
        {
            throw new ArgumentException($"Matrices must be {size}x{size}.", nameof(distance));
        }

        Size = size;
        Distance = distance;
        Duration = duration;
    }

    public int Size { get; }

    internal double[] Distance { get; }

    internal double[] Duration { get; }

    public double DistanceAt(int from, int to) => Distance[(from * Size) + to];

    public double DurationAt(int from, int to) => Duration[(from * Size) + to];
}

/// <summary>A complete routing problem.</summary>
public sealed record RoutingProblem(
    string Name,
    IReadOnlyList<Location> Locations,
    IReadOnlyList<Depot> Depots,
    IReadOnlyList<VehicleType> VehicleTypes,
    IReadOnlyList<Stop> Stops,
    int Dimensions,
    IReadOnlyList<(int A, int B)> IncompatibleClasses,
    TravelMatrix Travel,
    DistanceConvention Convention,
    RoutingObjective DefaultObjective)
{
    /// <summary>Checks references and ranges; returns one message per problem found (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Travel.Size != Locations.Count)
        {
            errors.Add($"travel: matrix size {Travel.Size} does not match {Locations.Count} locations");
        }

        if (Dimensions < 1 || Dimensions > 8)
        {
            errors.Add("dimensions: must be between 1 and 8");
        }

        for (var i = 0; i < Depots.Count; i++)
        {
            var d = Depots[i];
            if (d.Location < 0 || d.Location >= Locations.Count)
            {
                errors.Add($"depots[{i}].location: {d.Location} is not a location index");
            }

            if (d.Hours.Close < d.Hours.Open)
            {
                errors.Add($"depots[{i}].hours: close before open");
            }
        }

        var fleet = 0L;
        for (var i = 0; i < VehicleTypes.Count; i++)
        {
            var v = VehicleTypes[i];
            fleet += v.Count;
            if (v.Count < 0)
            {
                errors.Add($"vehicleTypes[{i}].count: must not be negative");
            }

            if (v.StartDepot < 0 || v.StartDepot >= Depots.Count || v.EndDepot < 0 || v.EndDepot >= Depots.Count)
            {
                errors.Add($"vehicleTypes[{i}]: start/end depot out of range");
            }

            if (v.Compartments.Count == 0 || v.Compartments.Count > 8)
            {
                errors.Add($"vehicleTypes[{i}].compartments: between 1 and 8 required");
            }

            foreach (var c in v.Compartments)
            {
                if (c.Capacity.Count != Dimensions)
                {
                    errors.Add($"vehicleTypes[{i}].compartments: capacity needs {Dimensions} values");
                }

                if (c.AllowedClasses.Any(x => x is < 0 or > 63))
                {
                    errors.Add($"vehicleTypes[{i}].compartments: classes must be 0..63");
                }
            }

            if (v.Permits.Any(x => x is < 0 or > 63))
            {
                errors.Add($"vehicleTypes[{i}].permits: must be 0..63");
            }

            if (v.Shift.Close < v.Shift.Open)
            {
                errors.Add($"vehicleTypes[{i}].shift: close before open");
            }

            if (v.MaxDuration <= 0 || v.FixedCost < 0)
            {
                errors.Add($"vehicleTypes[{i}]: maxDuration must be positive and fixedCost non-negative");
            }
        }

        if (fleet == 0 && Stops.Count > 0)
        {
            errors.Add("vehicleTypes: no vehicles");
        }

        for (var i = 0; i < Stops.Count; i++)
        {
            var s = Stops[i];
            if (s.Location < 0 || s.Location >= Locations.Count)
            {
                errors.Add($"stops[{i}].location: {s.Location} is not a location index");
            }

            if (s.Demand.Count != Dimensions || s.Demand.Any(x => x < 0 || double.IsNaN(x)))
            {
                errors.Add($"stops[{i}].demand: needs {Dimensions} non-negative values");
            }

            if (s.TimeWindows.Any(w => w.Close < w.Open))
            {
                errors.Add($"stops[{i}].timeWindows: close before open");
            }

            for (var w = 1; w < s.TimeWindows.Count; w++)
            {
                if (s.TimeWindows[w].Open < s.TimeWindows[w - 1].Close)
                {
                    errors.Add($"stops[{i}].timeWindows: must be sorted and disjoint");
                }
            }

            if (s.ServiceTime < 0)
            {
                errors.Add($"stops[{i}].serviceTime: must not be negative");
            }

            if (s.Classes.Any(x => x is < 0 or > 63) || s.RequiredPermits.Any(x => x is < 0 or > 63))
            {
                errors.Add($"stops[{i}]: classes and permits must be 0..63");
            }

            if (s.SkipPenalty is < 0)
            {
                errors.Add($"stops[{i}].skipPenalty: must not be negative");
            }
        }

        foreach (var (a, b) in IncompatibleClasses)
        {
            if (a is < 0 or > 63 || b is < 0 or > 63)
            {
                errors.Add("incompatibleClasses: classes must be 0..63");
            }
        }

        return errors;
    }
}

/// <summary>One vehicle's route: stop indices into <see cref="RoutingProblem.Stops"/> in visiting order.</summary>
public sealed record PlannedRoute(int VehicleType, IReadOnlyList<int> Stops);

/// <summary>A solution: routes (one per used vehicle) and the stops left out.</summary>
public sealed record RoutingSolution(IReadOnlyList<PlannedRoute> Routes, IReadOnlyList<int> Skipped);
