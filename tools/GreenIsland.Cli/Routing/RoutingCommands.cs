using System.CommandLine;
using System.Globalization;
using System.Text;
using GreenIsland.Routing;
using GreenIsland.Routing.Formats;

namespace GreenIsland.Cli.Routing;

/// <summary>The routing commands: <c>solve</c> one instance, <c>bench</c> a folder against bks.csv.</summary>
internal static class RoutingCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Solve()
    {
        var path = new Argument<string>("path") { Description = "Instance file (.vrp CVRPLIB, .txt Solomon/Gehring-Homberger, .json)" };
        var seconds = new Option<double>("--seconds") { Description = "Time limit in seconds", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var objective = ObjectiveOption();
        var threads = new Option<int>("--threads") { Description = "Independent parallel runs (default 1)", DefaultValueFactory = _ => 1 };
        var iterations = new Option<long?>("--iterations") { Description = "Iteration budget (deterministic); time limit still applies" };
        var cmd = new Command("solve", "Solve a routing instance and print the routes in CVRPLIB solution format") { path, seconds, seed, objective, threads, iterations };
        cmd.SetAction(pr => Guarded(() =>
        {
            var (problem, format) = ProblemFiles.Load(pr.GetValue(path)!);
            var result = RoutingSolver.Solve(problem, new SolverOptions
            {
                Objective = ParseObjective(pr.GetValue(objective)),
                Seed = pr.GetValue(seed),
                TimeLimit = TimeSpan.FromSeconds(pr.GetValue(seconds)),
                MaxIterations = pr.GetValue(iterations),
                Threads = pr.GetValue(threads),
                Progress = new Progress<SolverProgress>(p => Console.Error.WriteLine(
                    string.Create(Inv, $"[{p.ElapsedSeconds,7:0.00}s] it {p.Iteration,8} vehicles {p.Vehicles,3} cost {p.Cost:0.00}"))),
            });
            Console.Out.Write(FormatSolution(problem, format, result.Solution, result.Check));
            Console.Error.WriteLine(string.Create(Inv,
                $"{problem.Name}: vehicles {result.Check.Vehicles}, cost {result.Check.Cost:0.00}, feasible {result.Check.Feasible}, iterations {result.Iterations}, first feasible {result.SecondsToFirstFeasible:0.00}s, best at {result.SecondsToBest:0.00}s"));
            foreach (var v in result.Check.Violations)
            {
                Console.Error.WriteLine("violation: " + v);
            }

            return result.Check.Feasible ? 0 : 2;
        }));
        return cmd;
    }

    public static Command Bench()
    {
        var set = new Option<string>("--set") { Description = "Folder of instances (e.g. ../shared/data/vrp/solomon)", Required = true };
        var seconds = new Option<double>("--seconds") { Description = "Time limit per instance and seed", DefaultValueFactory = _ => 10 };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per instance (1..N)", DefaultValueFactory = _ => 1 };
        var objective = ObjectiveOption();
        var bks = new Option<string?>("--bks") { Description = "bks.csv (default: the folder's parent/bks.csv)" };
        var output = new Option<string?>("--out") { Description = "Per-run CSV output (default bench/routing/<set>-<objective>.csv)" };
        var maxN = new Option<int>("--max-n") { Description = "Skip instances with more customers", DefaultValueFactory = _ => int.MaxValue };
        var secondsPerCustomer = new Option<double>("--seconds-per-customer") { Description = "If > 0, time limit = this x n (overrides --seconds)" };
        var fleetFromBks = new Option<bool>("--fleet-from-bks") { Description = "Limit a single-type fleet to the BKS vehicle count (the convention of the classic CVRPLIB optima)" };
        var cmd = new Command("bench", "Run every instance of a folder against bks.csv, check each solution, write CSV and a summary")
        {
            set, seconds, seeds, objective, bks, output, maxN, secondsPerCustomer, fleetFromBks,
        };
        cmd.SetAction(pr => Guarded(() => RoutingBench.Run(
            pr.GetValue(set)!, pr.GetValue(seconds), pr.GetValue(seeds), ParseObjective(pr.GetValue(objective)),
            pr.GetValue(bks), pr.GetValue(output), pr.GetValue(maxN), pr.GetValue(secondsPerCustomer), pr.GetValue(fleetFromBks))));
        return cmd;
    }

    /// <summary>Bad input (missing file, malformed instance, invalid option) gets one clear line and exit code 1.</summary>
    private static int Guarded(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    internal static RoutingObjective? ParseObjective(string? value) => value switch
    {
        null or "" => null,
        "distance" => RoutingObjective.Distance,
        "vehicles-then-distance" => RoutingObjective.VehiclesThenDistance,
        _ => throw new ArgumentException($"--objective: '{value}' is not 'distance' or 'vehicles-then-distance'"),
    };

    internal static string FormatSolution(RoutingProblem problem, ProblemFormat format, RoutingSolution solution, CheckResult check)
    {
        var sb = new StringBuilder();
        var i = 1;
        foreach (var route in solution.Routes.Where(r => r.Stops.Count > 0))
        {
            sb.Append(Inv, $"Route #{i++}:");
            foreach (var s in route.Stops)
            {
                sb.Append(' ').Append(problem.Stops[s].Id);
            }

            sb.Append('\n');
        }

        sb.Append(format == ProblemFormat.Cvrplib
            ? string.Create(Inv, $"Cost {Math.Round(check.Cost):0}\n")
            : string.Create(Inv, $"Cost {check.Cost:0.00}\n"));
        return sb.ToString();
    }

    private static Option<string?> ObjectiveOption() => new("--objective")
    {
        Description = "distance | vehicles-then-distance (default: vehicles-then-distance for Solomon/GH and JSON, distance for CVRPLIB)",
    };
}
