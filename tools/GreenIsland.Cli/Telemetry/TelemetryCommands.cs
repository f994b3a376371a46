using System.CommandLine;

namespace GreenIsland.Cli.Telemetry;

/// <summary>Telemetry commands: <c>simulate</c> and <c>bench ingest</c>.</summary>
internal static class TelemetryCommands
{
    public static Command Simulate()
    {
        var url = new Option<string>("--url") { Description = "Base URL of a running host", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var user = new Option<string?>("--user") { Description = "Platform admin user (default: the demo PlatformAdmin account)" };
        var password = new Option<string?>("--password") { Description = "Password of --user" };
        var sites = new Option<int>("--sites") { Description = "How many demo enterprises get simulated meters (0 = only the demo cabinets)", DefaultValueFactory = _ => 10 };
        var speed = new Option<double>("--speed")
        {
            Description = "Time compression of the cabinets' deposits (1 = real time; 1440 = a simulated day per minute, for demos)", DefaultValueFactory = _ => 1,
        };
        var backfill = new Option<double>("--backfill-hours") { Description = "History to send first (0..696)", DefaultValueFactory = _ => 48 };
        var duration = new Option<int>("--duration") { Description = "Seconds to keep reporting live after the backfill (0 = until Ctrl+C)", DefaultValueFactory = _ => 0 };
        var state = new Option<string>("--state") { Description = "File keeping the simulated devices and their keys", DefaultValueFactory = _ => "data/simulator.json" };
        var cmd = new Command("simulate", "Report realistic readings for the demo cabinets and for demo sites' meters and PV inverters over HTTP")
        {
            url, user, password, sites, backfill, duration, state, speed,
        };
        cmd.SetAction((pr, ct) => Simulator.RunAsync(pr.GetValue(url)!, pr.GetValue(user), pr.GetValue(password), Math.Clamp(pr.GetValue(sites), 0, 500),
            pr.GetValue(backfill), pr.GetValue(duration), pr.GetValue(state)!, Math.Clamp(pr.GetValue(speed), 0.1, 100_000), TimeProvider.System, ct));
        return cmd;
    }

    public static Command BenchIngest()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
        var seconds = new Option<int>("--seconds") { Description = "Length of the API phase (1..600)", DefaultValueFactory = _ => 20 };
        var connection = new Option<string?>("--connection") { Description = "Database connection string (default: a throwaway database)" };
        var clients = new Option<int>("--clients") { Description = "Concurrent HTTP clients (each a gateway with 50 cabinets)", DefaultValueFactory = _ => 4 };
        var durable = new Option<bool>("--durable")
        {
            Description = "Durable commits: the PostgreSQL throwaway with the server defaults (fsync, synchronous_commit, full_page_writes on) "
                + "instead of the fast settings; SQLite with synchronous=FULL (Telemetry:SqliteSynchronousFull) in both phases instead of NORMAL",
        };
        var cmd = new Command("ingest", "Benchmark the HTTP ingest endpoint against direct inserts into the same table layout")
        {
            provider, seconds, connection, clients, durable,
        };
        cmd.SetAction((pr, ct) => IngestBench.RunAsync(pr.GetValue(provider)!, pr.GetValue(seconds), pr.GetValue(connection),
            Math.Clamp(pr.GetValue(clients), 1, 32), pr.GetValue(durable), TimeProvider.System, ct));
        return cmd;
    }

    public static Command BenchIngestPg()
    {
        var connection = new Option<string?>("--connection") { Description = "PostgreSQL on this machine (default: a throwaway server)" };
        var batches = new Option<int>("--batches") { Description = "Batches of 1,000 bench readings (4..4000)", DefaultValueFactory = _ => 400 };
        var group = new Option<int>("--group") { Description = "Batches per COPY in the grouped variants", DefaultValueFactory = _ => 2 };
        var repeat = new Option<int>("--repeat") { Description = "Runs per variant (the fastest counts)", DefaultValueFactory = _ => 3 };
        var cmd = new Command("ingest-pg", "PostgreSQL server CPU per row: one big COPY against group-sized COPYs of the ingest bench's rows")
        {
            connection, batches, group, repeat,
        };
        cmd.SetAction((pr, ct) => PgCopyBench.RunAsync(pr.GetValue(connection), Math.Clamp(pr.GetValue(batches), 4, 4000), Math.Max(1, pr.GetValue(group)),
            Math.Clamp(pr.GetValue(repeat), 1, 20), TimeProvider.System, ct));
        return cmd;
    }

    public static Command BenchIngestHost()
    {
        var rounds = new Option<int>("--rounds") { Description = "Measured rounds (1..100; the fastest counts)", DefaultValueFactory = _ => 10 };
        var batches = new Option<int>("--batches") { Description = "Batches of 1,000 readings per round (1..1000)", DefaultValueFactory = _ => 50 };
        var cmd = new Command("ingest-host", "The host's CPU time and allocations per reading for parsing, validating and encoding an ingest batch (no HTTP, no database)")
        {
            rounds, batches,
        };
        cmd.SetAction(pr => IngestHostBench.Run(Math.Clamp(pr.GetValue(rounds), 1, 100), Math.Clamp(pr.GetValue(batches), 1, 1000), TimeProvider.System));
        return cmd;
    }
}
