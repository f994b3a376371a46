
namespace GreenIsland.Routing.Tests;

internal static class TestData
{
    private static readonly Lazy<string> RepoRoot = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GreenIsland.slnx")))
        {
            dir = dir.Parent;
        }

        return (dir ?? throw new InvalidOperationException("repository root (GreenIsland.slnx) not found")).FullName;
    });

    public static string Vrp(string relative) => Path.GetFullPath(Path.Combine(RepoRoot.Value, "..", "shared", "data", "vrp", relative));

    public static string RepoFile(string relative) => Path.Combine(RepoRoot.Value, relative);

    /// <summary>A planar single-depot problem with one vehicle type; coordinates: depot first, then stops.</summary>
    public static RoutingProblem Planar(
        (double X, double Y) depot,
        IReadOnlyList<Stop> stops,
        IReadOnlyList<(double X, double Y)> stopXy,
        IReadOnlyList<VehicleType> types,
        IReadOnlyList<(int, int)>? incompatible = null,
        int dimensions = 1,
        RoutingObjective objective = RoutingObjective.Distance,
        TimeWindow? depotHours = null)
    {
        var locations = new List<Location> { new(depot.X, depot.Y) };
        locations.AddRange(stopXy.Select(p => new Location(p.X, p.Y)));
        return new RoutingProblem(
            "test", locations, [new Depot("d", 0, depotHours ?? new TimeWindow(0, double.PositiveInfinity))], types, stops, dimensions,
            incompatible ?? [], new EuclideanMatrixProvider(false).Build(locations), DistanceConvention.EuclideanExact, objective);
    }

    public static VehicleType Vehicle(
        string id, int count, double capacity, IReadOnlyList<Compartment>? compartments = null, IReadOnlyList<int>? permits = null,
        double fixedCost = 0, double maxDuration = double.PositiveInfinity, TimeWindow? shift = null) =>
        new(id, count, 0, 0, compartments ?? [new Compartment([capacity], [])], permits ?? [],
            shift ?? new TimeWindow(0, double.PositiveInfinity), maxDuration, fixedCost);

    public static Stop StopAt(
        int index, double demand = 1, IReadOnlyList<TimeWindow>? windows = null, double service = 0, IReadOnlyList<int>? classes = null,
        IReadOnlyList<int>? permits = null, double? skipPenalty = null) =>
        new($"s{index}", index + 1, [demand], windows ?? [], service, classes ?? [], permits ?? [], skipPenalty);

    public static SolveResult SolveIterations(RoutingProblem problem, long iterations, ulong seed = 1, RoutingObjective? objective = null) =>
        RoutingSolver.Solve(problem, new SolverOptions { MaxIterations = iterations, Seed = seed, Objective = objective });
}
