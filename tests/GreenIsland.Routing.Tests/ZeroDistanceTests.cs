using static GreenIsland.Routing.Tests.TestData;

namespace GreenIsland.Routing.Tests;

/// <summary>
/// Problems where distance says nothing: every site at the depot (all distances 0), or within a metre of it. The
/// penalties for overload and lateness must still outweigh a vehicle's fixed cost, or the solver settles on one
/// overloaded (or late) vehicle while another is free.
/// </summary>
public sealed class ZeroDistanceTests
{
    private const double FixedCost = 20_000; // Waste dispatch's default vehicle cost, in metres

    private static readonly ulong[] Seeds = [1, 2, 3, 4, 5];

    /// <summary>Six stops of a given demand and vehicles holding a little more than three of them: two vehicles are needed.</summary>
    private static RoutingProblem OverloadCase(double spacing, RoutingObjective objective, double demand = 2.5, double capacity = 8)
    {
        var stops = Enumerable.Range(0, 6).Select(i => StopAt(i, demand)).ToList();
        var xy = Enumerable.Range(0, 6).Select(i => (spacing * (i + 1), 0.0)).ToList();
        return Planar((0, 0), stops, xy, [Vehicle("truck", 3, capacity, fixedCost: FixedCost)], objective: objective);
    }

    [Theory]
    [InlineData(RoutingObjective.Distance, 2.5, 8)] // small containers, kg
    [InlineData(RoutingObjective.VehiclesThenDistance, 2.5, 8)]
    [InlineData(RoutingObjective.Distance, 300, 1_000)]
    [InlineData(RoutingObjective.Distance, 0.02, 0.07)] // tonnes
    public void EverySiteAtTheDepot_LoadBeyondOneVehicle_UsesASecondVehicle(RoutingObjective objective, double demand, double capacity)
    {
        var problem = OverloadCase(0, objective, demand, capacity);
        Assert.All(Enumerable.Range(0, problem.Locations.Count), i => Assert.Equal(0, problem.Travel.DistanceAt(0, i)));
        foreach (var seed in Seeds)
        {
            var result = SolveIterations(problem, 300, seed);

            Assert.True(result.Check.Feasible, $"seed {seed}: " + string.Join("; ", result.Check.Violations));
            Assert.Equal(2, result.Check.Vehicles);
            Assert.Equal(2 * FixedCost, result.Check.Cost);
            Assert.All(result.Solution.Routes, r => Assert.Equal(3, r.Stops.Count));
        }
    }

    [Fact]
    public void SitesWithinAMetreOfTheDepot_LoadBeyondOneVehicle_UsesASecondVehicle()
    {
        var problem = OverloadCase(0.001, RoutingObjective.Distance);
        foreach (var seed in Seeds)
        {
            var result = SolveIterations(problem, 300, seed);

            Assert.True(result.Check.Feasible, $"seed {seed}: " + string.Join("; ", result.Check.Violations));
            Assert.Equal(2, result.Check.Vehicles);
            Assert.InRange(result.Check.Cost, 2 * FixedCost, (2 * FixedCost) + 1);
        }
    }

    [Theory]
    [InlineData(RoutingObjective.Distance)]
    [InlineData(RoutingObjective.VehiclesThenDistance)]
    public void EverySiteAtTheDepot_ServiceTimesBeyondOneShift_UseASecondVehicle(RoutingObjective objective)
    {
        // Five stops of 20 minutes each (time in hours), a one-hour shift: at most three per vehicle, so two vehicles.
        var stops = Enumerable.Range(0, 5).Select(i => StopAt(i, 1, windows: [new TimeWindow(0, 1)], service: 1.0 / 3)).ToList();
        var xy = Enumerable.Range(0, 5).Select(_ => (0.0, 0.0)).ToList();
        var problem = Planar((0, 0), stops, xy, [Vehicle("truck", 3, 100, fixedCost: FixedCost, shift: new TimeWindow(0, 1.0001))], objective: objective);
        foreach (var seed in Seeds)
        {
            var result = SolveIterations(problem, 300, seed);

            Assert.True(result.Check.Feasible, $"seed {seed}: " + string.Join("; ", result.Check.Violations));
            Assert.Equal(2, result.Check.Vehicles);
        }
    }

    [Fact]
    public void EverySiteAtTheDepot_OptionalStopsBeyondCapacity_AreSkippedRatherThanOverloaded()
    {
        // One vehicle of 10 kg and four optional 4 kg stops: two fit, the other two are skipped at their penalty.
        var stops = Enumerable.Range(0, 4).Select(i => StopAt(i, 4, skipPenalty: 5_000)).ToList();
        var xy = Enumerable.Range(0, 4).Select(_ => (0.0, 0.0)).ToList();
        var problem = Planar((0, 0), stops, xy, [Vehicle("truck", 1, 10)]);
        foreach (var seed in Seeds)
        {
            var result = SolveIterations(problem, 300, seed);

            Assert.True(result.Check.Feasible, $"seed {seed}: " + string.Join("; ", result.Check.Violations));
            Assert.Equal(2, result.Solution.Skipped.Count);
            Assert.Equal(10_000, result.Check.Cost);
        }
    }
}
