using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Telemetry.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace GreenIsland.Telemetry.Ingest;

/// <summary>
/// The PostgreSQL write path: no EF change tracking. Readings go in as parameter arrays through one
/// <c>INSERT .. SELECT FROM unnest(..) ON CONFLICT DO NOTHING RETURNING</c>, which tells us which rows are new;
/// rollups computed in memory from those rows are upserted the same way; all in one transaction.
/// </summary>
internal sealed class PostgresReadingStore(TelemetryDatabase database, ReadingPartitions partitions, RollupCalendar calendar, LastSeenThrottle lastSeen)
    : IReadingStore
{
    private const string Schema = TelemetryDbContext.Module;

    private const string InsertReadingsSql = $"""
        INSERT INTO {Schema}.{TelemetryDbContext.ReadingsTable} (device_id, metric_id, ts, value, seq)
        SELECT * FROM unnest(@d, @m, @t, @v, @s)
        ON CONFLICT DO NOTHING
        RETURNING device_id, metric_id, ts
        """;

    private const string RegisterWindowSql = $"""
        SELECT g.i, r.ts, r.value
        FROM unnest(@d, @m, @lo, @hi) WITH ORDINALITY AS g(d, m, lo, hi, i)
        CROSS JOIN LATERAL (
            SELECT x.ts, x.value FROM {Schema}.{TelemetryDbContext.ReadingsTable} x
            WHERE x.device_id = g.d AND x.metric_id = g.m
              AND x.ts >= COALESCE((SELECT max(p.ts) FROM {Schema}.{TelemetryDbContext.ReadingsTable} p
                                    WHERE p.device_id = g.d AND p.metric_id = g.m AND p.ts < g.lo), g.lo)
              AND x.ts <= COALESCE((SELECT min(n.ts) FROM {Schema}.{TelemetryDbContext.ReadingsTable} n
                                    WHERE n.device_id = g.d AND n.metric_id = g.m AND n.ts > g.hi), g.hi)
        ) r
        ORDER BY g.i, r.ts
        """;

    private const string UpsertRollupsSql = $"""
        INSERT INTO {Schema}.{TelemetryDbContext.RollupsTable} AS r (device_id, metric_id, grain, bucket_start, count, sum, min, max, last_ts, last)
        SELECT * FROM unnest(@d, @m, @g, @b, @c, @s, @mn, @mx, @lt, @l)
        ON CONFLICT (device_id, metric_id, grain, bucket_start) DO UPDATE SET
            count = r.count + excluded.count,
            sum = r.sum + excluded.sum,
            min = LEAST(r.min, excluded.min),
            max = GREATEST(r.max, excluded.max),
            last = CASE WHEN excluded.last_ts >= r.last_ts THEN excluded.last ELSE r.last END,
            last_ts = GREATEST(r.last_ts, excluded.last_ts)
        """;

    private const string TouchDevicesSql = $"""
        UPDATE {Schema}.{TelemetryDbContext.DevicesTable} SET last_seen_at = @now
        WHERE device_id = ANY(@ids) AND (last_seen_at IS NULL OR last_seen_at < @now)
        """;

    private const string InsertOutboxSql = $"""
        INSERT INTO {Schema}.{TelemetryDbContext.OutboxTable} (id, occurred_at, type, payload, attempts, next_attempt_at)
        VALUES (@id, @at, @type, @payload, 0, @at)
        """;

    public async Task<IngestWriteResult> WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        var readings = batch.Readings;
        if (readings.Count == 0)
        {
            return new IngestWriteResult(0, 0, []);
        }

        await EnsurePartitionsAsync(readings, cancellationToken);

        var n = readings.Count;
        var deviceIds = new Guid[n];
        var metricIds = new short[n];
        var timestamps = new DateTime[n];
        var values = new double[n];
        var sequences = new long?[n];
        for (var i = 0; i < n; i++)
        {
            var r = readings[i];
            deviceIds[i] = r.DeviceId;
            metricIds[i] = r.MetricId;
            timestamps[i] = r.TimestampUtc;
            values[i] = r.Value;
            sequences[i] = r.Sequence;
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var isNew = await InsertReadingsAsync(connection, deviceIds, metricIds, timestamps, values, sequences, cancellationToken);

        var computation = new IngestComputation(batch, calendar);
        var inserted = 0;
        for (var i = 0; i < n; i++)
        {
            if (isNew is null || isNew.Contains(new ReadingKey(deviceIds[i], metricIds[i], timestamps[i])))
            {
                computation.AddNew(readings[i]);
                inserted++;
            }
        }

        if (computation.RegisterGroups.Count > 0)
        {
            await ApplyRegisterWindowsAsync(connection, computation, isNew, readings, cancellationToken);
        }

        var series = computation.Series();
        // The sender (a gateway reports for others) was heard from too.
        var touch = lastSeen.Due(series.Select(s => s.DeviceId).Append(batch.ActorDeviceId).Distinct(), batch.Devices, batch.ReceivedAtUtc);
        if (inserted > 0 || touch.Length > 0)
        {
            await using var npgsqlBatch = new NpgsqlBatch(connection);
            if (inserted > 0)
            {
                npgsqlBatch.BatchCommands.Add(RollupCommand(computation.Rollups));
            }

            if (touch.Length > 0)
            {
                var touched = new NpgsqlBatchCommand(TouchDevicesSql);
                touched.Parameters.Add(new NpgsqlParameter<DateTime>("now", batch.ReceivedAtUtc));
                touched.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", touch));
                npgsqlBatch.BatchCommands.Add(touched);
            }

            if (inserted > 0)
            {
                var message = OutboxSerializer.ToMessage(new ReadingsAccepted
                {
                    EventId = Guid.CreateVersion7(batch.ReceivedAtUtc),
                    OccurredAtUtc = batch.ReceivedAtUtc,
                    OrganisationId = batch.OrganisationId,
                    Series = series,
                });
                var outbox = new NpgsqlBatchCommand(InsertOutboxSql);
                outbox.Parameters.Add(new NpgsqlParameter<Guid>("id", message.Id));
                outbox.Parameters.Add(new NpgsqlParameter<DateTime>("at", message.OccurredAt));
                outbox.Parameters.Add(new NpgsqlParameter<string>("type", message.Type));
                outbox.Parameters.Add(new NpgsqlParameter<string>("payload", message.Payload));
                npgsqlBatch.BatchCommands.Add(outbox);
            }

            await npgsqlBatch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        lastSeen.Written(touch, batch.ReceivedAtUtc);

        return new IngestWriteResult(inserted, n - inserted, series);
    }

    private async Task EnsurePartitionsAsync(IReadOnlyList<ValidReading> readings, CancellationToken cancellationToken)
    {
        List<DateTime>? missing = null;
        DateTime lastMonth = default;
        foreach (var r in readings)
        {
            var month = ReadingPartitions.MonthOf(r.TimestampUtc);
            if (month != lastMonth && !partitions.IsKnown(month))
            {
                (missing ??= []).Add(month);
            }

            lastMonth = month;
        }

        if (missing is not null)
        {
            // Outside the ingest transaction: DDL failing there would abort the whole batch.
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await partitions.EnsureAsync(connection, missing, cancellationToken);
        }
    }

    /// <returns>The keys of the rows that were new, or null when every row was new.</returns>
    private static async Task<HashSet<ReadingKey>?> InsertReadingsAsync(
        NpgsqlConnection connection,
        Guid[] deviceIds,
        short[] metricIds,
        DateTime[] timestamps,
        double[] values,
        long?[] sequences,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertReadingsSql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("d", deviceIds));
        command.Parameters.Add(new NpgsqlParameter<short[]>("m", metricIds));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("t", timestamps) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<double[]>("v", values));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("s", sequences) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });

        var returned = new List<ReadingKey>(deviceIds.Length);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                returned.Add(new ReadingKey(reader.GetGuid(0), reader.GetInt16(1), DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)));
            }
        }

        return returned.Count == deviceIds.Length ? null : [.. returned];
    }

    private static async Task ApplyRegisterWindowsAsync(
        NpgsqlConnection connection,
        IngestComputation computation,
        HashSet<ReadingKey>? isNew,
        IReadOnlyList<ValidReading> readings,
        CancellationToken cancellationToken)
    {
        var groups = computation.RegisterGroups.OrderBy(g => g.Key.DeviceId).ThenBy(g => g.Key.MetricId).ToList();

        // Serialise concurrent writers of the same register: each then sees the other's committed readings
        // when it reads its window, so consumption is counted exactly once.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(k) FROM unnest(@k) AS k ORDER BY k", connection))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long[]>("k", groups.Select(g => LockKey(g.Key.DeviceId, g.Key.MetricId)).Distinct().Order().ToArray()));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var newKeys = isNew ?? [.. readings.Select(r => new ReadingKey(r.DeviceId, r.MetricId, r.TimestampUtc))];
        await using var command = new NpgsqlCommand(RegisterWindowSql, connection);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("d", groups.Select(g => g.Key.DeviceId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<short[]>("m", groups.Select(g => g.Key.MetricId).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("lo", groups.Select(g => g.Value.Min()).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("hi", groups.Select(g => g.Value.Max()).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });

        var windows = groups.Select(_ => new List<RegisterPoint>()).ToList();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var index = (int)reader.GetInt64(0) - 1;
                var ts = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
                var (deviceId, metricId) = groups[index].Key;
                windows[index].Add(new RegisterPoint(ts, reader.GetDouble(2), newKeys.Contains(new ReadingKey(deviceId, metricId, ts))));
            }
        }

        for (var i = 0; i < groups.Count; i++)
        {
            computation.ApplyRegisterWindow(groups[i].Key.DeviceId, groups[i].Key.MetricId, windows[i]);
        }
    }

    /// <summary>Deterministic across processes (unlike HashCode), so every instance locks the same key.</summary>
    private static long LockKey(Guid deviceId, short metricId)
    {
        Span<byte> bytes = stackalloc byte[16];
        deviceId.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]) ^ metricId;
    }

    private static NpgsqlBatchCommand RollupCommand(RollupAccumulator rollups)
    {
        // Sorted so concurrent batches lock rollup rows in the same order (no deadlocks).
        var cells = rollups.Cells.OrderBy(c => c.Key.DeviceId).ThenBy(c => c.Key.MetricId).ThenBy(c => c.Key.Grain).ThenBy(c => c.Key.BucketStartUtc).ToList();
        var n = cells.Count;
        var d = new Guid[n];
        var m = new short[n];
        var g = new short[n];
        var b = new DateTime[n];
        var c = new long[n];
        var s = new double[n];
        var mn = new double[n];
        var mx = new double[n];
        var lt = new DateTime[n];
        var l = new double[n];
        for (var i = 0; i < n; i++)
        {
            var (key, cell) = (cells[i].Key, cells[i].Value);
            d[i] = key.DeviceId;
            m[i] = key.MetricId;
            g[i] = (short)key.Grain;
            b[i] = key.BucketStartUtc;
            c[i] = cell.Count;
            s[i] = cell.Sum;
            mn[i] = cell.Min;
            mx[i] = cell.Max;
            lt[i] = cell.HasReadings ? cell.LastTimestampUtc : DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);
            l[i] = cell.Last;
        }

        var command = new NpgsqlBatchCommand(UpsertRollupsSql);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("d", d));
        command.Parameters.Add(new NpgsqlParameter<short[]>("m", m));
        command.Parameters.Add(new NpgsqlParameter<short[]>("g", g));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("b", b) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<long[]>("c", c));
        command.Parameters.Add(new NpgsqlParameter<double[]>("s", s));
        command.Parameters.Add(new NpgsqlParameter<double[]>("mn", mn));
        command.Parameters.Add(new NpgsqlParameter<double[]>("mx", mx));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("lt", lt) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<double[]>("l", l));
        return command;
    }
}
