using System.Data;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Data.Sqlite;

namespace GreenIsland.Telemetry.Ingest;

/// <summary>
/// The SQLite write path: prepared statements in one transaction, no EF change tracking. SQLite has one
/// writer at a time, so batches are serialised in process rather than left to fail with SQLITE_BUSY, and the
/// batches that queue up while one transaction is written are committed together (group commit, one WAL commit for
/// all of them; every request is answered only after that commit).
/// Readings go in optimistically through one prepared multi-row <c>INSERT</c> (every reading new, the common
/// case); a primary-key violation rolls that back and the batch is written row by row with
/// <c>ON CONFLICT DO NOTHING</c>, which tells which readings are new. Rollup cells go into one
/// <c>telemetry_rollup_deltas</c> row, folded into <c>telemetry_rollups</c> by <see cref="MergeRollupsAsync"/>.
/// </summary>
internal sealed class SqliteReadingStore(TelemetryDatabase database, RollupCalendar calendar, LastSeenThrottle lastSeen) : IReadingStore, IDisposable
{
    private const string InsertReadingSql = $"""
        INSERT INTO {TelemetryDbContext.ReadingsTable} (device_id, metric_id, ts, value, seq)
        VALUES ($d, $m, $t, $v, $s) ON CONFLICT DO NOTHING
        """;

    /// <summary>
    /// Rows per multi-row <c>INSERT</c>. Microsoft.Data.Sqlite binds parameters by name and SQLite resolves each name
    /// with a linear scan over the statement's parameter names, so binding costs O(parameters^2) per execution: at
    /// 100 rows (500 parameters) those string comparisons were the largest item of the whole write path (perf).
    /// </summary>
    private const int RowsPerInsert = 10;

    private const string InsertDeltaSql = $"""
        INSERT INTO {TelemetryDbContext.RollupDeltasTable} (id, created_at, cells, payload) VALUES ($id, $at, $cells, $payload)
        """;

    private const string TakeDeltasSql = $"SELECT id, payload FROM {TelemetryDbContext.RollupDeltasTable} ORDER BY id LIMIT $limit";

    private const string DeleteDeltaSql = $"DELETE FROM {TelemetryDbContext.RollupDeltasTable} WHERE id = $id";

    private static readonly string MultiRowInsertSql =
        $"INSERT INTO {TelemetryDbContext.ReadingsTable} (device_id, metric_id, ts, value, seq) VALUES "
        + string.Join(", ", Enumerable.Range(0, RowsPerInsert).Select(i => $"($d{i}, $m{i}, $t{i}, $v{i}, $s{i})"));

    private static readonly string SingleRowInsertSql =
        $"INSERT INTO {TelemetryDbContext.ReadingsTable} (device_id, metric_id, ts, value, seq) VALUES ($d0, $m0, $t0, $v0, $s0)";

    private const string RegisterWindowSql = $"""
        SELECT ts, value FROM {TelemetryDbContext.ReadingsTable}
        WHERE device_id = $d AND metric_id = $m
          AND ts >= COALESCE((SELECT max(ts) FROM {TelemetryDbContext.ReadingsTable} WHERE device_id = $d AND metric_id = $m AND ts < $lo), $lo)
          AND ts <= COALESCE((SELECT min(ts) FROM {TelemetryDbContext.ReadingsTable} WHERE device_id = $d AND metric_id = $m AND ts > $hi), $hi)
        ORDER BY ts
        """;

    private const string UpsertRollupSql = $"""
        INSERT INTO {TelemetryDbContext.RollupsTable} (device_id, metric_id, grain, bucket_start, count, sum, min, max, last_ts, last)
        VALUES ($d, $m, $g, $b, $c, $s, $mn, $mx, $lt, $l)
        ON CONFLICT (device_id, metric_id, grain, bucket_start) DO UPDATE SET
            count = count + excluded.count,
            sum = sum + excluded.sum,
            min = min(min, excluded.min),
            max = max(max, excluded.max),
            last = CASE WHEN excluded.last_ts >= last_ts THEN excluded.last ELSE last END,
            last_ts = max(last_ts, excluded.last_ts)
        """;

