using GreenIsland.Routing;
using GreenIsland.Waste.Domain.Dispatch;

namespace GreenIsland.Waste.Tests.Logistics;

public sealed class DispatchProblemTests
{
    private const double DepotLat = 31.70;
    private const double DepotLon = 120.00;
    private static readonly SolverOptions Budget = new() { MaxIterations = 300, Seed = 7 };

    [Fact]
    public void Solve_PutsEveryRequestOnATrip_WhenTheFleetCanCarryIt()
    {
        var vehicle = Vehicle(capacityKg: 1_000, categories: [8, 49]);
        var requests = Enumerable.Range(0, 6).Select(i => Request(31.70 + (i * 0.01), 120.01, 100, category: 49, group: 1)).ToList();
        var problem = DispatchProblem.Build([vehicle], DispatchProblem.StopsFor(requests, IncompatibleGroups.None), IncompatibleGroups.None, new DispatchSettings());

        var plan = problem.Solve(Budget, CancellationToken.None);

        Assert.True(plan.Feasible, string.Join("; ", plan.Violations));
        Assert.Empty(plan.Unplanned);
        Assert.Equal(6, Assert.Single(plan.Trips).Stops.Count);
        Assert.Equal(600, plan.Trips[0].LoadKg);
    }

    [Fact]
    public void Solve_LeavesOutARequestWhoseCategoryNoPermitCovers_AndSaysWhy()
    {
        var vehicle = Vehicle(capacityKg: 1_000, categories: [49]);
        var requests = new[] { Request(31.71, 120.01, 100, category: 49, group: 1), Request(31.72, 120.01, 100, category: 8, group: 1) };
        var problem = DispatchProblem.Build([vehicle], DispatchProblem.StopsFor(requests, IncompatibleGroups.None), IncompatibleGroups.None, new DispatchSettings());

        var plan = problem.Solve(Budget, CancellationToken.None);

        var unplanned = Assert.Single(plan.Unplanned);
        Assert.Equal(requests[1].RequestId, unplanned.Stop.RequestId);
        Assert.Contains("permit", unplanned.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_SplitsTheDayWhenOneVehicleIsTooSmall()
    {
        var vehicles = new[] { Vehicle(capacityKg: 300, categories: [49]), Vehicle(capacityKg: 300, categories: [49]) };
        var requests = Enumerable.Range(0, 4).Select(i => Request(31.70 + (i * 0.01), 120.02, 150, category: 49, group: 1)).ToList();
        var problem = DispatchProblem.Build(vehicles, DispatchProblem.StopsFor(requests, IncompatibleGroups.None), IncompatibleGroups.None, new DispatchSettings());

        var plan = problem.Solve(Budget, CancellationToken.None);

        Assert.True(plan.Feasible);
        Assert.True(plan.Trips.Count == 2, $"trips {plan.Trips.Count}: loads {string.Join(",", plan.Trips.Select(t => t.LoadKg))}; unplanned {plan.Unplanned.Count}: {string.Join(";", plan.Unplanned.Select(u => u.Reason))}; violations {string.Join(";", plan.Violations)}");
        Assert.All(plan.Trips, t => Assert.True(t.LoadKg <= 300));
    }

    [Fact]
    public void Solve_ServesStopsInsideTheirOpeningHours()
    {
        var vehicle = Vehicle(capacityKg: 1_000, categories: [49]);
        var afternoon = new[] { new OpeningInterval(new TimeOnly(14, 0), new TimeOnly(16, 0)) };
        var requests = new[] { Request(31.71, 120.01, 100, category: 49, group: 1, hours: afternoon) };
        var problem = DispatchProblem.Build([vehicle], DispatchProblem.StopsFor(requests, IncompatibleGroups.None), IncompatibleGroups.None, new DispatchSettings());

        var plan = problem.Solve(Budget, CancellationToken.None);

        var stop = Assert.Single(Assert.Single(plan.Trips).Stops);
        Assert.InRange(stop.ServiceStart, new TimeOnly(14, 0), new TimeOnly(16, 0));
    }

    [Fact]
    public void StopsFor_SplitsARequestWhoseGroupsMayNotShareACompartment()
    {
        var incompatible = new IncompatibleGroups([(1, 2)]);
        var request = new DispatchRequest(Guid.NewGuid(), Guid.NewGuid(), 31.71, 120.01,
            [new DispatchLoad(34, 1, 50), new DispatchLoad(35, 2, 40), new DispatchLoad(49, 1, 10)], []);

        var stops = DispatchProblem.StopsFor([request], incompatible);

        Assert.Equal(2, stops.Count);
        Assert.Equal([40m, 60m], stops.Select(s => s.EstimatedKg).Order());
        Assert.All(stops, s => Assert.Equal(request.RequestId, s.RequestId));
        Assert.Equal(2, stops.Select(s => s.Key).Distinct().Count());
    }

    [Fact]
    public void Describe_AnAdjustedPlanThatOverloadsAVehicle_ReportsTheViolationByPlate()
    {
        var small = Vehicle(capacityKg: 150, categories: [49], plate: "苏E00001");
        var big = Vehicle(capacityKg: 1_000, categories: [49], plate: "苏E00002");
        var requests = new[] { Request(31.71, 120.01, 100, 49, 1), Request(31.72, 120.01, 100, 49, 1) };
        var problem = DispatchProblem.Build([small, big], DispatchProblem.StopsFor(requests, IncompatibleGroups.None), IncompatibleGroups.None, new DispatchSettings());

        var plan = problem.Describe(problem.ToSolution([(small.Id, [requests[0].RequestId, requests[1].RequestId])]));

        Assert.False(plan.Feasible);
        Assert.Contains(plan.Violations, v => v.Contains("苏E00001", StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_IncompatibleGroupsInOneCompartment_IsInfeasible()
    {
        var incompatible = new IncompatibleGroups([(1, 2)]);
        var vehicle = Vehicle(capacityKg: 1_000, categories: [34, 35]);
        var requests = new[] { Request(31.71, 120.01, 100, 34, 1), Request(31.72, 120.01, 100, 35, 2) };
        var problem = DispatchProblem.Build([vehicle], DispatchProblem.StopsFor(requests, incompatible), incompatible, new DispatchSettings());

        var forced = problem.Describe(problem.ToSolution([(vehicle.Id, [requests[0].RequestId, requests[1].RequestId])]));
        var solved = problem.Solve(Budget, CancellationToken.None);

        Assert.False(forced.Feasible);
        Assert.Single(solved.Unplanned);
    }

    [Fact]
    public void Solve_UsesSeparateCompartmentsForIncompatibleGroups()
    {
        var incompatible = new IncompatibleGroups([(1, 2)]);
        var vehicle = Vehicle(capacityKg: 1_000, categories: [34, 35]) with
        {
            Compartments = [new DispatchCompartment(500, [1]), new DispatchCompartment(500, [2])],
        };
        var requests = new[] { Request(31.71, 120.01, 100, 34, 1), Request(31.72, 120.01, 100, 35, 2) };
        var problem = DispatchProblem.Build([vehicle], DispatchProblem.StopsFor(requests, incompatible), incompatible, new DispatchSettings());

        var plan = problem.Solve(Budget, CancellationToken.None);

        Assert.True(plan.Feasible);
        Assert.Empty(plan.Unplanned);
        Assert.Equal(2, Assert.Single(plan.Trips).Stops.Count);
    }

    private static DispatchVehicle Vehicle(decimal capacityKg, int[] categories, string plate = "苏E12345") =>
        new(Guid.NewGuid(), plate, capacityKg, [], categories, new TimeOnly(8, 0), new TimeOnly(17, 0), DepotLat, DepotLon);

    private static DispatchRequest Request(double lat, double lon, decimal kg, int category, int group, OpeningInterval[]? hours = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), lat, lon, [new DispatchLoad(category, group, kg)], hours ?? []);
}
