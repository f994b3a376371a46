using System.Diagnostics;
using System.Globalization;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using Npgsql;

namespace GreenIsland.Cli.Telemetry;

/// <summary>
/// <c>greenisland bench ingest-pg</c>: the PostgreSQL server's own CPU per row (its backend, read from /proc) for the
/// ways the same bench rows can be copied into a table of the readings' layout: one big <c>COPY</c> (the ingest
/// bench's raw phase) against group-sized <c>COPY</c>s in their own transactions (the API path), each variant on a
/// fresh table. Needs the server on this machine (a throwaway one by default).
/// </summary>
internal static class PgCopyBench
{
    public static async Task<int> RunAsync(string? connectionString, int batches, int group, int repeat, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        string? pgDir = null;
        try
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                pgDir = Path.Combine(Path.GetTempPath(), $"gi-bench-pg-{Guid.NewGuid():N}");
                connectionString = await IngestBench.StartThrowawayAsync(pgDir, cancellationToken);
            }

            const int Workers = 4;
            var cabinets = Enumerable.Range(0, Workers).Select(_ => Enumerable.Range(0, BenchLoad.CabinetsPerWorker).Select(_ => Guid.CreateVersion7()).ToArray()).ToArray();
            var start = timeProvider.GetUtcNow().UtcDateTime.AddDays(-2);
            start = new DateTime(start.Year, start.Month, start.Day, 0, 0, 0, DateTimeKind.Utc);
            var load = new BenchLoad(cabinets, start);
            var perWorker = batches / Workers;
            var byWorker = new List<(int W, int B)>();
            var byArrival = new List<(int W, int B)>();
            for (var w = 0; w < Workers; w++)
            {
                for (var b = 0; b < perWorker; b++)
                {
                    byWorker.Add((w, b));
                }
            }

            for (var b = 0; b < perWorker; b++)
            {
                for (var w = 0; w < Workers; w++)
                {
                    byArrival.Add((w, b));
                }
            }

            var encoded = new Dictionary<(int, int), byte[]>();
            var sorted = new Dictionary<(int, int), byte[]>();
            foreach (var (w, b) in byWorker)
            {
                var readings = new List<ValidReading>(BenchLoad.BatchSize);
                load.ForEach(w, b, (d, m, t, v) => readings.Add(new ValidReading(readings.Count, d, m, t, v, null)));
                encoded[(w, b)] = Tuples(readings);
                readings.Sort((x, y) => (x.DeviceId, x.MetricId, x.TimestampUtc).CompareTo((y.DeviceId, y.MetricId, y.TimestampUtc)));
                sorted[(w, b)] = Tuples(readings);
            }

