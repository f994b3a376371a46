using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Telemetry.Persistence;
using Npgsql;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace GreenIsland.Telemetry.Ingest;

/// <summary>
/// The PostgreSQL write path: no EF change tracking. Readings go in optimistically with one binary <c>COPY</c>
/// (the common case: every reading is new); a unique violation rolls that back and the batch is written with
/// <c>INSERT .. SELECT FROM unnest(..) ON CONFLICT DO NOTHING RETURNING</c>, which tells which rows are new. The
/// batch's rollup cells, pre-aggregated in memory, are stored as one <c>telemetry_rollup_deltas</c> row in the
/// same transaction and folded into <c>telemetry_rollups</c> by <see cref="MergeRollupsAsync"/> (ADR 0008).
/// </summary>
internal sealed class PostgresReadingStore(
    TelemetryDatabase database,
    ReadingPartitions partitions,
    RollupCalendar calendar,
    LastSeenThrottle lastSeen,
    DeferredWork deferredWork,
    IOptions<TelemetryOptions> options)
    : IReadingStore, IDisposable
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

    /// <summary>
    /// The readings' <c>COPY</c>. Its <c>WHERE</c> clause is always true (<c>random()</c> is in [0, 1)) and filters
    /// nothing: being volatile, it makes PostgreSQL insert the rows one at a time instead of buffering them for
    /// multi-row inserts. A buffering <c>COPY</c> creates one tuple slot per buffered row (up to 1,000) and drops them
    /// all at its end; PostgreSQL 15 registers each slot's pin of the table's row type with the transaction's resource
    /// owner in a hash keyed by that one pointer, so registering and releasing them costs quadratically - about 1.5 ms
    /// of server CPU for each <c>COPY</c> of 1,000 rows or more, ~1.1 us per reading at the API path's group sizes
    /// (<c>greenisland bench ingest-pg</c>: 4.0-4.2 against 2.9-3.1 us per row for group-sized <c>COPY</c>s; one big
    /// <c>COPY</c> costs the same either way, so the single-row inserts themselves are not dearer). ADR 0011 amendment.
    /// </summary>
    internal const string CopyReadingsSql =
        $"COPY {Schema}.{TelemetryDbContext.ReadingsTable} (device_id, metric_id, ts, value, seq) FROM STDIN (FORMAT BINARY) WHERE random() >= 0";


    private const string TakeDeltasSql = $"""
        DELETE FROM {Schema}.{TelemetryDbContext.RollupDeltasTable}
        WHERE id IN (SELECT id FROM {Schema}.{TelemetryDbContext.RollupDeltasTable} ORDER BY id LIMIT @limit)
        RETURNING id, payload
        """;

    /// <summary>Serialises rollup merges across instances (an arbitrary constant: "telemetry rollup merge").</summary>
    private const long MergeLockKey = 0x7465_6C65_6D72_6731;

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


    private const string InsertDeltasSql = $"""
        INSERT INTO {Schema}.{TelemetryDbContext.RollupDeltasTable} (id, created_at, cells, payload)
        SELECT * FROM unnest(@id, @at, @cells, @payload)
        """;

    private const string TouchDevicesManySql = $"""
        UPDATE {Schema}.{TelemetryDbContext.DevicesTable} AS d SET last_seen_at = u.now
        FROM unnest(@ids, @nows) AS u(id, now)
        WHERE d.device_id = u.id AND (d.last_seen_at IS NULL OR d.last_seen_at < u.now)
        """;

    private const string InsertOutboxManySql = $"""
        INSERT INTO {Schema}.{TelemetryDbContext.OutboxTable} (id, occurred_at, type, payload, attempts, next_attempt_at)
        SELECT u.id, u.at, u.type, u.payload, 0, u.at FROM unnest(@id, @at, @type, @payload) AS u(id, at, type, payload)
        """;

    private static readonly byte[] CopyHeader = PgCopyEncoder.Header.ToArray();

    private static readonly byte[] CopyTrailer = PgCopyEncoder.Trailer.ToArray();

    /// <summary>Group writers at a time (<see cref="TelemetryOptions.IngestWriters"/>).</summary>
    private readonly SemaphoreSlim writers = new(options.Value.EffectiveIngestWriters, options.Value.EffectiveIngestWriters);

    /// <summary>Batches waiting for a writer (group commit, <see cref="WriteAsync"/>).</summary>
    private readonly List<PendingBatch> queue = [];

    public void Dispose() => writers.Dispose();


    /// <summary>
    /// Group commit: the batches that queue up while the writers are busy are written together, in one transaction
    /// with one <c>COPY</c> of all their readings (PostgreSQL's per-statement <c>COPY</c> set-up and the commit are
    /// paid once per group, not once per batch). Each batch keeps its own rollup delta row and outbox message, and
    /// every request returns only after the transaction holding its batch committed. If any reading of the group is
    /// stored already (a re-sent batch, or two queued batches overlapping), the group is rolled back and each of its
    /// batches is written on its own, exactly as an ungrouped batch: optimistic <c>COPY</c>, then
    /// <c>ON CONFLICT DO NOTHING</c>, so every reading is counted new exactly once. Batches of cumulative metrics
    /// (which read stored neighbours under a per-register lock) are never grouped.
    /// </summary>
    public async Task<IngestWriteResult> WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        var readings = batch.Readings;
        if (readings.Count == 0)
        {
            return new IngestWriteResult(0, 0, []);
        }

        await EnsurePartitionsAsync(readings, cancellationToken);

        // Everything a group writer needs, computed here on the request's thread (in parallel with other requests),
        // assuming every reading is new (the common case; the fallback recomputes).
        var computation = new IngestComputation(batch, calendar);
        foreach (var r in readings)
        {
            computation.AddNew(r);
        }

        if (computation.RegisterGroups.Count > 0)
        {
            return await WriteAloneAsync(batch, cancellationToken);
        }

        var pending = new PendingBatch(batch, computation, lastSeen);
        lock (queue)
        {
            queue.Add(pending);
        }

        // Not cancellable once queued: another request's group may already be writing this batch.
        await writers.WaitAsync(CancellationToken.None);
        try
        {
            if (!pending.Done.Task.IsCompleted)
            {
                List<PendingBatch> group;
                lock (queue)
                {
                    group = [.. queue];
                    queue.Clear();
                }

                if (group.Count > 0)
                {
                    await WriteGroupAsync(group);
                }
            }
        }
        finally
        {
            writers.Release();
        }

        return await pending.Done.Task;
    }

    /// <summary>
    /// Writes the given batches as one group, exactly as <see cref="WriteAsync"/> does with batches that queued up
    /// together (for tests: which batches arrive together is otherwise up to timing).
    /// </summary>
    internal async Task<IngestWriteResult[]> WriteAsGroupAsync(IReadOnlyList<IngestBatch> batches) =>
        await Task.WhenAll(await WriteAsGroupSettledAsync(batches));

    /// <summary>As <see cref="WriteAsGroupAsync"/>, one task per batch (a batch that cannot be written faults its own task).</summary>
    internal async Task<Task<IngestWriteResult>[]> WriteAsGroupSettledAsync(IReadOnlyList<IngestBatch> batches)
    {
        var group = new List<PendingBatch>(batches.Count);
        foreach (var batch in batches)
        {
            await EnsurePartitionsAsync(batch.Readings, CancellationToken.None);
            var computation = new IngestComputation(batch, calendar);
            foreach (var r in batch.Readings)
            {
                computation.AddNew(r);
            }

            group.Add(new PendingBatch(batch, computation, lastSeen));
        }

        await writers.WaitAsync(CancellationToken.None);
        try
        {
            await WriteGroupAsync(group);
        }
        finally
        {
            writers.Release();
        }

        var done = group.Select(p => p.Done.Task).ToArray();
        try
        {
            await Task.WhenAll(done);
        }
        catch (Exception)
        {
            // Reported per batch.
        }

        return done;
    }

    private async Task WriteGroupAsync(List<PendingBatch> group)
    {
        BatchRows[]? written = null;
        Exception? failure = null;
        try
        {
            written = await RetryIfTransientAsync(() => TryWriteGroupAsync(group));
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            foreach (var one in group)
            {
                one.ReturnBuffer();
            }
        }

        if (written is not null)
        {
            deferredWork.Committed(); // wakes the outbox dispatcher and the rollup merge (s6-outbox)
            for (var i = 0; i < group.Count; i++)
            {
                lastSeen.Written(written[i].Touch, group[i].Batch.ReceivedAtUtc);
                group[i].Done.TrySetResult(written[i].Result);
            }

            return;
        }

        if (group.Count == 1)
        {
            group[0].Done.TrySetException(failure!);
            return;
        }

        // The group failed for another reason than a stored reading: each batch on its own, so a batch that cannot
        // be written fails alone.
        foreach (var one in group)
        {
            try
            {
                one.Done.TrySetResult(await WriteAloneAsync(one.Batch, CancellationToken.None));
            }
            catch (Exception e)
            {
                one.Done.TrySetException(e);
            }
        }
    }

    /// <summary>
    /// One transaction for the whole group: optimistic <c>COPY</c> of every reading; if one is stored already (or two
    /// batches of the group overlap) the transaction is rolled back and the group is written again in one transaction
    /// with <c>INSERT .. ON CONFLICT DO NOTHING RETURNING</c> over all its readings in group order, each returned key
    /// counting as new for the first batch that holds it (exactly what writing the batches one after another gives).
    /// </summary>
    private async Task<BatchRows[]> TryWriteGroupAsync(List<PendingBatch> group)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(CancellationToken.None);
        await using (var optimistic = await connection.BeginTransactionAsync(CancellationToken.None))
        {
            if (await TryCopyAsync(connection, group.Select(p => p.Tuples), CancellationToken.None))
            {
                var rows = group.Select(p => p.Rows).ToArray();
                await ExecuteRowsAsync(connection, rows, CancellationToken.None);
                await optimistic.CommitAsync(CancellationToken.None);
                return rows;
            }

            await optimistic.RollbackAsync(CancellationToken.None);
        }

        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        var isNew = await InsertReadingsAsync(connection, group.SelectMany(p => p.Batch.Readings).ToList(), CancellationToken.None);
        var written = new BatchRows[group.Count];
        for (var i = 0; i < group.Count; i++)
        {
            var batch = group[i].Batch;
            var computation = new IngestComputation(batch, calendar);
            var inserted = 0;
            foreach (var r in batch.Readings)
            {
                if (isNew is null || isNew.Remove(new ReadingKey(r.DeviceId, r.MetricId, r.TimestampUtc)))
                {
                    computation.AddNew(r);
                    inserted++;
                }
            }

            written[i] = BatchRows.Of(batch, computation, inserted, lastSeen);
        }

        await ExecuteRowsAsync(connection, written, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return written;
    }

    /// <summary>
    /// One batch in its own transaction (cumulative metrics, or a batch of a group that failed): optimistic
    /// <c>COPY</c>, else <c>ON CONFLICT DO NOTHING</c>; retried after a deadlock or serialization failure (<see cref="RetryIfTransientAsync"/>).
    /// </summary>
    private Task<IngestWriteResult> WriteAloneAsync(IngestBatch batch, CancellationToken cancellationToken) =>
        RetryIfTransientAsync(() => WriteAloneOnceAsync(batch, cancellationToken));

    private async Task<IngestWriteResult> WriteAloneOnceAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        var readings = batch.Readings;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using (var optimistic = await connection.BeginTransactionAsync(cancellationToken))
        {
            var (buffer, length) = PgCopyEncoder.EncodeBySeries(readings);
            try
            {
                var tuples = buffer.AsMemory(PgCopyEncoder.HeaderLength, length - PgCopyEncoder.HeaderLength - PgCopyEncoder.TrailerLength);
                if (await TryCopyAsync(connection, [tuples], cancellationToken))
                {
                    return await CompleteAsync(connection, optimistic, batch, isNew: null, cancellationToken);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }

            await optimistic.RollbackAsync(cancellationToken);
        }

        // Some reading is stored already (a re-sent batch): start over and let ON CONFLICT sort them out.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var isNew = await InsertReadingsAsync(connection, readings, cancellationToken);
        return await CompleteAsync(connection, transaction, batch, isNew, cancellationToken);
    }

    /// <summary>
    /// A deadlock (<c>40P01</c>) or serialization failure (<c>40001</c>) rolled the transaction back and wrote
    /// nothing; the write is tried again, up to <see cref="MaxWriteAttempts"/> times in all, after a short random
    /// pause (so two victims of the same conflict do not meet again at once). Concurrent writers (several instances,
    /// or <see cref="TelemetryOptions.IngestWriters"/> above one) can deadlock on the readings' key index when their
    /// batches overlap, or on device rows when they update last-seen; a retry can meet the same writer again.
    /// </summary>
    private static async Task<T> RetryIfTransientAsync<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception e) when (IsTransient(e) && attempt < MaxWriteAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * attempt));
            }
        }
    }

    /// <summary>Attempts of one write when it keeps being a deadlock victim (<see cref="RetryIfTransientAsync"/>).</summary>
    internal const int MaxWriteAttempts = 4;

    private static bool IsTransient(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>
    /// Folds committed rollup deltas into <c>telemetry_rollups</c>, oldest first, in transactions of at most
    /// <paramref name="limit"/> deltas; returns how many deltas were folded. Each transaction takes an advisory lock
    /// (merges run one at a time across instances) and deletes the deltas it folds, so a delta is counted exactly
    /// once: a crash before commit leaves them for the next merge.
    /// </summary>
    public async Task<int> MergeRollupsAsync(int limit, CancellationToken cancellationToken)
    {
        var merged = 0;
        while (true)
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", connection))
            {
                lockCommand.Parameters.Add(new NpgsqlParameter<long>("k", MergeLockKey));
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            var taken = new List<(Guid Id, byte[] Payload)>();
            await using (var take = new NpgsqlCommand(TakeDeltasSql, connection))
            {
                take.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
                await using var reader = await take.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    taken.Add((reader.GetGuid(0), reader.GetFieldValue<byte[]>(1)));
                }
            }

            if (taken.Count > 0)
            {
                taken.Sort((a, b) => a.Id.CompareTo(b.Id));
                var cells = RollupAccumulator.Expand(taken.SelectMany(t => RollupDeltaCodec.Decode(t.Payload)));
                await using var upsert = new NpgsqlBatch(connection);
                upsert.BatchCommands.Add(RollupCommand(cells));
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            merged += taken.Count;
            if (taken.Count < limit)
            {
                return merged;
            }
        }
    }

    /// <summary>
    /// Rollup delta, last-seen and outbox for the readings just written (<c>isNew</c>: the keys of the new ones,
    /// null when every reading was new); commits.
    /// </summary>
    private async Task<IngestWriteResult> CompleteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        IngestBatch batch,
        HashSet<ReadingKey>? isNew,
        CancellationToken cancellationToken)
    {
        var readings = batch.Readings;
        var n = readings.Count;
        var computation = new IngestComputation(batch, calendar);
        var inserted = 0;
        for (var i = 0; i < n; i++)
        {
            if (isNew is null || isNew.Contains(new ReadingKey(readings[i].DeviceId, readings[i].MetricId, readings[i].TimestampUtc)))
            {
                computation.AddNew(readings[i]);
                inserted++;
            }
        }

        if (computation.RegisterGroups.Count > 0)
        {
            await ApplyRegisterWindowsAsync(connection, computation, isNew, readings, cancellationToken);
        }

        var rows = BatchRows.Of(batch, computation, inserted, lastSeen);
        await ExecuteRowsAsync(connection, [rows], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        deferredWork.Committed(); // wakes the outbox dispatcher and the rollup merge (s6-outbox)
        lastSeen.Written(rows.Touch, batch.ReceivedAtUtc);
        return rows.Result;
    }

    /// <summary>
    /// The rows that go with the batches' readings, in one round trip: one statement for the rollup delta rows, one
    /// for last-seen, one for the outbox messages (each only when there is something to write).
    /// </summary>
    private static async Task ExecuteRowsAsync(NpgsqlConnection connection, IReadOnlyList<BatchRows> rows, CancellationToken cancellationToken)
    {
        var withReadings = rows.Where(r => r.Message is not null).ToList();
        var touch = new SortedDictionary<Guid, DateTime>();
        foreach (var one in rows)
        {
            foreach (var id in one.Touch)
            {
                touch[id] = touch.TryGetValue(id, out var at) && at > one.At ? at : one.At;
            }
        }

        await using var npgsqlBatch = new NpgsqlBatch(connection);
        if (withReadings.Count > 0)
        {
            var deltas = new NpgsqlBatchCommand(InsertDeltasSql);
            deltas.Parameters.Add(new NpgsqlParameter<Guid[]>("id", [.. withReadings.Select(r => r.DeltaId)]));
            deltas.Parameters.Add(new NpgsqlParameter<DateTime[]>("at", [.. withReadings.Select(r => r.At)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            deltas.Parameters.Add(new NpgsqlParameter<int[]>("cells", [.. withReadings.Select(r => r.DeltaCells)]));
            deltas.Parameters.Add(new NpgsqlParameter<byte[][]>("payload", [.. withReadings.Select(r => r.DeltaPayload!)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            npgsqlBatch.BatchCommands.Add(deltas);
        }

        if (touch.Count > 0)
        {
            var touched = new NpgsqlBatchCommand(TouchDevicesManySql);
            touched.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. touch.Keys]));
            touched.Parameters.Add(new NpgsqlParameter<DateTime[]>("nows", [.. touch.Values]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            npgsqlBatch.BatchCommands.Add(touched);
        }

        if (withReadings.Count > 0)
        {
            var outbox = new NpgsqlBatchCommand(InsertOutboxManySql);
            outbox.Parameters.Add(new NpgsqlParameter<Guid[]>("id", [.. withReadings.Select(r => r.Message!.Id)]));
            outbox.Parameters.Add(new NpgsqlParameter<DateTime[]>("at", [.. withReadings.Select(r => r.Message!.OccurredAt)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            outbox.Parameters.Add(new NpgsqlParameter<string[]>("type", [.. withReadings.Select(r => r.Message!.Type)]));
            outbox.Parameters.Add(new NpgsqlParameter<string[]>("payload", [.. withReadings.Select(r => r.Message!.Payload)]));
            npgsqlBatch.BatchCommands.Add(outbox);
        }

        if (npgsqlBatch.BatchCommands.Count > 0)
        {
            await npgsqlBatch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>One binary <c>COPY</c> of the given tuples (header and trailer added here).</summary>
    /// <returns>False when a reading is stored already (the transaction is then aborted).</returns>
    private static async Task<bool> TryCopyAsync(NpgsqlConnection connection, IEnumerable<ReadOnlyMemory<byte>> tuples, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await connection.BeginRawBinaryCopyAsync(CopyReadingsSql, cancellationToken);
            await stream.WriteAsync(CopyHeader, cancellationToken);
            foreach (var part in tuples)
            {
                await stream.WriteAsync(part, cancellationToken);
            }

            await stream.WriteAsync(CopyTrailer, cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
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

    /// <summary><c>INSERT .. ON CONFLICT DO NOTHING RETURNING</c> of the readings, in order (of two equal keys the first is stored).</summary>
    /// <returns>The keys of the rows that were new, or null when every row was new.</returns>
    private static async Task<HashSet<ReadingKey>?> InsertReadingsAsync(NpgsqlConnection connection, IReadOnlyList<ValidReading> readings, CancellationToken cancellationToken)
    {
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

    /// <summary>
    /// What a batch writes besides its readings: its rollup delta row and its <c>ReadingsAccepted</c> message (both
    /// only when some reading was new) and the devices whose last-seen is due.
    /// </summary>
    private sealed record BatchRows(IngestWriteResult Result, DateTime At, Guid DeltaId, int DeltaCells, byte[]? DeltaPayload, OutboxMessage? Message, Guid[] Touch)
    {
        /// <summary>The rows of <paramref name="batch"/>, whose <paramref name="inserted"/> new readings (and register windows) are in <paramref name="computation"/>.</summary>
        public static BatchRows Of(IngestBatch batch, IngestComputation computation, int inserted, LastSeenThrottle lastSeen)
        {
            var series = computation.Series();
            var result = new IngestWriteResult(inserted, batch.Readings.Count - inserted, series);
            // The sender (a gateway reports for others) was heard from too.
            var touch = lastSeen.Due(series.Select(s => s.DeviceId).Append(batch.ActorDeviceId).Distinct(), batch.Devices, batch.ReceivedAtUtc);
            var at = batch.ReceivedAtUtc;
            if (inserted == 0)
            {
                return new BatchRows(result, at, Guid.Empty, 0, null, null, touch);
            }

            var deltas = computation.Rollups.Deltas;
            var message = OutboxSerializer.ToMessage(new ReadingsAccepted
            {
                EventId = Guid.CreateVersion7(at),
                OccurredAtUtc = at,
                OrganisationId = batch.OrganisationId,
                Series = series,
            });
            return new BatchRows(result, at, Guid.CreateVersion7(at), deltas.Count, RollupDeltaCodec.Encode(deltas), message, touch);
        }
    }

    /// <summary>A queued batch with everything its group writer sends, encoded assuming every reading is new.</summary>
    private sealed class PendingBatch
    {
        private byte[]? buffer;

        public PendingBatch(IngestBatch batch, IngestComputation computation, LastSeenThrottle lastSeen)
        {
            Batch = batch;
            Rows = BatchRows.Of(batch, computation, batch.Readings.Count, lastSeen);
            int length;
            (buffer, length) = PgCopyEncoder.EncodeBySeries(batch.Readings, batch.Series); // the batch's series, found once (s7-host)
            Tuples = buffer.AsMemory(PgCopyEncoder.HeaderLength, length - PgCopyEncoder.HeaderLength - PgCopyEncoder.TrailerLength);
        }

        public IngestBatch Batch { get; }

        public BatchRows Rows { get; }

        /// <summary>The batch's <c>COPY</c> tuples (no header, no trailer).</summary>
        public ReadOnlyMemory<byte> Tuples { get; private set; }

        public TaskCompletionSource<IngestWriteResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReturnBuffer()
        {
            if (buffer is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                (buffer, Tuples) = (null, ReadOnlyMemory<byte>.Empty);
            }
        }
    }

    /// <summary>Deterministic across processes (unlike HashCode), so every instance locks the same key.</summary>
    private static long LockKey(Guid deviceId, short metricId)
    {
        Span<byte> bytes = stackalloc byte[16];
        deviceId.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]) ^ metricId;
    }

    private static NpgsqlBatchCommand RollupCommand(IReadOnlyDictionary<RollupKey, RollupCell> rollups)
    {
        // Sorted so writers lock rollup rows in the same order (no deadlocks).
        var cells = rollups.OrderBy(c => c.Key.DeviceId).ThenBy(c => c.Key.MetricId).ThenBy(c => c.Key.Grain).ThenBy(c => c.Key.BucketStartUtc).ToList();
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
