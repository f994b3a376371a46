using GreenIsland.Routing.Engine;

namespace GreenIsland.Routing;

/// <summary>Progress report: a new best feasible solution was found.</summary>
public sealed record SolverProgress(double ElapsedSeconds, long Iteration, double Cost, int Vehicles);

/// <summary>Solver options. Give a time limit, an iteration budget (deterministic), or both.</summary>
public sealed record SolverOptions
{
    public RoutingObjective? Objective { get; init; }

    public ulong Seed { get; init; } = 1;

    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Ruin-and-recreate iterations per thread; with no time limit the result depends only on the seed.</summary>
    public long? MaxIterations { get; init; }

    /// <summary>Independent runs in parallel (seeds Seed, Seed+1, ...); the best is returned. Default 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Neighbours per stop considered by moves and insertions.</summary>
    public int Granularity { get; init; } = 30;

    public IProgress<SolverProgress>? Progress { get; init; }
}

/// <summary>What the solver returns: the best solution, its independent check, and run statistics.</summary>
public sealed record SolveResult(
    RoutingSolution Solution,
    CheckResult Check,
    RoutingObjective Objective,
    long Iterations,
    double SecondsToFirstFeasible,
    double SecondsToBest);

/// <summary>Entry point of the routing engine.</summary>
public static class RoutingSolver
{
    /// <summary>Solves the problem; returns the best solution found when the limit or the cancellation fires.</summary>
    public static SolveResult Solve(RoutingProblem problem, SolverOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var errors = problem.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid routing problem: " + string.Join("; ", errors), nameof(problem));
        }

        if (options.TimeLimit is null && options.MaxIterations is null && !cancellationToken.CanBeCanceled)
        {
            throw new ArgumentException("Give a time limit, an iteration budget or a cancellable token.", nameof(options));
        }

        var instance = new Instance(problem, Math.Max(5, options.Granularity));
        for (var s = instance.D; s < instance.N; s++)
        {
            if (!instance.Optional[s] && !Enumerable.Range(0, instance.Types.Length).Any(t => instance.Types[t].Count > 0 && instance.CanServe[(t * instance.N) + s]))
            {
                throw new ArgumentException($"Invalid routing problem: stops[{s - instance.D}] ({problem.Stops[s - instance.D].Id}) is mandatory but no vehicle type can serve it (classes, compartments or permits).", nameof(problem));
            }
        }

        var objective = options.Objective ?? problem.DefaultObjective;
        var progress = options.Progress;
        var gate = new object();
        var settings = new SolverSettings(
            objective,
            options.TimeLimit?.TotalSeconds,
            options.MaxIterations,
            progress is null ? null : p =>
            {
                lock (gate)
                {
                    progress.Report(p);
                }
            });
        var threads = Math.Max(1, options.Threads);
        var results = new SearchResult[threads];
        if (threads == 1)
        {
            results[0] = new Search(instance, settings, options.Seed, cancellationToken).Run();
        }
        else
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
                results[i] = new Search(instance, settings, options.Seed + (ulong)i, cancellationToken).Run());
        }

        var best = results[0];
        foreach (var r in results.Skip(1))
        {
            if (Better(r, best, objective))
            {
                best = r;
            }
        }

        var solution = new RoutingSolution(
            best.Routes.Select(r => new PlannedRoute(r.Type, r.Stops.Select(n => n - instance.D).ToArray())).ToArray(),
            best.Skipped.Select(n => n - instance.D).ToArray());
        return new SolveResult(
            solution,
            SolutionChecker.Check(problem, solution),
            objective,
            results.Sum(r => r.Iterations),
            best.SecondsToFirstFeasible,
            best.SecondsToBest);
    }

    private static bool Better(SearchResult a, SearchResult b, RoutingObjective objective)
    {
        if (a.Feasible != b.Feasible)
        {
            return a.Feasible;
        }

        if (objective == RoutingObjective.VehiclesThenDistance && a.Vehicles != b.Vehicles)
        {
            return a.Vehicles < b.Vehicles;
        }

        return a.Cost < b.Cost - 1e-9;
    }
}
