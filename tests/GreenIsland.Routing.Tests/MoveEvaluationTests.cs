using GreenIsland.Routing.Engine;

namespace GreenIsland.Routing.Tests;

/// <summary>The O(1) segment evaluation against brute-force recomputation of the same node sequence.</summary>
public sealed class MoveEvaluationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void SegmentConcatenation_MatchesBruteForce_OnRandomRoutes(int seed)
    {
        var random = new Random(seed);
        var problem = RandomProblem(random, stops: 24);
        var inst = new Instance(problem, 10);
        var search = new Search(inst, new SolverSettings(RoutingObjective.Distance, null, 0, null), 1, CancellationToken.None);
        var nodes = Enumerable.Range(inst.D, inst.S).OrderBy(_ => random.Next()).ToArray();
        var slots = new[] { 0, 1, 2, 3 };
        var cut = new[] { 0, 5, 12, 18, 24 };
        for (var k = 0; k < 4; k++)
        {
            search.Assign(slots[k], nodes[cut[k]..cut[k + 1]]);
        }

        var checkedCount = 0;
        for (var trial = 0; trial < 400; trial++)
        {
            var a = search.RouteAt(slots[random.Next(4)]);
            var b = search.RouteAt(slots[random.Next(4)]);
            var la = a.Len - 2;
            var lb = b.Len - 2;
            var i = random.Next(0, la + 1);
            var j = random.Next(1, lb + 1);
            var k2 = random.Next(i + 1, Math.Max(i + 2, la + 1));
            var parts = random.Next(4) switch
            {
                0 => new[] { Search.PrefixPart(a, i), Search.NodePart(b.Nodes[j]), Search.RangePart(a, i + 1, la) },
                1 => [Search.PrefixPart(a, i), Search.RangePart(b, j, lb)],
                2 => [Search.PrefixPart(a, i), Search.RevPart(a, i + 1, Math.Min(k2, la)), Search.RangePart(a, Math.Min(k2, la) + 1, la)],
                _ => [Search.PrefixPart(a, i), Search.RangePart(b, j, Math.Min(lb, j + random.Next(3))), Search.NodePart(b.Nodes[1]), Search.RangePart(a, i + 1, la)],
            };
            var type = a.Type;
            var fast = search.Evaluate(type, parts);
            var sequence = Search.Sequence(parts);
            var brute = BruteForce(problem, inst, type, sequence);
            if (sequence.Length == 0)
            {
                Assert.Equal(0, fast.Cost);
                continue;
            }

            Assert.Equal(brute.Dist, fast.Dist, 6);
            Assert.Equal(brute.Excess, fast.Excess, 6);
            Assert.Equal(brute.Tw, fast.Tw, 6);
            if (brute.Tw < 1e-9)
            {
                Assert.Equal(brute.ExcessDur, fast.ExcessDur, 6);
            }

            var (wl, wt) = search.Weights;
            Assert.Equal(brute.Dist + problem.VehicleTypes[type].FixedCost + (wl * brute.Excess) + (wt * (brute.Tw + fast.ExcessDur)), fast.Cost, 6);
            checkedCount++;
        }

        Assert.True(checkedCount > 300);
    }

    [Fact]
    public void MultipleWindows_ExactEvaluation_MatchesChecker()
    {
        var random = new Random(7);
        var problem = RandomProblem(random, stops: 16, multiWindows: true);
        var inst = new Instance(problem, 10);
        var search = new Search(inst, new SolverSettings(RoutingObjective.Distance, null, 0, null), 1, CancellationToken.None);
        for (var trial = 0; trial < 200; trial++)
        {
            var seq = Enumerable.Range(inst.D, inst.S).OrderBy(_ => random.Next()).Take(random.Next(1, 8)).ToArray();
            search.Assign(0, seq);
            var route = search.RouteAt(0);
            var check = SolutionChecker.Check(problem, new RoutingSolution([new PlannedRoute(route.Type, seq.Select(n => n - inst.D).ToArray())], []));
            var timeViolation = check.Violations.Any(v => v.Contains("window", StringComparison.Ordinal) || v.Contains("returns", StringComparison.Ordinal));
            var durationViolation = check.Violations.Any(v => v.Contains("duration", StringComparison.Ordinal));
            Assert.Equal(timeViolation, route.Tw > 1e-7);
            if (!timeViolation && route.ExcessDur <= 1e-7)
            {
                // The solver's duration is an upper bound of the checker's minimum over departures.
                Assert.False(durationViolation);
            }
        }
    }

    internal static RoutingProblem RandomProblem(Random random, int stops, bool multiWindows = false)
    {
        var locations = new List<Location> { new(50, 50) };
        var stopList = new List<Stop>();
        for (var s = 0; s < stops; s++)
        {
            locations.Add(new Location(random.Next(100), random.Next(100)));
            var open = random.Next(0, 300);
            var windows = new List<TimeWindow> { new(open, open + random.Next(10, 80)) };
            if (multiWindows && random.Next(2) == 0)
            {
                var second = windows[0].Close + random.Next(20, 100);
                windows.Add(new TimeWindow(second, second + random.Next(10, 60)));
            }

            stopList.Add(new Stop($"s{s}", s + 1, [random.Next(1, 10), random.Next(0, 4)], random.Next(5) == 0 ? [] : windows,
                random.Next(0, 10), [random.Next(3)], [], null));
        }

        var types = new List<VehicleType>
        {
            new("small", 2, 0, 0, [new Compartment([20, 6], [])], [], new TimeWindow(0, 500), 250, 10),
            new("split", 2, 0, 0, [new Compartment([15, 4], [0, 1]), new Compartment([10, 3], [2])], [], new TimeWindow(0, 450), 300, 20),
        };
        return new RoutingProblem("random", locations, [new Depot("d", 0, new TimeWindow(0, 480))], types, stopList, 2, [],
            new EuclideanMatrixProvider(false).Build(locations), DistanceConvention.EuclideanExact, RoutingObjective.Distance);
    }

    private static (double Dist, double Excess, double Tw, double ExcessDur) BruteForce(RoutingProblem p, Instance inst, int type, int[] seq)
    {
        var vt = p.VehicleTypes[type];
        var start = Math.Max(vt.Shift.Open, p.Depots[0].Hours.Open);
        var returnBy = Math.Min(vt.Shift.Close, p.Depots[0].Hours.Close);
        var dist = 0.0;
        var prev = 0;
        var loads = new double[vt.Compartments.Count, p.Dimensions];
        foreach (var node in seq)
        {
            var stop = p.Stops[node - inst.D];
            dist += p.Travel.DistanceAt(prev, stop.Location);
            prev = stop.Location;
            var comp = Enumerable.Range(0, vt.Compartments.Count).First(c => vt.Compartments[c].AllowedClasses.Count == 0 || stop.Classes.All(vt.Compartments[c].AllowedClasses.Contains));
            for (var d = 0; d < p.Dimensions; d++)
            {
                loads[comp, d] += stop.Demand[d];
            }
        }

        dist += p.Travel.DistanceAt(prev, 0);
        var excess = 0.0;
        for (var c = 0; c < vt.Compartments.Count; c++)
        {
            for (var d = 0; d < p.Dimensions; d++)
            {
                excess += Math.Max(0, loads[c, d] - vt.Compartments[c].Capacity[d]);
            }
        }

        double Simulate(double departure, out double end)
        {
            var t = departure;
            var tw = 0.0;
            var at = 0;
            foreach (var node in seq)
            {
                var stop = p.Stops[node - inst.D];
                t += p.Travel.DurationAt(at, stop.Location);
                if (stop.TimeWindows.Count > 0)
                {
                    t = Math.Max(t, stop.TimeWindows[0].Open);
                    if (t > stop.TimeWindows[0].Close)
                    {
                        tw += t - stop.TimeWindows[0].Close;
                        t = stop.TimeWindows[0].Close;
                    }
                }

                t += stop.ServiceTime;
                at = stop.Location;
            }

            t += p.Travel.DurationAt(at, 0);
            if (t > returnBy)
            {
                tw += t - returnBy;
                t = returnBy;
            }

            end = t;
            return tw;
        }

        var tw0 = Simulate(start, out _);
        // Candidate departures: every time a stop's arrival (without waiting) would hit a window bound.
        var latest = Math.Min(vt.Shift.Close, p.Depots[0].Hours.Close);
        var candidates = new List<double> { start, latest };
        var offset = 0.0;
        var from = 0;
        foreach (var node in seq)
        {
            var stop = p.Stops[node - inst.D];
            offset += p.Travel.DurationAt(from, stop.Location);
            foreach (var w in stop.TimeWindows)
            {
                candidates.Add(w.Open - offset);
                candidates.Add(w.Close - offset);
            }

            offset += stop.ServiceTime;
            from = stop.Location;
        }

        var minDur = double.PositiveInfinity;
        foreach (var c in candidates)
        {
            var dep = Math.Clamp(c, start, latest);
            if (Simulate(dep, out var end) < 1e-9)
            {
                minDur = Math.Min(minDur, end - dep);
            }
        }

        return (dist, excess, tw0, Math.Max(0, minDur - vt.MaxDuration));
    }
}
