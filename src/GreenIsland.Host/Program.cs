using GreenIsland.Host;

var app = GreenIslandApplication.Build(args);
await GreenIslandApplication.InitialiseAsync(app);
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
