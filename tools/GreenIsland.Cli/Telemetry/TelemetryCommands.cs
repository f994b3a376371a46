using System.CommandLine;

namespace GreenIsland.Cli.Telemetry;

/// <summary>Telemetry commands: <c>bench ingest</c>.</summary>
internal static class TelemetryCommands
{
    public static Command BenchIngest()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
        var seconds = new Option<int>("--seconds") { Description = "Length of the API phase (1..600)", DefaultValueFactory = _ => 20 };
        var connection = new Option<string?>("--connection") { Description = "Database connection string (default: a throwaway database)" };
        var clients = new Option<int>("--clients") { Description = "Concurrent HTTP clients (each a gateway with 50 cabinets)", DefaultValueFactory = _ => 4 };
        var cmd = new Command("ingest", "Benchmark the HTTP ingest endpoint against direct inserts into the same table layout")
        {
            provider, seconds, connection, clients,
        };
        cmd.SetAction((pr, ct) => IngestBench.RunAsync(pr.GetValue(provider)!, pr.GetValue(seconds), pr.GetValue(connection),
            Math.Clamp(pr.GetValue(clients), 1, 32), ct));
        return cmd;
    }
}
