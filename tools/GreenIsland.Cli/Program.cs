using System.CommandLine;

var root = new RootCommand("greenisland: operate the GreenIsland platform from the command line");
root.Subcommands.Add(GreenIsland.Cli.Routing.RoutingCommands.Solve());
var bench = GreenIsland.Cli.Routing.RoutingCommands.Bench();
bench.Subcommands.Add(GreenIsland.Cli.Telemetry.TelemetryCommands.BenchIngest());
root.Subcommands.Add(bench);
return await root.Parse(args).InvokeAsync();
