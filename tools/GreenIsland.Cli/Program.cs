using System.CommandLine;

var root = new RootCommand("greenisland: operate the GreenIsland platform from the command line");
return await root.Parse(args).InvokeAsync();
