using System.Data;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Data.Sqlite;

namespace GreenIsland.Telemetry.Ingest;

/// <summary>
/// The SQLite write path: prepared statements in one transaction, no EF change tracking. SQLite has one
/// writer at a time, so batches are serialised in process rather than left to fail with SQLITE_BUSY.
/// </summary>
internal sealed class SqliteReadingStore(TelemetryDatabase database, RollupCalendar calendar, LastSeenThrottle lastSeen) : IReadingStore, IDisposable
{
    private const string InsertReadingSql = $"""
        INSERT INTO {TelemetryDbContext.ReadingsTable} (device_id, metric_id, ts, value, seq)
        VALUES ($d, $m, $t, $v, $s) ON CONFLICT DO NOTHING
        """;

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

    // One long-lived writer connection (writes are serialised anyway): its page cache stays warm.
    private SqliteConnection? connection;

    public void Dispose()
    {
        connection?.Dispose();
        writer.Dispose();
    }

    public async Task<IngestWriteResult> WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        var readings = batch.Readings;
        if (readings.Count == 0)
        {
            return new IngestWriteResult(0, 0, []);
        }

        await writer.WaitAsync(cancellationToken);
        try
        {
            connection ??= await OpenWriterAsync(database.ConnectionString, cancellationToken);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var computation = new IngestComputation(batch, calendar);
            var newKeys = new HashSet<ReadingKey>();

            using (var insert = Command(connection, transaction, InsertReadingSql, ("$d", SqliteType.Text), ("$m", SqliteType.Integer),
                ("$t", SqliteType.Text), ("$v", SqliteType.Real), ("$s", SqliteType.Integer)))
            {
                insert.Prepare();
                foreach (var r in readings)
                {
                    insert.Parameters[0].Value = r.DeviceId;
                    insert.Parameters[1].Value = r.MetricId;
                    insert.Parameters[2].Value = r.TimestampUtc;
                    insert.Parameters[3].Value = r.Value;
                    insert.Parameters[4].Value = r.Sequence is { } seq ? seq : DBNull.Value;
                    if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
                    {
                        computation.AddNew(r);
                        newKeys.Add(new ReadingKey(r.DeviceId, r.MetricId, r.TimestampUtc));
                    }
                }
            }

            if (computation.RegisterGroups.Count > 0)
            {
                ApplyRegisterWindows(connection, transaction, computation, newKeys);
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

            if (newKeys.Count > 0)
            {
                UpsertRollups(connection, transaction, computation.Rollups);
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

            await transaction.CommitAsync(cancellationToken);
            lastSeen.Written(touch, batch.ReceivedAtUtc);

            return new IngestWriteResult(newKeys.Count, readings.Count - newKeys.Count, series);
        }
        catch
        {
            // Start from a fresh connection after any failure (the transaction was rolled back on dispose).
            connection?.Dispose();
            connection = null;
            throw;
        }
        finally
        {
            writer.Release();
        }
    }

    private static async Task<SqliteConnection> OpenWriterAsync(string connectionString, CancellationToken cancellationToken)
    {
        var writerConnection = await OpenAsync(connectionString, cancellationToken);
        using var pragma = writerConnection.CreateCommand();
        pragma.CommandText = "PRAGMA cache_size=-65536;";
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

    private static void UpsertRollups(SqliteConnection connection, SqliteTransaction transaction, RollupAccumulator rollups)
    {
        using var upsert = Command(connection, transaction, UpsertRollupSql, ("$d", SqliteType.Text), ("$m", SqliteType.Integer),
            ("$g", SqliteType.Integer), ("$b", SqliteType.Text), ("$c", SqliteType.Integer), ("$s", SqliteType.Real), ("$mn", SqliteType.Real),
            ("$mx", SqliteType.Real), ("$lt", SqliteType.Text), ("$l", SqliteType.Real));
        upsert.Prepare();
        foreach (var (key, cell) in rollups.Cells)
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
}
