using GreenIsland.Routing.Formats;

namespace GreenIsland.Routing.Tests;

public sealed class ReaderTests
{
    private const string Solomon = "TINY1\n\nVEHICLE\nNUMBER     CAPACITY\n  3         50\n\nCUSTOMER\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n \n    0      0         0          0          0       500          0\n    1      3         4         10         10        50         5\n    2      6         8         20          0       300        10\n";

    private const string Cvrp = "NAME : tiny-n3-k1\nCOMMENT : (a comment : with colons, Optimal value: 1)\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EUC_2D\nCAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 3 4\n3 6 8\nDEMAND_SECTION\n1 0\n2 4\n3 5\nDEPOT_SECTION\n 1\n -1\nEOF\n";

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Solomon_ParsesFleetCustomersAndWindows_ForLfAndCrlf(string newline)
    {
        var p = SolomonReader.Parse(Solomon.Replace("\n", newline, StringComparison.Ordinal).Replace("      ", "\t", StringComparison.Ordinal));

        Assert.Equal("TINY1", p.Name);
        Assert.Equal(3, p.VehicleTypes[0].Count);
        Assert.Equal(50, p.VehicleTypes[0].Compartments[0].Capacity[0]);
        Assert.Equal(new TimeWindow(0, 500), p.Depots[0].Hours);
        Assert.Equal(2, p.Stops.Count);
        Assert.Equal("2", p.Stops[1].Id);
        Assert.Equal([new TimeWindow(0, 300)], p.Stops[1].TimeWindows);
        Assert.Equal(10, p.Stops[1].ServiceTime);
        Assert.Equal(5.0, p.Travel.DistanceAt(0, 1), 12);
        Assert.Equal(RoutingObjective.VehiclesThenDistance, p.DefaultObjective);
        Assert.Equal(DistanceConvention.EuclideanExact, p.Convention);
    }

    [Theory]
    [InlineData("\n", " ")]
    [InlineData("\r\n", "\t")]
    public void Cvrplib_ParsesHeaderSectionsAndRoundsEdges_ForCrlfAndTabs(string newline, string space)
    {
        var text = Cvrp.Replace(" ", space, StringComparison.Ordinal).Replace("\n", newline, StringComparison.Ordinal);
        var p = CvrplibReader.Parse(text);

        Assert.Equal("tiny-n3-k1", p.Name);
        Assert.Equal(2, p.Stops.Count);
        Assert.Equal(["1", "2"], p.Stops.Select(s => s.Id));
        Assert.Equal(10, p.VehicleTypes[0].Compartments[0].Capacity[0]);
        Assert.Equal(5, p.Stops[1].Demand[0]);
        Assert.Equal(10, p.Travel.DistanceAt(0, 2));
        Assert.Equal(RoutingObjective.Distance, p.DefaultObjective);
    }

    [Fact]
    public void Cvrplib_RejectsUnsupportedWeightTypeAndMissingSections()
    {
        Assert.Throws<FormatException>(() => CvrplibReader.Parse(Cvrp.Replace("EUC_2D", "GEO", StringComparison.Ordinal)));
        Assert.Throws<FormatException>(() => CvrplibReader.Parse(Cvrp[..Cvrp.IndexOf("DEMAND_SECTION", StringComparison.Ordinal)]));
    }

    [Fact]
    public void RealFiles_AreReadWithTheRightSizes()
    {
        var (x, fx) = ProblemFiles.Load(TestData.Vrp("cvrplib-x/X-n101-k25.vrp"));
        var (c, fc) = ProblemFiles.Load(TestData.Vrp("solomon/C101.txt"));
        var (g, _) = ProblemFiles.Load(TestData.Vrp("gh200/c1_2_1.txt"));

        Assert.Equal((ProblemFormat.Cvrplib, 100, 206.0), (fx, x.Stops.Count, x.VehicleTypes[0].Compartments[0].Capacity[0]));
        Assert.Equal((ProblemFormat.Solomon, 100, 25), (fc, c.Stops.Count, c.VehicleTypes[0].Count));
        Assert.Equal(200, g.Stops.Count);
    }

