using static GreenIsland.Routing.Tests.TestData;

namespace GreenIsland.Routing.Tests;

public sealed class CheckerTests
{
    // Depot at origin; stops on a 3-4-5 grid so distances are exact.
    private static RoutingProblem Problem(
        IReadOnlyList<VehicleType>? types = null, IReadOnlyList<Stop>? stops = null, IReadOnlyList<(int, int)>? incompatible = null) =>
        Planar((0, 0), stops ?? [StopAt(0, 4), StopAt(1, 4), StopAt(2, 4)], [(3, 4), (6, 8), (0, 5)],
            types ?? [Vehicle("v", 2, 10)], incompatible);

    [Fact]
    public void FeasibleSolution_HasRecomputedDistance()
    {
        var check = SolutionChecker.Check(Problem(), new RoutingSolution([new PlannedRoute(0, [0, 1]), new PlannedRoute(0, [2])], []));

        Assert.True(check.Feasible, string.Join("; ", check.Violations));
        Assert.Equal(5 + 5 + 10 + 10, check.Distance, 9);
        Assert.Equal(2, check.Vehicles);
    }

    [Fact]
    public void Capacity_Overload_IsReported()
    {
        var check = SolutionChecker.Check(Problem(), new RoutingSolution([new PlannedRoute(0, [0, 1, 2])], []));
        Assert.False(check.Feasible);
        Assert.Contains(check.Violations, v => v.Contains("exceeds", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingDuplicateAndTooManyVehicles_AreReported()
    {
        var missing = SolutionChecker.Check(Problem(), new RoutingSolution([new PlannedRoute(0, [0, 1])], []));
        var duplicate = SolutionChecker.Check(Problem(), new RoutingSolution([new PlannedRoute(0, [0, 1]), new PlannedRoute(0, [2, 0])], []));
        var fleet = SolutionChecker.Check(Problem(types: [Vehicle("v", 1, 100)]), new RoutingSolution([new PlannedRoute(0, [0, 1]), new PlannedRoute(0, [2])], []));

        Assert.Contains(missing.Violations, v => v.Contains("mandatory", StringComparison.Ordinal));
        Assert.Contains(duplicate.Violations, v => v.Contains("visited 2 times", StringComparison.Ordinal));
        Assert.Contains(fleet.Violations, v => v.Contains("only 1 vehicles", StringComparison.Ordinal));
    }

    [Fact]
    public void TimeWindows_LateArrivalIsInfeasible_WaitingIsAllowed()
    {
        var stops = new[] { StopAt(0, 1, [new TimeWindow(20, 30)]), StopAt(1, 1, [new TimeWindow(0, 12)]) };
        var p = Problem(types: [Vehicle("v", 1, 10)], stops: stops);

        // 0 -> s0 arrive 5, wait to 20, -> s1 arrive 25 > 12: late.
        var late = SolutionChecker.Check(p, new RoutingSolution([new PlannedRoute(0, [0, 1])], []));
        // 0 -> s1 (10, in [0,12]) -> s0 (15, wait to 20): fine.
        var ok = SolutionChecker.Check(p, new RoutingSolution([new PlannedRoute(0, [1, 0])], []));

        Assert.Contains(late.Violations, v => v.Contains("after its last window", StringComparison.Ordinal));
        Assert.True(ok.Feasible, string.Join("; ", ok.Violations));
    }

    [Fact]
    public void MultipleWindows_SecondWindowCanBeUsed()
    {
        var stops = new[] { StopAt(0, 1, [new TimeWindow(0, 2), new TimeWindow(40, 50)]) };
        var p = Planar((0, 0), stops, [(3, 4)], [Vehicle("v", 1, 10, shift: new TimeWindow(0, 60))]);

        var check = SolutionChecker.Check(p, new RoutingSolution([new PlannedRoute(0, [0])], []));

        Assert.True(check.Feasible, string.Join("; ", check.Violations));
    }

    [Fact]
    public void MaxDuration_UsesTheBestDepartureTime()
    {
        // Stop opens at 100; leaving at 95 gives a 10-unit route; leaving at 0 would wait 95.
        var stops = new[] { StopAt(0, 1, [new TimeWindow(100, 110)]) };
        var ok = Planar((0, 0), stops, [(3, 4)], [Vehicle("v", 1, 10, maxDuration: 10)]);
        var tooShort = Planar((0, 0), stops, [(3, 4)], [Vehicle("v", 1, 10, maxDuration: 9.5)]);
        var solution = new RoutingSolution([new PlannedRoute(0, [0])], []);

        Assert.True(SolutionChecker.Check(ok, solution).Feasible);
        Assert.Contains(SolutionChecker.Check(tooShort, solution).Violations, v => v.Contains("duration", StringComparison.Ordinal));
    }

    [Fact]
    public void Compatibility_Permits_AndCompartments_AreChecked()
    {
        var stops = new[] { StopAt(0, 1, classes: [0]), StopAt(1, 1, classes: [1], permits: [7]), StopAt(2, 1, classes: [2]) };
        var single = Problem(types: [Vehicle("v", 3, 10, permits: [7])], stops: stops, incompatible: [(0, 1)]);
        var noPermit = Problem(types: [Vehicle("v", 3, 10)], stops: stops);
        var split = Problem(
            types: [Vehicle("v", 1, 10, compartments: [new Compartment([5], [0, 2]), new Compartment([5], [1])], permits: [7])],
            stops: stops, incompatible: [(0, 1)]);
        var noCompartment = Problem(types: [Vehicle("v", 1, 10, compartments: [new Compartment([5], [0, 1])], permits: [7])], stops: stops);
        var all = new RoutingSolution([new PlannedRoute(0, [0, 1, 2])], []);

        Assert.Contains(SolutionChecker.Check(single, all).Violations, v => v.Contains("incompatible classes 0 and 1", StringComparison.Ordinal));
        Assert.Contains(SolutionChecker.Check(noPermit, all).Violations, v => v.Contains("permit 7", StringComparison.Ordinal));
        Assert.True(SolutionChecker.Check(split, all).Feasible, string.Join("; ", SolutionChecker.Check(split, all).Violations));
        Assert.Contains(SolutionChecker.Check(noCompartment, all).Violations, v => v.Contains("no compartment", StringComparison.Ordinal));
    }

    [Fact]
    public void OptionalStops_CostTheirPenaltyWhenSkipped()
    {
        var stops = new[] { StopAt(0, 1), StopAt(1, 1, skipPenalty: 7.5) };
        var p = Planar((0, 0), stops, [(3, 4), (6, 8)], [Vehicle("v", 1, 10)]);

        var skipped = SolutionChecker.Check(p, new RoutingSolution([new PlannedRoute(0, [0])], [1]));
        var unlisted = SolutionChecker.Check(p, new RoutingSolution([new PlannedRoute(0, [0])], []));

        Assert.True(skipped.Feasible);
        Assert.Equal(10 + 7.5, skipped.Cost, 9);
        Assert.Contains(unlisted.Violations, v => v.Contains("neither visited nor listed", StringComparison.Ordinal));
    }

    [Fact]
    public void CvrplibConvention_RoundsEveryEdge()
    {
        var text = "NAME : t\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n3 2 2\nDEMAND_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n1\n-1\nEOF\n";
        var p = Formats.CvrplibReader.Parse(text);

        // Edges: round(1.414)=1, round(1.414)=1, round(2.828)=3.
        Assert.Equal(5, SolutionChecker.Check(p, new RoutingSolution([new PlannedRoute(0, [0, 1])], [])).Distance);
    }
}
