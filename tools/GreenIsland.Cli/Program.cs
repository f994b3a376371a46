using System.CommandLine;

var root = new RootCommand("greenisland: operate the GreenIsland platform from the command line");
root.Subcommands.Add(GreenIsland.Cli.Routing.RoutingCommands.Solve());
root.Subcommands.Add(GreenIsland.Cli.Routing.RoutingCommands.Bench());
return await root.Parse(args).InvokeAsync();
