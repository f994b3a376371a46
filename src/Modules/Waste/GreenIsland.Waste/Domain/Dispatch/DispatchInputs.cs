namespace GreenIsland.Waste.Domain.Dispatch;

/// <summary>A compartment of a vehicle: payload in kilograms and the compatibility groups it may carry (empty = any).</summary>
internal sealed record DispatchCompartment(decimal CapacityKg, IReadOnlyList<int> AllowedGroups);

/// <summary>A vehicle as the planner sees it for one day. Times are local (site time zone) times of day.</summary>
internal sealed record DispatchVehicle(
    Guid Id,
    string Plate,
    decimal CapacityKg,
    IReadOnlyList<DispatchCompartment> Compartments,
    IReadOnlyList<int> PermittedCategories,
    TimeOnly ShiftStart,
    TimeOnly ShiftEnd,
    double DepotLatitude,
    double DepotLongitude);

/// <summary>An opening interval of a site on the planned day (local times).</summary>
internal sealed record OpeningInterval(TimeOnly Open, TimeOnly Close);

/// <summary>Part of a request's waste: one HW category (number 1-50) in one compatibility group, estimated kg.</summary>
internal sealed record DispatchLoad(int Category, int Group, decimal EstimatedKg);

/// <summary>
/// A pickup request to plan: where, what it holds, and when the site is open. No opening hours means "any time
/// within the vehicle's shift".
/// </summary>
internal sealed record DispatchRequest(
    Guid RequestId,
    Guid GeneratorOrganisationId,
    double Latitude,
    double Longitude,
    IReadOnlyList<DispatchLoad> Loads,
    IReadOnlyList<OpeningInterval> OpeningHours);

/// <summary>
/// One stop the planner routes: a request, or the part of a request in one compatibility group when its groups may
/// not share a compartment. Persisted with the trip stop so that an adjusted plan can be re-checked as it stands.
/// </summary>
internal sealed record DispatchStopSpec(
    Guid Key,
    Guid RequestId,
    Guid GeneratorOrganisationId,
    double Latitude,
    double Longitude,
    decimal EstimatedKg,
    IReadOnlyList<int> Categories,
    IReadOnlyList<int> Groups,
    IReadOnlyList<OpeningInterval> OpeningHours);

/// <summary>Planner settings (configuration <c>Waste:Dispatch:*</c>).</summary>
internal sealed record DispatchSettings
{
    /// <summary>Minutes spent at each stop (scan, weigh, sign).</summary>
    public int ServiceMinutes { get; init; } = 15;

    /// <summary>Road distance over straight-line distance.</summary>
    public double DetourFactor { get; init; } = 1.3;

    /// <summary>Average speed in town traffic.</summary>
    public double AverageSpeedKmh { get; init; } = 25;

    /// <summary>Penalty (metres) for leaving a request unplanned; large, so requests are skipped only when they cannot fit.</summary>
    public double SkipPenaltyMetres { get; init; } = 1_000_000;

    /// <summary>Cost (metres) of using one more vehicle.</summary>
    public double VehicleFixedCostMetres { get; init; } = 20_000;
}
