using System.CommandLine;

var root = new RootCommand("greenisland: operate the GreenIsland platform from the command line");
root.Subcommands.Add(GreenIsland.Cli.Routing.RoutingCommands.Solve());
var bench = GreenIsland.Cli.Routing.RoutingCommands.Bench();
bench.Subcommands.Add(GreenIsland.Cli.Telemetry.TelemetryCommands.BenchIngest());
bench.Subcommands.Add(GreenIsland.Cli.Telemetry.TelemetryCommands.BenchIngestHost());
bench.Subcommands.Add(GreenIsland.Cli.Telemetry.TelemetryCommands.BenchIngestPg());
bench.Subcommands.Add(GreenIsland.Cli.Carbon.CarbonBench.Command());
bench.Subcommands.Add(GreenIsland.Cli.Waste.WasteBench.Command());
root.Subcommands.Add(bench);
root.Subcommands.Add(GreenIsland.Cli.Telemetry.TelemetryCommands.Simulate());
foreach (var command in GreenIsland.Cli.Platform.PlatformCommands.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