    private const string TouchDeviceSql = $"""
        UPDATE {TelemetryDbContext.DevicesTable} SET last_seen_at = $now
        WHERE device_id = $id AND (last_seen_at IS NULL OR last_seen_at < $now)
        """;

    private const string InsertOutboxSql = $"""
        INSERT INTO {TelemetryDbContext.OutboxTable} (id, occurred_at, type, payload, attempts, next_attempt_at)
        VALUES ($id, $at, $type, $payload, 0, $at)
        """;

    private readonly SemaphoreSlim writer = new(1, 1);

    /// <summary>Batches waiting for the writer (group commit, <see cref="WriteAsync"/>).</summary>
    private readonly List<PendingBatch> queue = [];

    // One long-lived writer connection (writes are serialised anyway): its page cache stays warm, and the
    // optimistic insert statements stay prepared on it.
    private SqliteConnection? connection;
    private SqliteCommand? multiRowInsert;
    private SqliteCommand? singleRowInsert;

    public void Dispose()
    {
        ResetConnection();
        writer.Dispose();
    }

    public async Task<int> MergeRollupsAsync(int limit, CancellationToken cancellationToken)
    {
        var merged = 0;
        while (true)
        {
            await writer.WaitAsync(cancellationToken);
            var taken = new List<(string Id, byte[] Payload)>();
            try
            {
                connection ??= await OpenWriterAsync(database.ConnectionString, cancellationToken);

                // BEGIN IMMEDIATE: the write lock is held from the read to the commit, so another process
                // merging the same file cannot fold these deltas too.
                using var transaction = connection.BeginTransaction(deferred: false);
                using (var take = Command(connection, transaction, TakeDeltasSql, ("$limit", SqliteType.Integer)))
                {
                    take.Parameters[0].Value = limit;
                    using var reader = take.ExecuteReader();
                    while (reader.Read())
                    {
                        taken.Add((reader.GetString(0), (byte[])reader.GetValue(1)));
                    }
                }

                if (taken.Count > 0)
                {
                    UpsertRollups(connection, transaction, RollupAccumulator.Expand(taken.SelectMany(t => RollupDeltaCodec.Decode(t.Payload))));
                    using var delete = Command(connection, transaction, DeleteDeltaSql, ("$id", SqliteType.Text));
                    foreach (var (id, _) in taken)
                    {
                        delete.Parameters[0].Value = id;
                        delete.ExecuteNonQuery();
                    }
                }

                transaction.Commit();
            }
            catch
            {
                ResetConnection();
                throw;
            }
            finally
            {
                writer.Release();
            }

            merged += taken.Count;
            if (taken.Count < limit)
            {
                return merged;
            }
        }
    }

    private void ResetConnection()
    {
        multiRowInsert?.Dispose();
        singleRowInsert?.Dispose();
        connection?.Dispose();
        (multiRowInsert, singleRowInsert, connection) = (null, null, null);
    }

    /// <returns>False when a reading is stored already (the transaction must then be rolled back).</returns>
    private bool TryInsertAll(SqliteConnection writerConnection, SqliteTransaction transaction, IReadOnlyList<ValidReading> readings)
    {
        multiRowInsert ??= InsertCommand(writerConnection, MultiRowInsertSql, RowsPerInsert);
        singleRowInsert ??= InsertCommand(writerConnection, SingleRowInsertSql, 1);
        multiRowInsert.Transaction = transaction;
        singleRowInsert.Transaction = transaction;
        var text = new BindText();
        try
        {
            var i = 0;
            for (; i + RowsPerInsert <= readings.Count; i += RowsPerInsert)
            {
                for (var j = 0; j < RowsPerInsert; j++)
                {
                    Bind(multiRowInsert.Parameters, j * 5, readings[i + j], text);
                }

                multiRowInsert.ExecuteNonQuery();
            }

            for (; i < readings.Count; i++)
            {
                Bind(singleRowInsert.Parameters, 0, readings[i], text);
                singleRowInsert.ExecuteNonQuery();
            }

            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: the primary key (device, metric, ts) of a stored reading.
            return false;
        }
    }