    [Fact]
    public void Json_RoundTripsAllConstraintFields()
    {
        var locations = new List<Location> { new(121.47, 31.23), new(121.48, 31.24), new(121.50, 31.20) };
        var problem = new RoutingProblem(
            "day", locations, [new Depot("depot", 0, new TimeWindow(0, 86400))],
            [new VehicleType("truck", 2, 0, 0, [new Compartment([1000, 5], [0]), new Compartment([500, 2], [1, 2])], [3], new TimeWindow(28800, 61200), 28800, 150)],
            [
                new Stop("a", 1, [10, 1], [new TimeWindow(30000, 36000), new TimeWindow(50000, 54000)], 600, [0], [3], null),
                new Stop("b", 2, [20, 0.5], [], 300, [1], [], 5000),
            ],
            2, [(0, 1)], new GreatCircleMatrixProvider(1.3, 25).Build(locations), DistanceConvention.Matrix, RoutingObjective.VehiclesThenDistance);

        var back = JsonProblemReader.Parse(JsonProblemReader.Write(problem, includeMatrix: false));

        Assert.Equal(problem.Stops.Count, back.Stops.Count);
        Assert.Equal(problem.Stops[0].TimeWindows, back.Stops[0].TimeWindows);
        Assert.Equal(problem.Stops[1].SkipPenalty, back.Stops[1].SkipPenalty);
        Assert.Equal(problem.Stops[0].RequiredPermits, back.Stops[0].RequiredPermits);
        Assert.Equal(problem.VehicleTypes[0].Compartments[1].AllowedClasses, back.VehicleTypes[0].Compartments[1].AllowedClasses);
        Assert.Equal(problem.VehicleTypes[0].MaxDuration, back.VehicleTypes[0].MaxDuration);
        Assert.Equal(problem.IncompatibleClasses, back.IncompatibleClasses);
        Assert.Equal(problem.Travel.DistanceAt(1, 2), back.Travel.DistanceAt(1, 2));
    }

    [Fact]
    public void Json_ReportsTheFieldThatIsWrong()
    {
        var ex = Assert.Throws<FormatException>(() => JsonProblemReader.Parse(
            """{"depots":[{"lon":0,"lat":0}],"vehicleTypes":[{"count":1,"compartments":[{"capacity":[10]}]}],"stops":[{"lon":0.01,"lat":0,"demand":[1],"timeWindows":[[5]]}]}"""));
        Assert.Contains("stops[0].timeWindows[0]", ex.Message, StringComparison.Ordinal);

        var ex2 = Assert.Throws<FormatException>(() => JsonProblemReader.Parse(
            """{"depots":[{"lon":0,"lat":0}],"vehicleTypes":[{"count":1,"compartments":[{"capacity":[10]}]}],"stops":[{"lon":0.01,"lat":0,"demand":[-1]}]}"""));
        Assert.Contains("stops[0].demand", ex2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ExplicitMatrix_IsUsedAsGiven_AndItsSizeIsChecked()
    {
        const string Good = """
            {"depots":[{"lon":0,"lat":0}],"vehicleTypes":[{"count":1,"compartments":[{"capacity":[10]}]}],
             "stops":[{"lon":1,"lat":1,"demand":[1]}],
             "matrix":{"distance":[[0,7],[9,0]],"duration":[[0,70],[90,0]]}}
            """;
        var p = JsonProblemReader.Parse(Good);
        var result = RoutingSolver.Solve(p, new SolverOptions { MaxIterations = 5 }, TestContext.Current.CancellationToken);

        Assert.Equal(DistanceConvention.Matrix, p.Convention);
        Assert.Equal(90, p.Travel.DurationAt(1, 0));
        Assert.Equal(16, result.Check.Cost);

        var ex = Assert.Throws<FormatException>(() => JsonProblemReader.Parse(Good.Replace("[[0,7],[9,0]]", "[[0,7]]", StringComparison.Ordinal)));
        Assert.Contains("matrix", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GreatCircle_MatchesAKnownDistanceWithDetourAndSpeed()
    {
        // Beijing (116.4074, 39.9042) to Shanghai (121.4737, 31.2304): about 1067 km great-circle.
        var m = new GreatCircleMatrixProvider(detourFactor: 1.0, averageSpeedKmh: 36).Build([new(116.4074, 39.9042), new(121.4737, 31.2304)]);
        Assert.InRange(m.DistanceAt(0, 1), 1_060_000, 1_075_000);
        Assert.Equal(Math.Round(m.DistanceAt(0, 1) / 10), m.DurationAt(0, 1));
    }
}
