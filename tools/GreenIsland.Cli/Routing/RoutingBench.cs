using System.Diagnostics;
using System.Globalization;
using System.Text;
using GreenIsland.Routing;
using GreenIsland.Routing.Formats;

namespace GreenIsland.Cli.Routing;

/// <summary>Benchmark runner: every instance x seed, independent check, gap to bks.csv, CSV + summary.</summary>
internal static class RoutingBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string setDir, double seconds, int seeds, RoutingObjective? objective, string? bksPath, string? outPath, int maxN, double secondsPerCustomer, bool fleetFromBks = false)
    {
        var dir = new DirectoryInfo(setDir);
        if (!dir.Exists)
        {
            Console.Error.WriteLine($"--set: folder {setDir} does not exist");
            return 1;
        }

        bksPath ??= Path.Combine(dir.Parent!.FullName, "bks.csv");
        var bks = LoadBks(bksPath);
        var files = dir.GetFiles().Where(f => f.Extension is ".vrp" or ".txt" or ".json").OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var rows = new List<Row>();
        string? objectiveName = null;
        foreach (var file in files)
        {
            var (problem, format) = ProblemFiles.Load(file.FullName);
            if (problem.Stops.Count > maxN)
            {
                continue;
            }

            var obj = objective ?? problem.DefaultObjective;
            objectiveName = obj == RoutingObjective.Distance ? "distance" : "vehicles-then-distance";
            var setName = dir.Name == "solomon" && obj == RoutingObjective.Distance ? "solomon-distance" : dir.Name;
            var instance = Path.GetFileNameWithoutExtension(file.Name);
            bks.TryGetValue((setName, instance.ToUpperInvariant()), out var reference);
            if (fleetFromBks && reference is { } r0 && problem.VehicleTypes.Count == 1)
            {
                problem = problem with { VehicleTypes = [problem.VehicleTypes[0] with { Count = r0.Vehicles }] };
            }

            var limit = secondsPerCustomer > 0 ? secondsPerCustomer * problem.Stops.Count : seconds;
            for (var seed = 1; seed <= seeds; seed++)
            {
                var sw = Stopwatch.StartNew();
                var result = RoutingSolver.Solve(problem, new SolverOptions { Objective = obj, Seed = (ulong)seed, TimeLimit = TimeSpan.FromSeconds(limit) });
                var wall = sw.Elapsed.TotalSeconds;
                var check = SolutionChecker.Check(problem, result.Solution);
                var cost = format == ProblemFormat.Cvrplib ? Math.Round(check.Cost) : Math.Round(check.Cost, 2);
                double? gap = reference is null ? null : 100.0 * (cost - reference.Value.Distance) / reference.Value.Distance;
                var row = new Row(setName, instance, problem.Stops.Count, seed, limit, objectiveName, check.Feasible, check.Vehicles, cost,
                    reference?.Vehicles, reference?.Distance, gap, result.Iterations, result.SecondsToFirstFeasible, result.SecondsToBest, wall);
                rows.Add(row);
                Console.Error.WriteLine(string.Create(Inv,
                    $"{setName}/{instance} seed {seed}: feasible {check.Feasible} vehicles {check.Vehicles} cost {cost} bks {reference?.Vehicles}/{reference?.Distance} gap {gap:0.000}% it {result.Iterations} best@{result.SecondsToBest:0.0}s"));
            }
        }

        if (rows.Count == 0)
        {
            Console.Error.WriteLine("no instances found");
            return 1;
        }

        outPath ??= Path.Combine("bench", "routing", $"{rows[0].Set}-{objectiveName}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
        var csv = new StringBuilder("set,instance,n,seed,seconds,objective,feasible,vehicles,cost,bks_vehicles,bks_cost,gap_pct,iterations,first_feasible_s,best_at_s,wall_s\n");
        foreach (var r in rows)
        {
            csv.Append(string.Create(Inv,
                $"{r.Set},{r.Instance},{r.N},{r.Seed},{r.Seconds},{r.Objective},{r.Feasible},{r.Vehicles},{r.Cost},{r.BksVehicles},{r.BksCost},{r.Gap:0.0000},{r.Iterations},{r.FirstFeasible:0.000},{r.BestAt:0.000},{r.Wall:0.000}\n"));
        }

        File.WriteAllText(outPath, csv.ToString());
        Console.Out.Write(Summary(rows));
        Console.Error.WriteLine($"wrote {outPath}");
        return rows.All(r => r.Feasible) ? 0 : 2;
    }

    internal static string Summary(List<Row> rows)
    {
        var withGap = rows.Where(r => r.Gap is not null).ToList();
        var perInstanceBest = rows.GroupBy(r => r.Instance).Select(g => g.OrderBy(r => r.Vehicles).ThenBy(r => r.Cost).First()).ToList();
        var seedsCount = rows.Select(r => r.Seed).Distinct().Count();
        var vehiclesMean = rows.GroupBy(r => r.Seed).Average(g => g.Sum(r => r.Vehicles));
        var sb = new StringBuilder();
        sb.Append("| set | objective | instances | seeds | s/instance | feasible | mean gap % | best-of-seeds gap % | gap<=0 (%) | vehicles (mean over seeds) | BKS vehicles | mean iterations |\n");
        sb.Append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        sb.Append(string.Create(Inv,
            $"| {rows[0].Set} | {rows[0].Objective} | {perInstanceBest.Count} | {seedsCount} | {rows.Average(r => r.Seconds):0.#} | {rows.Count(r => r.Feasible)}/{rows.Count} | {(withGap.Count > 0 ? withGap.Average(r => r.Gap!.Value) : double.NaN):0.000} | {(perInstanceBest.Any(r => r.Gap is not null) ? perInstanceBest.Where(r => r.Gap is not null).Average(r => r.Gap!.Value) : double.NaN):0.000} | {100.0 * withGap.Count(r => r.Gap <= 1e-6) / Math.Max(1, withGap.Count):0} | {vehiclesMean:0.0} | {perInstanceBest.Sum(r => r.BksVehicles ?? 0)} | {rows.Average(r => r.Iterations):0} |\n"));
        return sb.ToString();
    }

    private static Dictionary<(string Set, string Instance), (int Vehicles, double Distance)?> LoadBks(string path)
    {
        var result = new Dictionary<(string, string), (int, double)?>();
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"warning: {path} not found; gaps will be empty");
            return result;
        }

        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length < 5)
            {
                continue;
            }

            result[(f[0], f[1].ToUpperInvariant())] = (int.Parse(f[3], Inv), double.Parse(f[4], Inv));
        }

        return result;
    }

    internal sealed record Row(
        string Set, string Instance, int N, int Seed, double Seconds, string Objective, bool Feasible, int Vehicles, double Cost,
        int? BksVehicles, double? BksCost, double? Gap, long Iterations, double FirstFeasible, double BestAt, double Wall);
}