    private static SqliteCommand InsertCommand(SqliteConnection writerConnection, string sql, int rows)
    {
        var command = writerConnection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < rows; i++)
        {
            command.Parameters.Add($"$d{i}", SqliteType.Text);
            command.Parameters.Add($"$m{i}", SqliteType.Integer);
            command.Parameters.Add($"$t{i}", SqliteType.Text);
            command.Parameters.Add($"$v{i}", SqliteType.Real);
            command.Parameters.Add($"$s{i}", SqliteType.Integer);
        }

        return command;
    }

    /// <summary>
    /// Binds a reading as the SQLite provider stores it (GUIDs as upper-case text, instants as
    /// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, exactly what binding a <see cref="Guid"/>/<see cref="DateTime"/> as
    /// <see cref="SqliteType.Text"/> produces). A batch repeats few devices and instants, so their text is formatted
    /// once per batch (<paramref name="text"/>) and not once per reading.
    /// </summary>
    private static void Bind(SqliteParameterCollection parameters, int offset, in ValidReading r, BindText text)
    {
        parameters[offset].Value = text.Of(r.DeviceId);
        parameters[offset + 1].Value = r.MetricId;
        parameters[offset + 2].Value = text.Of(r.TimestampUtc);
        parameters[offset + 3].Value = r.Value;
        parameters[offset + 4].Value = r.Sequence is { } seq ? seq : DBNull.Value;
    }

    /// <summary>
    /// Group commit: the request that gets the writer takes every batch queued meanwhile and writes them all in one
    /// transaction (one WAL commit instead of one per batch; each batch in its own savepoint, so a batch with stored
    /// readings falls back to row-by-row inserts without touching the others). Every request returns only after
    /// the transaction holding its batch committed.
    /// </summary>
    public async Task<IngestWriteResult> WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Readings.Count == 0)
        {
            return new IngestWriteResult(0, 0, []);
        }

        var pending = new PendingBatch(batch);
        lock (queue)
        {
            queue.Add(pending);
        }

        // Not cancellable once queued: another request's group may already be writing this batch.
        await writer.WaitAsync(CancellationToken.None);
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

                await WriteGroupAsync(group, cancellationToken);
            }
        }
        finally
        {
            writer.Release();
        }

        return await pending.Done.Task;
    }

    private async Task WriteGroupAsync(List<PendingBatch> group, CancellationToken cancellationToken)
    {
        var results = new IngestWriteResult[group.Count];
        var touched = new Guid[group.Count][];
        try
        {
            connection ??= await OpenWriterAsync(database.ConnectionString, CancellationToken.None);
            using var transaction = connection.BeginTransaction(deferred: false);
            for (var i = 0; i < group.Count; i++)
            {
                (results[i], touched[i]) = WriteInTransaction(connection, transaction, group[i].Batch);
            }

            transaction.Commit();
        }
        catch (Exception) when (group.Count > 1)
        {
            // Start from a fresh connection (the transaction was rolled back on dispose) and write each batch on its
            // own, so a batch that cannot be written fails alone.
            ResetConnection();
            foreach (var one in group)
            {
                await WriteGroupAsync([one], cancellationToken);
            }

            return;
        }
        catch (Exception e)
        {
            ResetConnection();
            group[0].Done.TrySetException(e);
            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            lastSeen.Written(touched[i], group[i].Batch.ReceivedAtUtc);
            group[i].Done.TrySetResult(results[i]);
        }
    }

    private (IngestWriteResult Result, Guid[] Touched) WriteInTransaction(SqliteConnection writerConnection, SqliteTransaction transaction, IngestBatch batch)
    {
        const string Savepoint = "batch";
        var readings = batch.Readings;
        transaction.Save(Savepoint);
        if (TryInsertAll(writerConnection, transaction, readings))
        {
            return Complete(writerConnection, transaction, batch, newKeys: null);
        }

        // Some reading is stored already (a re-sent batch): undo this batch's inserts and go row by row.
        transaction.Rollback(Savepoint);
        return Complete(writerConnection, transaction, batch, InsertRowByRow(writerConnection, transaction, readings));
    }

    private static HashSet<ReadingKey> InsertRowByRow(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<ValidReading> readings)
    {
        var newKeys = new HashSet<ReadingKey>();
        var text = new BindText();
        using var insert = Command(connection, transaction, InsertReadingSql, ("$d", SqliteType.Text), ("$m", SqliteType.Integer),
            ("$t", SqliteType.Text), ("$v", SqliteType.Real), ("$s", SqliteType.Integer));
        insert.Prepare();
        foreach (var r in readings)
        {
            Bind(insert.Parameters, 0, r, text);
            if (insert.ExecuteNonQuery() == 1)
            {
                newKeys.Add(new ReadingKey(r.DeviceId, r.MetricId, r.TimestampUtc));
            }
        }

        return newKeys;
    }

    /// <summary>
    /// Rollup delta, last-seen and outbox for the readings just written (<c>newKeys</c>: the keys of the new ones,
    /// null when every reading was new), in the caller's transaction; returns the devices whose last-seen it wrote.
    /// </summary>
    private (IngestWriteResult Result, Guid[] Touched) Complete(SqliteConnection connection, SqliteTransaction transaction, IngestBatch batch, HashSet<ReadingKey>? newKeys)
    {
        var readings = batch.Readings;
        var computation = new IngestComputation(batch, calendar);
        var inserted = 0;
        foreach (var r in readings)
        {
            if (newKeys is null || newKeys.Contains(new ReadingKey(r.DeviceId, r.MetricId, r.TimestampUtc)))
            {
                computation.AddNew(r);
                inserted++;
            }
        }

        if (computation.RegisterGroups.Count > 0)
        {
            ApplyRegisterWindows(connection, transaction, computation,
                newKeys ?? [.. readings.Select(r => new ReadingKey(r.DeviceId, r.MetricId, r.TimestampUtc))]);
        }

        var series = computation.Series();
        // The sender (a gateway reports for others) was heard from too.
        var touch = lastSeen.Due(series.Select(s => s.DeviceId).Append(batch.ActorDeviceId).Distinct(), batch.Devices, batch.ReceivedAtUtc);
        using (var update = Command(connection, transaction, TouchDeviceSql, ("$now", SqliteType.Text), ("$id", SqliteType.Text)))
        {
            update.Parameters[0].Value = batch.ReceivedAtUtc;
            foreach (var deviceId in touch)
            {
                update.Parameters[1].Value = deviceId;
                update.ExecuteNonQuery();
            }
        }

        if (inserted > 0)
        {
            var deltas = computation.Rollups.Deltas;
            using (var delta = Command(connection, transaction, InsertDeltaSql, ("$id", SqliteType.Text), ("$at", SqliteType.Text),
                ("$cells", SqliteType.Integer), ("$payload", SqliteType.Blob)))
            {
                delta.Parameters[0].Value = Guid.CreateVersion7(batch.ReceivedAtUtc);
                delta.Parameters[1].Value = batch.ReceivedAtUtc;
                delta.Parameters[2].Value = deltas.Count;
                delta.Parameters[3].Value = RollupDeltaCodec.Encode(deltas);
                delta.ExecuteNonQuery();
            }

            var message = OutboxSerializer.ToMessage(new ReadingsAccepted
            {
                EventId = Guid.CreateVersion7(batch.ReceivedAtUtc),
                OccurredAtUtc = batch.ReceivedAtUtc,
                OrganisationId = batch.OrganisationId,
                Series = series,
            });
            using var outbox = Command(connection, transaction, InsertOutboxSql, ("$id", SqliteType.Text), ("$at", SqliteType.Text),
                ("$type", SqliteType.Text), ("$payload", SqliteType.Text));
            outbox.Parameters[0].Value = message.Id;
            outbox.Parameters[1].Value = message.OccurredAt;
            outbox.Parameters[2].Value = message.Type;
            outbox.Parameters[3].Value = message.Payload;
            outbox.ExecuteNonQuery();
        }

        return (new IngestWriteResult(inserted, readings.Count - inserted, series), touch);
    }

    private static async Task<SqliteConnection> OpenWriterAsync(string connectionString, CancellationToken cancellationToken)
    {
        var writerConnection = await OpenAsync(connectionString, cancellationToken);
        using var pragma = writerConnection.CreateCommand();
        // Checkpoint every 64 MB of WAL rather than every 4 MB: a batch dirties pages all over the key index, and
        // fewer, larger checkpoints write each page once instead of after every few batches.
        pragma.CommandText = "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=16384;";
        pragma.ExecuteNonQuery();
        return writerConnection;
    }

    internal static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        return command;
    }

    private static void ApplyRegisterWindows(SqliteConnection connection, SqliteTransaction transaction, IngestComputation computation, HashSet<ReadingKey> newKeys)
    {
        using var command = Command(connection, transaction, RegisterWindowSql, ("$d", SqliteType.Text), ("$m", SqliteType.Integer),
            ("$lo", SqliteType.Text), ("$hi", SqliteType.Text));
        foreach (var ((deviceId, metricId), timestamps) in computation.RegisterGroups)
        {
            command.Parameters[0].Value = deviceId;
            command.Parameters[1].Value = metricId;
            command.Parameters[2].Value = timestamps.Min();
            command.Parameters[3].Value = timestamps.Max();
            var window = new List<RegisterPoint>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var ts = DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc);
                    window.Add(new RegisterPoint(ts, reader.GetDouble(1), newKeys.Contains(new ReadingKey(deviceId, metricId, ts))));
                }
            }

            computation.ApplyRegisterWindow(deviceId, metricId, window);
        }
    }

    private static void UpsertRollups(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyDictionary<RollupKey, RollupCell> rollups)
    {
        using var upsert = Command(connection, transaction, UpsertRollupSql, ("$d", SqliteType.Text), ("$m", SqliteType.Integer),
            ("$g", SqliteType.Integer), ("$b", SqliteType.Text), ("$c", SqliteType.Integer), ("$s", SqliteType.Real), ("$mn", SqliteType.Real),
            ("$mx", SqliteType.Real), ("$lt", SqliteType.Text), ("$l", SqliteType.Real));
        upsert.Prepare();
        foreach (var (key, cell) in rollups)
        {
            upsert.Parameters[0].Value = key.DeviceId;
            upsert.Parameters[1].Value = key.MetricId;
            upsert.Parameters[2].Value = (short)key.Grain;
            upsert.Parameters[3].Value = key.BucketStartUtc;
            upsert.Parameters[4].Value = cell.Count;
            upsert.Parameters[5].Value = cell.Sum;
            upsert.Parameters[6].Value = cell.Min;
            upsert.Parameters[7].Value = cell.Max;
            upsert.Parameters[8].Value = cell.HasReadings ? cell.LastTimestampUtc : DateTime.MinValue;
            upsert.Parameters[9].Value = cell.Last;
            upsert.ExecuteNonQuery();
        }
    }

    private sealed class BindText
    {
        private readonly Dictionary<Guid, string> guids = [];
        private readonly Dictionary<DateTime, string> instants = [];

        public string Of(Guid id)
        {
            ref var text = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(guids, id, out _);
            return text ??= id.ToString().ToUpperInvariant();
        }

        public string Of(DateTime instant)
        {
            ref var text = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(instants, instant, out _);
            return text ??= instant.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private sealed class PendingBatch(IngestBatch batch)
    {
        public IngestBatch Batch { get; } = batch;

        public TaskCompletionSource<IngestWriteResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