            var rows = (long)perWorker * Workers * BenchLoad.BatchSize;
            Console.WriteLine($"{rows} rows ({perWorker * Workers} batches of {BenchLoad.BatchSize}), groups of {group} batches; server backend CPU per row (us), best of {repeat}");
            var month = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            foreach (var (name, order, groupSize, direct) in new (string, List<(int W, int B)>, int, bool?)[]
            {
                ("one COPY, worker order (raw phase)", byWorker, int.MaxValue, false),
                ("one COPY, arrival order", byArrival, int.MaxValue, false),
                ($"COPY per {group} batches, arrival order", byArrival, group, false),
                ($"COPY per {group} batches, arrival order, into the partition", byArrival, group, true),
                ($"COPY per {group} batches, worker order", byWorker, group, false),
                ($"INSERT .. SELECT FROM unnest per {group} batches, arrival order", byArrival, group, null),
                ($"COPY per {group} batches, arrival order, each batch sorted by key", byArrival, group, false),
                ($"COPY per {group} batches, arrival order, COPY statements of <= {ChunkRows} rows", byArrival, -group, false),
                ($"COPY per {group} batches, arrival order, WHERE {VolatileWhere}", byArrival, group, false),
                ($"COPY per 1 batches, arrival order, WHERE {VolatileWhere}", byArrival, 1, false),
                ($"one COPY, arrival order, WHERE {VolatileWhere}", byArrival, int.MaxValue, false),
                ($"COPY per 1 batches, arrival order", byArrival, 1, false),
            })
            {
                if (Environment.GetEnvironmentVariable("GI_BENCH_VARIANTS") is { Length: > 0 } only
                    && !only.Split('|').Any(v => name.Contains(v, StringComparison.Ordinal)))
                {
                    continue;
                }

                var tuples = name.EndsWith("sorted by key", StringComparison.Ordinal) ? sorted : encoded;
                var best = double.MaxValue;
                var bestWall = double.MaxValue;
                for (var r = 0; r < repeat; r++)
                {
                    var (cpu, wall) = await RunVariantAsync(connectionString!, month, order, tuples, groupSize, direct, cancellationToken, load, name.Contains("WHERE", StringComparison.Ordinal));
                    best = Math.Min(best, cpu);
                    bestWall = Math.Min(bestWall, wall);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-60} cpu {best / rows * 1e6,6:F2} us/row   wall {bestWall / rows * 1e6,6:F2} us/row"));
            }

            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (pgDir is not null)
            {
                await IngestBench.StopThrowawayAsync(pgDir);
            }
        }
    }

    private static async Task<(double Cpu, double Wall)> RunVariantAsync(string connectionString, DateTime month, List<(int W, int B)> order,
        Dictionary<(int, int), byte[]> encoded, int group, bool? direct, CancellationToken cancellationToken, BenchLoad? load = null, bool volatileWhere = false)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        const string Table = "public.copy_bench";
        var partition = string.Create(CultureInfo.InvariantCulture, $"{Table}_{month:yyyyMM}");
        var ddl = $"""
            DROP TABLE IF EXISTS {Table};
            CREATE TABLE {Table} (device_id uuid NOT NULL, metric_id smallint NOT NULL, ts timestamp with time zone NOT NULL,
                value double precision NOT NULL, seq bigint NULL, PRIMARY KEY (device_id, metric_id, ts)) PARTITION BY RANGE (ts);
            """ + string.Create(CultureInfo.InvariantCulture,
                $"CREATE TABLE {partition} PARTITION OF {Table} FOR VALUES FROM ('{month:yyyy-MM-dd} 00:00:00+00') TO ('{month.AddMonths(1):yyyy-MM-dd} 00:00:00+00');");
        await using (var create = new NpgsqlCommand(ddl, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var pidCommand = new NpgsqlCommand("SELECT pg_backend_pid()", connection))
        {
            var pid = (int)(await pidCommand.ExecuteScalarAsync(cancellationToken))!;
            var cpu0 = ProcessCpu(pid);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < order.Count && direct is null; i += Math.Min(group, order.Count))
            {
                var d = new List<Guid>();
                var m = new List<short>();
                var t = new List<DateTime>();
                var v = new List<double>();
                for (var j = i; j < Math.Min(order.Count, i + group); j++)
                {
                    load!.ForEach(order[j].W, order[j].B, (dd, mm, tt, vv) =>
                    {
                        d.Add(dd);
                        m.Add(mm);
                        t.Add(tt);
                        v.Add(vv);
                    });
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var insert = new NpgsqlCommand($"INSERT INTO {Table} (device_id, metric_id, ts, value, seq) SELECT d, m, t, v, NULL FROM unnest(@d, @m, @t, @v) AS u(d, m, t, v)", connection))
                {
                    insert.Parameters.Add(new NpgsqlParameter<Guid[]>("d", [.. d]));
                    insert.Parameters.Add(new NpgsqlParameter<short[]>("m", [.. m]));
                    insert.Parameters.Add(new NpgsqlParameter<DateTime[]>("t", [.. t]) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz });
                    insert.Parameters.Add(new NpgsqlParameter<double[]>("v", [.. v]));
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            var chunked = group < 0;
            var where = volatileWhere ? " WHERE " + VolatileWhere : "";
            group = Math.Abs(group);
            for (var i = 0; i < order.Count && direct is not null && chunked; i += Math.Min(group, order.Count))
            {
                // The group's tuples in COPY statements of at most ChunkRows rows, one transaction.
                var tuples = new List<ReadOnlyMemory<byte>>();
                for (var j = i; j < Math.Min(order.Count, i + group); j++)
                {
                    tuples.AddRange(SplitTuples(encoded[order[j]]));
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                for (var k = 0; k < tuples.Count; k += ChunkRows)
                {
                    await using var stream = await connection.BeginRawBinaryCopyAsync($"COPY {Table} (device_id, metric_id, ts, value, seq) FROM STDIN (FORMAT BINARY)", cancellationToken);
                    await stream.WriteAsync(PgCopyEncoder.Header.ToArray(), cancellationToken);
                    for (var t = k; t < Math.Min(tuples.Count, k + ChunkRows); t++)
                    {
                        await stream.WriteAsync(tuples[t], cancellationToken);
                    }

                    await stream.WriteAsync(PgCopyEncoder.Trailer.ToArray(), cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            for (var i = 0; i < order.Count && direct is not null && !chunked; i += Math.Min(group, order.Count))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var stream = await connection.BeginRawBinaryCopyAsync($"COPY {(direct == true ? partition : Table)} (device_id, metric_id, ts, value, seq) FROM STDIN (FORMAT BINARY){where}", cancellationToken))
                {
                    await stream.WriteAsync(PgCopyEncoder.Header.ToArray(), cancellationToken);
                    for (var j = i; j < Math.Min(order.Count, i + group); j++)
                    {
                        await stream.WriteAsync(encoded[order[j]], cancellationToken);
                    }

                    await stream.WriteAsync(PgCopyEncoder.Trailer.ToArray(), cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            var wall = clock.Elapsed.TotalSeconds;
            return (ProcessCpu(pid) - cpu0, wall);
        }
    }

    private static readonly string VolatileWhere = Environment.GetEnvironmentVariable("GI_BENCH_COPY_WHERE") ?? "random() >= 0";

    private static readonly int ChunkRows = int.TryParse(Environment.GetEnvironmentVariable("GI_BENCH_COPY_CHUNK"), out var c) ? c : 60;

    /// <summary>The single tuples of binary COPY data (no header, no trailer).</summary>
    private static List<ReadOnlyMemory<byte>> SplitTuples(byte[] tuples)
    {
        var list = new List<ReadOnlyMemory<byte>>();
        for (var at = 0; at < tuples.Length;)
        {
            var start = at;
            var fields = System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(tuples.AsSpan(at));
            at += 2;
            for (var f = 0; f < fields; f++)
            {
                var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(tuples.AsSpan(at));
                at += 4 + Math.Max(0, length);
            }

            list.Add(tuples.AsMemory(start, at - start));
        }

        return list;
    }

    private static byte[] Tuples(List<ValidReading> readings)
    {
        var (buffer, length) = PgCopyEncoder.Encode(readings);
        var tuples = buffer.AsSpan(PgCopyEncoder.HeaderLength, length - PgCopyEncoder.HeaderLength - PgCopyEncoder.TrailerLength).ToArray();
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        return tuples;
    }

    private static double ProcessCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }
}
