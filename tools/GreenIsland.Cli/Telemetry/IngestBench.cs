using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GreenIsland.Cli.Telemetry;

/// <summary>
/// <c>greenisland bench ingest</c>: starts the real host (child process, loopback HTTP) on a fresh database, creates
/// a gateway and 50 cabinets per client through the platform API, posts batches of 1,000 readings from several
/// concurrent clients for N seconds, then inserts the same rows directly into a table of the same layout
/// (PostgreSQL binary COPY / SQLite prepared inserts, each in one transaction) and prints both rates.
/// </summary>
internal static class IngestBench
{
    public static async Task<int> RunAsync(string provider, int seconds, string? connectionString, int clients, bool durable, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (provider is not ("sqlite" or "postgres"))
        {
            await Console.Error.WriteLineAsync("--provider must be sqlite or postgres");
            return 2;
        }

        if (durable && provider == "postgres" && !string.IsNullOrWhiteSpace(connectionString))
        {
            // A server given by --connection keeps its own settings (printed below).
            await Console.Error.WriteLineAsync("--durable applies to the throwaway PostgreSQL (no --connection) or to SQLite");
            return 2;
        }

        seconds = Math.Clamp(seconds, 1, 600);
        var work = Directory.CreateTempSubdirectory("gi-bench-ingest-");
        string? pgDir = null;
        Process? host = null;
        try
        {
            if (provider == "postgres" && string.IsNullOrWhiteSpace(connectionString))
            {
                // Not inside the work directory: that one is private to this user and initdb runs as postgres.
                pgDir = Path.Combine(Path.GetTempPath(), $"gi-bench-pg-{Guid.NewGuid():N}");
                connectionString = new NpgsqlConnectionStringBuilder(await StartThrowawayAsync(pgDir, cancellationToken, durable)) { MaxPoolSize = 100 }.ConnectionString;
                Console.WriteLine($"throwaway PostgreSQL at {pgDir}");
            }

            if (provider == "postgres")
            {
                Console.WriteLine($"PostgreSQL server: {await ServerDurabilityAsync(connectionString!, cancellationToken)}");
            }
            else
            {
                Console.WriteLine($"SQLite: WAL, synchronous={(durable ? "FULL" : "NORMAL")} in both phases");
            }

            connectionString ??= $"Data Source={Path.Combine(work.FullName, "bench.db")}";
            var port = FreePort();
            host = StartHost(provider, connectionString, port, durable);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromMinutes(2),
            };
            await WaitForHostAsync(http, host, cancellationToken);
            var (keys, cabinets) = await ProvisionAsync(http, clients, cancellationToken);

            var start = timeProvider.GetUtcNow().UtcDateTime.AddDays(-29); // inside the default 30-day ingest horizon
            start = new DateTime(start.Ticks - (start.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
            var load = new BenchLoad(cabinets, start);

            // Warm-up, not counted: a separate time range, long enough for the host's tiered JIT to reach steady
            // state (a 20 s run otherwise measures mostly unoptimised code).
            var warm = new BenchLoad(cabinets, start.AddDays(-0.5));
            var warmDeadline = Stopwatch.GetTimestamp() + (long)(WarmUpSeconds * (double)Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, clients).Select(w => Task.Run(async () =>
            {
                for (var b = 0; Stopwatch.GetTimestamp() < warmDeadline; b++)
                {
                    await PostAsync(http, keys[w], warm.Json(w, b), cancellationToken);
                }
            }, cancellationToken)));

            // The client shares the 2 cores with the host and the database: bodies are serialised before the
            // timed phase (enough for 60 batches/s per client; beyond that they are serialised on the fly).
            var perClient = seconds * PreparedBatchesPerSecond;
            // Each client's array exists before the parallel loop (allocating it inside raced: a body could be lost).
            var bodies = Enumerable.Range(0, clients).Select(_ => new byte[perClient][]).ToArray();
            Parallel.For(0, clients * perClient, i =>
            {
                var (w, b) = (i / perClient, i % perClient);
                bodies[w][b] = load.Json(w, b);
            });
            GC.Collect();

            // The warm-up's deferred work (rollup fold, outbox delivery) is finished before the clock starts, so the
            // drain measured after the timed phase is the timed phase's own.
            var (warmDrainMs, warmDeltas, warmOutbox, warmLog) = await DrainAsync(provider, connectionString, cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warm-up backlog: drained in {warmDrainMs:F0} ms, left deltas={warmDeltas} outbox={warmOutbox} log={warmLog}"));

            Console.WriteLine($"API phase: {clients} clients x batches of {BenchLoad.BatchSize} for {seconds}s (host: DOTNET_TieredCompilation=0) ...");
            var latencies = new List<double>[clients];
            var batches = new int[clients];
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var postmaster = pgDir is null ? null : Postmaster(pgDir);
            var (hostCpu, databaseCpu) = (TreeCpuSeconds(host.Id), postmaster is { } pm ? TreeCpuSeconds(pm) : double.NaN);
            var apiStartUtc = timeProvider.GetUtcNow().UtcDateTime;
            var deadline = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(w => Task.Run(async () =>
            {
                latencies[w] = [];
                var b = 0;
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var body = b < perClient ? bodies[w][b] : load.Json(w, b);
                    var t0 = Stopwatch.GetTimestamp();
                    var accepted = await PostAsync(http, keys[w], body, cancellationToken);
                    latencies[w].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    if (accepted != BenchLoad.BatchSize)
                    {
                        throw new InvalidOperationException($"batch {b} of client {w}: {accepted} of {BenchLoad.BatchSize} accepted");
                    }

                    b++;
                }

                batches[w] = b;
            }, cancellationToken)));
            var apiSeconds = clock.Elapsed.TotalSeconds;
            clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;
            (hostCpu, databaseCpu) = (TreeCpuSeconds(host.Id) - hostCpu, postmaster is { } pm2 ? TreeCpuSeconds(pm2) - databaseCpu : double.NaN);
            var apiRows = batches.Sum() * (long)BenchLoad.BatchSize;
            var all = latencies.SelectMany(l => l).Order().ToList();
            var p99 = all[Math.Min(all.Count - 1, (int)Math.Ceiling(all.Count * 0.99) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"API: {apiRows} readings in {apiSeconds:F2}s ({apiRows / apiSeconds:F0}/s before the drain), p50 {all[all.Count / 2]:F1} ms, p99 {p99:F1} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU during the API phase (2 cores = {2 * apiSeconds:F1} core-s): client {clientCpu.TotalSeconds:F1} core-s ({clientCpu.TotalSeconds / apiRows * 1e6:F2} us/reading), host {hostCpu:F1}, PostgreSQL {databaseCpu:F1} (n/a for SQLite: in the host)"));

            // Deferred work of the API path: rollup deltas not yet folded into telemetry_rollups and outbox messages
            // not yet delivered to the subscribers (in this host: Waste's cabinet rules). The rate counts the time to
            // drain them, so a backlog the background jobs cannot keep up with lowers it.
            // SQLite also: readings acknowledged from the ingest log and not yet folded into telemetry_readings.
            var (backlogDeltas, backlogOutbox, backlogLog) = await BacklogAsync(provider, connectionString, cancellationToken);
            var (drainHostCpu, drainDatabaseCpu) = (TreeCpuSeconds(host.Id), postmaster is { } pm3 ? TreeCpuSeconds(pm3) : double.NaN);
            var (drainMs, leftDeltas, leftOutbox, leftLog) = await DrainAsync(provider, connectionString, cancellationToken);
            (drainHostCpu, drainDatabaseCpu) = (TreeCpuSeconds(host.Id) - drainHostCpu, postmaster is { } pm4 ? TreeCpuSeconds(pm4) - drainDatabaseCpu : double.NaN);
            var apiRate = apiRows / (apiSeconds + (drainMs / 1000));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"drain backlog_deltas={backlogDeltas} backlog_outbox={backlogOutbox} backlog_log_readings={backlogLog} drain_ms={drainMs:F0} left_deltas={leftDeltas} left_outbox={leftOutbox} left_log_readings={leftLog} (CPU during the drain: host {drainHostCpu:F1} core-s, PostgreSQL {drainDatabaseCpu:F1})"));
            if (leftDeltas + leftOutbox + leftLog > 0)
            {
                Console.WriteLine($"WARNING: the backlog did not drain within {DrainTimeoutSeconds} s; api_readings_per_s counts {DrainTimeoutSeconds} s of drain and is still an upper bound");
            }

            // How long after a batch was received its ReadingsAccepted event reached the subscribers (the outbox
            // message's occurred_at = the batch's receipt, delivered_at = the end of the dispatch round that delivered
            // it; both on the host's clock). Under load: the timed phase's messages. Idle: single batches posted
            // 1.5 s apart after the drain (not counted in any rate), plus the time from the response until the
            // backlog (deltas and outbox) was empty as this client sees it, polled every 2 ms.
            Console.WriteLine(DescribeLatencies("delivery under load (received -> delivered)",
                await DeliveryLatenciesAsync(provider, connectionString, apiStartUtc, cancellationToken)));
            var probe = new BenchLoad(cabinets, start.AddDays(-0.25));
            var idle = new List<double>();
            var settled = new List<double>();
            for (var i = 0; i < IdleProbes; i++)
            {
                await Task.Delay(1500, cancellationToken);
                var probeStartUtc = timeProvider.GetUtcNow().UtcDateTime;
                await PostAsync(http, keys[0], probe.Json(0, i), cancellationToken);
                var (settledMs, _, _, _) = await DrainAsync(provider, connectionString, cancellationToken, pollMilliseconds: 2);
                settled.Add(settledMs);
                idle.AddRange(await DeliveryLatenciesAsync(provider, connectionString, probeStartUtc, cancellationToken));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"idle ({IdleProbes} single batches): received -> delivered {string.Join(" / ", idle.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} ms; response -> backlog empty {string.Join(" / ", settled.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)))} ms"));

            await StopHostAsync(host);
            host = null;

            Console.WriteLine($"raw phase: inserting the same {apiRows} rows into a table of the same layout ...");
            // A discarded run over the first batches first, so the raw path is measured with warm (tiered-up) code too.
            var warmBatches = batches.Select(b => Math.Min(b, 20)).ToArray();
            _ = provider == "postgres"
                ? await RawPostgresAsync(connectionString, load, warmBatches, timeProvider, cancellationToken)
                : RawSqlite(connectionString, load, warmBatches, durable);
            var rawClientCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var rawDatabaseCpu = postmaster is { } pm5 ? TreeCpuSeconds(pm5) : double.NaN;
            var rawSeconds = provider == "postgres"
                ? await RawPostgresAsync(connectionString, load, batches, timeProvider, cancellationToken)
                : RawSqlite(connectionString, load, batches, durable);
            rawClientCpu = Process.GetCurrentProcess().TotalProcessorTime - rawClientCpu;
            rawDatabaseCpu = postmaster is { } pm6 ? TreeCpuSeconds(pm6) - rawDatabaseCpu : double.NaN;
            var rawRate = apiRows / rawSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"raw: {apiRows} rows in {rawSeconds:F2}s (CPU: this process {rawClientCpu.TotalSeconds:F1} core-s = {rawClientCpu.TotalSeconds / apiRows * 1e6:F2} us/row, PostgreSQL {rawDatabaseCpu:F1} core-s = {rawDatabaseCpu / apiRows * 1e6:F2} us/row)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ingest provider={provider} api_readings_per_s={apiRate:F0} raw_readings_per_s={rawRate:F0} ratio={apiRate / rawRate:F2} p99_batch_ms={p99:F1}"));
            return 0;
        }
        finally
        {
            if (host is not null)
            {
                await StopHostAsync(host);
            }

            if (pgDir is not null)
            {
                await RunScriptAsync("stop", pgDir);
            }

            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // best effort: the throwaway server may still hold files for a moment
            }
        }
    }

    private static readonly int WarmUpSeconds = int.TryParse(Environment.GetEnvironmentVariable("GI_BENCH_WARMUP"), out var w) ? w : 5;
    private const int PreparedBatchesPerSecond = 60;
    private const int DrainTimeoutSeconds = 60;
    private const int IdleProbes = 3;

    private static string Table(string provider, string table) => provider == "postgres" ? $"{TelemetryDbContext.Module}.{table}" : table;

    /// <summary>
    /// Rollup delta rows not yet folded, outbox messages not yet delivered and (SQLite) readings of the ingest log not
    /// yet folded into <c>telemetry_readings</c> (direct SQL, same database).
    /// </summary>
    private static async Task<(long Deltas, long Outbox, long Log)> BacklogAsync(string provider, string connectionString, CancellationToken cancellationToken)
    {
        var sql = $"SELECT (SELECT count(*) FROM {Table(provider, TelemetryDbContext.RollupDeltasTable)}), "
            + $"(SELECT count(*) FROM {Table(provider, TelemetryDbContext.OutboxTable)} WHERE delivered_at IS NULL)";
        if (provider == "postgres")
        {
            await using var pg = new NpgsqlConnection(connectionString);
            await pg.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, pg);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (reader.GetInt64(0), reader.GetInt64(1), 0);
        }

        await using var sqlite = new SqliteConnection(connectionString);
        await sqlite.OpenAsync(cancellationToken);
        await using (var pragma = sqlite.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout=10000";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var query = sqlite.CreateCommand();
        query.CommandText = sql + $", (SELECT coalesce(sum(readings), 0) FROM {SqliteReadingLog.Table})";
        await using var rows = await query.ExecuteReaderAsync(cancellationToken);
        await rows.ReadAsync(cancellationToken);
        return (rows.GetInt64(0), rows.GetInt64(1), rows.GetInt64(2));
    }

    /// <summary>Waits (at most <see cref="DrainTimeoutSeconds"/>) until the backlog is empty; the time it took and what is left.</summary>
    private static async Task<(double Milliseconds, long Deltas, long Outbox, long Log)> DrainAsync(string provider, string connectionString, CancellationToken cancellationToken,
        int pollMilliseconds = DrainPollMilliseconds)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (deltas, outbox, log) = await BacklogAsync(provider, connectionString, cancellationToken);
            if ((deltas == 0 && outbox == 0 && log == 0) || clock.Elapsed.TotalSeconds >= DrainTimeoutSeconds)
            {
                return (clock.Elapsed.TotalMilliseconds, deltas, outbox, log);
            }

            await Task.Delay(pollMilliseconds, cancellationToken);
        }
    }

    /// <summary>
    /// Starts a throwaway PostgreSQL (scripts/pg-throwaway.sh; <paramref name="durable"/>: the server's default fsync
    /// settings) with a database of its own; its connection string.
    /// </summary>
    internal static async Task<string> StartThrowawayAsync(string pgDir, CancellationToken cancellationToken, bool durable = false)
    {
        var admin = await RunScriptAsync("start", pgDir, durable);
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand("CREATE DATABASE gi_bench", c);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = "gi_bench" }.ConnectionString;
    }

    internal static Task StopThrowawayAsync(string pgDir) => RunScriptAsync("stop", pgDir);

    /// <summary>How often the drain looks at the backlog (50 ms before 2026-11-22 05:00 UTC).</summary>
    private const int DrainPollMilliseconds = 10;

    /// <summary>delivered_at - occurred_at (ms) of the outbox messages that occurred since <paramref name="sinceUtc"/> and were delivered.</summary>
    private static async Task<List<double>> DeliveryLatenciesAsync(string provider, string connectionString, DateTime sinceUtc, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var sql = $"SELECT occurred_at, delivered_at FROM {Table(provider, TelemetryDbContext.OutboxTable)} WHERE delivered_at IS NOT NULL AND occurred_at >= ";
        if (provider == "postgres")
        {
            await using var pg = new NpgsqlConnection(connectionString);
            await pg.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql + "@since", pg);
            command.Parameters.Add(new NpgsqlParameter<DateTime>("since", DateTime.SpecifyKind(sinceUtc, DateTimeKind.Utc)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                latencies.Add((reader.GetDateTime(1) - reader.GetDateTime(0)).TotalMilliseconds);
            }

            return latencies;
        }

        await using var sqlite = new SqliteConnection(connectionString);
        await sqlite.OpenAsync(cancellationToken);
        await using var query = sqlite.CreateCommand();
        query.CommandText = sql + "$since";
        query.Parameters.Add("$since", SqliteType.Text).Value = sinceUtc;
        await using var rows = await query.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            latencies.Add((rows.GetDateTime(1) - rows.GetDateTime(0)).TotalMilliseconds);
        }

        return latencies;
    }

    private static string DescribeLatencies(string what, List<double> latencies)
    {
        if (latencies.Count == 0)
        {
            return $"{what}: no delivered messages";
        }

        latencies.Sort();
        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * q) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{what}: {latencies.Count} messages, p50 {At(0.5):F1} ms, p90 {At(0.9):F1} ms, p99 {At(0.99):F1} ms, max {latencies[^1]:F1} ms");
    }

    private static async Task<string> ServerDurabilityAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT 'fsync=' || current_setting('fsync') || ' synchronous_commit=' || current_setting('synchronous_commit') || ' full_page_writes=' || current_setting('full_page_writes')",
            connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static int? Postmaster(string pgDir)
    {
        var file = Path.Combine(pgDir, "data", "postmaster.pid");
        try
        {
            return File.Exists(file) && int.TryParse(File.ReadLines(file).First(), out var pid) ? pid : null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds (user + system) of a live process and its live children, from /proc (Linux); NaN elsewhere.</summary>
    private static double TreeCpuSeconds(int root)
    {
        if (!Directory.Exists("/proc"))
        {
            return double.NaN;
        }

        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // after "pid (comm) ": state ppid ... utime(14th field overall = index 11 here) stime(index 12)
                stats[pid] = (int.Parse(fields[1], CultureInfo.InvariantCulture),
                    long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // the process exited meanwhile
            }
        }

        var ticks = 0L;
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            if (stats.TryGetValue(pid, out var own))
            {
                ticks += own.Ticks;
            }

            foreach (var (child, s) in stats)
            {
                if (s.Parent == pid)
                {
                    pending.Push(child);
                }
            }
        }

        return ticks / 100.0; // USER_HZ
    }

    private static async Task<int> PostAsync(HttpClient http, string key, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Device-Key", key);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!["accepted"]!.GetValue<int>();
    }

    /// <summary>A gateway and <see cref="BenchLoad.CabinetsPerWorker"/> cabinets per client, on a demo enterprise's site.</summary>
    private static async Task<(string[] Keys, Guid[][] Cabinets)> ProvisionAsync(HttpClient http, int clients, CancellationToken cancellationToken)
    {
        var info = await http.GetFromJsonAsync<JsonObject>("/api/system/info", cancellationToken) ?? throw new InvalidOperationException("no system info");
        var account = info["demoAccounts"]?.AsArray().FirstOrDefault(a => a?["role"]?.GetValue<string>() == "EnterpriseAdmin")
            ?? throw new InvalidOperationException("the demo seed has no EnterpriseAdmin account to provision bench devices with");
        var token = await PostJsonAsync(http, "/api/auth/token", new JsonObject
        {
            ["userName"] = account["userName"]!.GetValue<string>(),
            ["password"] = account["password"]!.GetValue<string>(),
        }, null, cancellationToken);
        var bearer = token["accessToken"]!.GetValue<string>();
        using var meRequest = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        meRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var meResponse = await http.SendAsync(meRequest, cancellationToken);
        meResponse.EnsureSuccessStatusCode();
        var me = await meResponse.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        var organisationId = me!["organisationId"]!.GetValue<Guid>();
        using var sitesRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/sites?organisationId={organisationId}&pageSize=1");
        sitesRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var sitesResponse = await http.SendAsync(sitesRequest, cancellationToken);
        sitesResponse.EnsureSuccessStatusCode();
        var sites = await sitesResponse.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        var siteId = sites!["items"]!.AsArray()[0]!["id"]!.GetValue<Guid>();

        var keys = new string[clients];
        var cabinets = new Guid[clients][];
        for (var w = 0; w < clients; w++)
        {
            var gateway = await CreateDeviceAsync(http, bearer, siteId, $"bench gateway {w}", "Gateway", cancellationToken);
            var issued = await PostJsonAsync(http, $"/api/devices/{gateway}/keys", new JsonObject(), bearer, cancellationToken);
            keys[w] = issued["key"]!.GetValue<string>();
            cabinets[w] = new Guid[BenchLoad.CabinetsPerWorker];
            for (var c = 0; c < BenchLoad.CabinetsPerWorker; c++)
            {
                cabinets[w][c] = await CreateDeviceAsync(http, bearer, siteId, $"bench cabinet {w}-{c}", "StorageCabinet", cancellationToken);
            }
        }

        return (keys, cabinets);
    }

    private static async Task<Guid> CreateDeviceAsync(HttpClient http, string bearer, Guid siteId, string name, string kind, CancellationToken cancellationToken)
    {
        var created = await PostJsonAsync(http, "/api/devices", new JsonObject { ["siteId"] = siteId, ["name"] = name, ["kind"] = kind }, bearer, cancellationToken);
        return created["id"]!.GetValue<Guid>();
    }

    private static async Task<JsonObject> PostJsonAsync(HttpClient http, string path, JsonObject body, string? bearer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<double> RawPostgresAsync(string connectionString, BenchLoad load, int[] batches, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        const string Table = "telemetry.telemetry_bench_raw";
        var ddl = $"""
            DROP TABLE IF EXISTS {Table};
            CREATE TABLE {Table} (device_id uuid NOT NULL, metric_id smallint NOT NULL, ts timestamp with time zone NOT NULL,
                value double precision NOT NULL, seq bigint NULL, PRIMARY KEY (device_id, metric_id, ts)) PARTITION BY RANGE (ts);
            """;
        var first = new DateTime(load.Timestamp(0, 0).Year, load.Timestamp(0, 0).Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var month = first; month <= timeProvider.GetUtcNow().UtcDateTime.AddMonths(1); month = month.AddMonths(1))
        {
            ddl += string.Create(CultureInfo.InvariantCulture,
                $"CREATE TABLE {Table}_{month:yyyyMM} PARTITION OF {Table} FOR VALUES FROM ('{month:yyyy-MM-dd} 00:00:00+00') TO ('{month.AddMonths(1):yyyy-MM-dd} 00:00:00+00');\n");
        }

        await using (var create = new NpgsqlCommand(ddl, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var clock = Stopwatch.StartNew();
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // Encoded like the host's write path: PgCopyEncoder per batch (all five columns, seq NULL as the bench
            // sends no sequence numbers), the tuples of every batch streamed through one raw binary COPY.
            await using (var stream = await connection.BeginRawBinaryCopyAsync($"COPY {Table} (device_id, metric_id, ts, value, seq) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                await stream.WriteAsync(PgCopyEncoder.Header.ToArray(), cancellationToken);
                var readings = new List<ValidReading>(BenchLoad.BatchSize);
                for (var w = 0; w < batches.Length; w++)
                {
                    for (var b = 0; b < batches[w]; b++)
                    {
                        readings.Clear();
                        load.ForEach(w, b, (d, m, t, v) => readings.Add(new ValidReading(readings.Count, d, m, t, v, null)));
                        var (buffer, length) = PgCopyEncoder.Encode(readings);
                        try
                        {
                            await stream.WriteAsync(buffer.AsMemory(PgCopyEncoder.HeaderLength, length - PgCopyEncoder.HeaderLength - PgCopyEncoder.TrailerLength), cancellationToken);
                        }
                        finally
                        {
                            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                        }
                    }
                }

                await stream.WriteAsync(PgCopyEncoder.Trailer.ToArray(), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        await using (var drop = new NpgsqlCommand($"DROP TABLE {Table}", connection))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        return elapsed;
    }

    private static double RawSqlite(string connectionString, BenchLoad load, int[] batches, bool durable)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            // Same layout as telemetry_readings on SQLite (ADR 0012: WITHOUT ROWID, device GUID bytes, microseconds),
            // and the same connection settings as the host's writer connection.
            setup.CommandText = SqliteReadingStore.ConnectionPragmas + SqliteReadingStore.WriterPragmas
                + (durable ? SqliteReadingStore.FullSyncPragma : "") + """
                DROP TABLE IF EXISTS telemetry_bench_raw;
                CREATE TABLE telemetry_bench_raw (device_id BLOB NOT NULL, metric_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL,
                    seq INTEGER NULL, CONSTRAINT pk_telemetry_bench_raw PRIMARY KEY (device_id, metric_id, ts)) WITHOUT ROWID;
                """;
            setup.ExecuteNonQuery();
        }

        // The host's own prepared single-row insert (bound by position) and key encoding, in one transaction.
        var clock = Stopwatch.StartNew();
        using (var transaction = connection.BeginTransaction())
        using (var insert = new SqliteReadingStore.ReadingInserter(connection, "telemetry_bench_raw"))
        {
            for (var w = 0; w < batches.Length; w++)
            {
                for (var b = 0; b < batches[w]; b++)
                {
                    load.ForEach(w, b, (device, metric, ts, value) =>
                    {
                        Span<byte> key = stackalloc byte[16];
                        SqliteReadingKey.WriteDevice(device, key);
                        insert.Insert(key, metric, SqliteReadingKey.Micros(ts), value, null);
                    });
                }
            }

            transaction.Commit();
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        using (var drop = connection.CreateCommand())
        {
            drop.CommandText = "DROP TABLE telemetry_bench_raw";
            drop.ExecuteNonQuery();
        }

        return elapsed;
    }

    private static Process StartHost(string provider, string connectionString, int port, bool durable)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "GreenIsland.Host.dll");
        var start = new ProcessStartInfo("dotnet", [hostDll])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = provider == "postgres" ? "PostgreSql" : "Sqlite";
        start.Environment["ConnectionStrings__GreenIsland"] = connectionString;
        start.Environment["Database__MigrateOnStartup"] = "true";
        start.Environment["Telemetry__SqliteSynchronousFull"] = durable && provider == "sqlite" ? "true" : "false";
        start.Environment["Demo__Seed"] = "true";
        start.Environment["Demo__Enabled"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Steady-state code from the first request: with tiered compilation the ~40,000 methods the host compiles
        // are still being re-compiled (tier 0 -> instrumented -> tier 1) well into a 20 s run on a busy 2-core
        // machine. Fully optimised JIT without dynamic PGO is, if anything, slower than tiered steady state.
        if (Environment.GetEnvironmentVariable("GI_BENCH_HOST_TIERED") != "1")
        {
            start.Environment["DOTNET_TieredCompilation"] = "0";
        }
        // The ingest endpoint's per-device token bucket (RateLimiting:DeviceIngest) stays on, sized for a load
        // generator: each bench gateway posts up to ~100 batches/s, far above a real gateway's default allowance.
        start.Environment["RateLimiting__DeviceIngest__TokenLimit"] = "1000";
        start.Environment["RateLimiting__DeviceIngest__TokensPerPeriod"] = "1000";
        start.Environment["RateLimiting__DeviceIngest__ReplenishmentPeriodSeconds"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"host: {e.Data}");
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"host: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForHostAsync(HttpClient http, Process host, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 240; i++)
        {
            if (host.HasExited)
            {
                throw new InvalidOperationException($"the host exited with code {host.ExitCode}");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException("the host did not become ready within 2 minutes");
    }

    private static async Task StopHostAsync(Process host)
    {
        if (!host.HasExited)
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }

        host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GreenIsland.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository (scripts/pg-throwaway.sh is needed)");
    }

    private static async Task<string> RunScriptAsync(string verb, string dir, bool durable = false)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "pg-throwaway.sh");
        var start = new ProcessStartInfo("bash", [script, verb, dir]) { UseShellExecute = false, RedirectStandardOutput = true };
        // GI_PG_DURABLE=1: the server defaults (fsync, synchronous_commit, full_page_writes on) instead of the script's
        // fast settings.
        start.Environment["GI_PG_DURABLE"] = durable ? "1" : "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run pg-throwaway.sh");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg-throwaway.sh {verb} failed with exit code {process.ExitCode}");
        }

        return output.Trim();
    }
}
