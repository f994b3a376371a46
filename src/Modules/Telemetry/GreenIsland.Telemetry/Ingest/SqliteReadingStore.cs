using System.Data;
using System.Diagnostics;
using System.Runtime.InteropServices;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Telemetry.Ingest;

/// <summary>
/// The SQLite write path: prepared statements in one transaction, no EF change tracking. SQLite has one
/// writer at a time, so batches are serialised in process rather than left to fail with SQLITE_BUSY, and the
/// batches that queue up while one transaction is written are committed together (group commit, one WAL commit for
/// all of them; every request is answered only after that commit).
/// Readings go in through one prepared single-row <c>INSERT .. ON CONFLICT DO NOTHING</c> (bound by position, see
/// <see cref="ReadingInserter"/>), whose change count tells which readings are new. Nothing in the write path opens a
/// savepoint or a statement journal: those copy every page a statement touches to a temporary sub-journal file
/// first, which cost three times the WAL's own writes (strace, docs/benchmarks.md, session 4). Rollup cells go into one
/// <c>telemetry_rollup_deltas</c> row, folded into <c>telemetry_rollups</c> by <see cref="MergeRollupsAsync"/>.
/// </summary>
internal sealed partial class SqliteReadingStore(
    TelemetryDatabase database,
    RollupCalendar calendar,
    LastSeenThrottle lastSeen,
    DeferredWork deferredWork,
    IOptions<TelemetryOptions> options,
    ILogger<SqliteReadingStore> logger) : IReadingStore, IDisposable
{
    /// <summary>
    /// The writer connection's settings on top of <see cref="OpenAsync"/>'s (the bench's raw phase uses them too).
    /// No automatic checkpoint in the writer's commits: <see cref="SqliteWalCheckpointer"/> checkpoints on its own
    /// thread and connection.
    /// </summary>
    internal const string WriterPragmas = "PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=0;";

    /// <summary><c>sqlite3_db_status</c>: pages the connection wrote (to the WAL) since the last reset.</summary>
    private const int DbStatusCacheWrite = 9;

    /// <summary>On top of <see cref="WriterPragmas"/> with <c>Telemetry:SqliteSynchronousFull</c> (both bench phases too).</summary>
    internal const string FullSyncPragma = " PRAGMA synchronous=FULL;";

    internal const string ConnectionPragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";

    private const string InsertDeltaSql = $"""
        INSERT INTO {TelemetryDbContext.RollupDeltasTable} (id, created_at, cells, payload) VALUES ($id, $at, $cells, $payload)
        """;

    private const string TakeDeltasSql = $"SELECT id, payload FROM {TelemetryDbContext.RollupDeltasTable} ORDER BY id LIMIT $limit";

    private const string DeleteDeltaSql = $"DELETE FROM {TelemetryDbContext.RollupDeltasTable} WHERE id = $id";

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

    private readonly SqliteWriterStats stats = new();

    /// <summary>The ingest log and its per-series cache (only under the writer lock).</summary>
    private readonly SqliteReadingLog log = new();

    /// <summary>Released when the log holds <c>Telemetry:SqliteLogFoldReadings</c> readings.</summary>
    private readonly SemaphoreSlim foldSignal = new(0, 1);

    private readonly CancellationTokenSource foldStop = new();
    private Task? folder;

    /// <summary>One fold at a time (the background loop's or a reader's); taken before the writer lock, never inside it.</summary>
    private readonly SemaphoreSlim foldGate = new(1, 1);

    /// <summary>The chunked fold's own read connection (only under <see cref="foldGate"/>).</summary>
    private SqliteConnection? foldReader;

    /// <summary>Stopwatch timestamps of the last append to the log and of the first append since the last fold.</summary>
    private long lastAppend;
    private long firstPending;

    // One long-lived writer connection (writes are serialised anyway): its page cache stays warm, and the
    // optimistic insert statements stay prepared on it.
    private SqliteConnection? connection;
    private ReadingInserter? inserter;
    private SqliteWalCheckpointer? checkpointer;
    private long statsSince = Stopwatch.GetTimestamp();

    /// <summary>
    /// Tests only: awaited after each chunk of a chunked fold but the last has committed, outside the writer lock
    /// (a test holds the fold there to write, read or copy the files mid-fold).
    /// </summary>
    internal Func<Task>? AfterFoldChunk { get; set; }

    private long foldConflicts;

    /// <summary>Log readings any fold found in the table already since the store started (0 unless another writer bypassed the log).</summary>
    internal long FoldConflicts => Interlocked.Read(ref foldConflicts);

    /// <summary>WAL checkpoints completed by the background checkpointer since the store started.</summary>
    internal long CheckpointsCompleted => checkpointer?.Completed ?? 0;

    /// <summary>A background checkpoint that starts after this call (none before the first write); completes with it.</summary>
    internal Task CheckpointAsync() => checkpointer?.CheckpointAsync() ?? Task.CompletedTask;

    public void Dispose()
    {
        // Registered twice (as itself and as IReadingStore), so disposed twice.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        if (folder is { } running)
        {
            folder = null;
            foldStop.Cancel();
            try
            {
                running.Wait(TimeSpan.FromSeconds(30));
            }
            catch (AggregateException)
            {
                // stopped
            }
        }

        FoldOnShutdown();
        checkpointer?.Dispose();
        checkpointer = null;
        ResetConnection();
        foldReader?.Dispose();
        foldReader = null;
        writer.Dispose();
        foldSignal.Dispose();
    }

    private int disposed;

    /// <summary>
    /// A cleanly stopped store leaves none of its readings in the log (the next instance would fold them on its first
    /// write or read, but a reader of the file with plain SQL, a backup or the migration's Down would not).
    /// </summary>
    private void FoldOnShutdown()
    {
        if (connection is null || log.PendingReadings == 0 || !writer.Wait(TimeSpan.FromSeconds(30)))
        {
            return;
        }

        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var owned = log.Owns(connection, transaction);
            var (_, folded, conflicts) = owned ? log.Fold(connection, transaction, inserter ??= new ReadingInserter(connection))
                : log.EnsureOwned(connection, transaction, inserter ??= new ReadingInserter(connection));
            transaction.Commit();
            stats.Add(new WriterTotals { Folds = 1, FoldReadings = folded, FoldConflicts = conflicts });
        }
        catch (Exception e)
        {
            // The log keeps its readings; the next instance folds them.
            LogFoldFailed(logger, e);
        }
        finally
        {
            writer.Release();
        }
    }

    public async Task<int> MergeRollupsAsync(int limit, CancellationToken cancellationToken)
    {
        var merged = 0;
        while (true)
        {
            await writer.WaitAsync(cancellationToken);
            var taken = new List<(string Id, byte[] Payload)>();
            var cpu = ThreadCpu.NowNs();
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
                var pages = TakeWalPages(connection);
                checkpointer?.PagesWritten(pages);
                stats.Add(new WriterTotals { Merges = 1, MergeNs = ThreadCpu.NowNs() - cpu, WalPages = pages });
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

    /// <summary>
    /// Runs <paramref name="write"/> in a short write transaction on the writer connection under the writer lock (the
    /// outbox dispatcher's marks): it queues behind the ingest writer in process instead of contending for SQLite's
    /// file lock, where a loser sleeps in the busy handler (1, 2, 5, 10 ms ...) while holding up everyone behind it.
    /// </summary>
    internal async Task WriteExclusiveAsync(Action<SqliteConnection, SqliteTransaction> write, CancellationToken cancellationToken)
    {
        await writer.WaitAsync(cancellationToken);
        try
        {
            connection ??= await OpenWriterAsync(database.ConnectionString, cancellationToken);
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                write(connection, transaction);
                transaction.Commit();
            }

            var pages = TakeWalPages(connection);
            checkpointer?.PagesWritten(pages);
            stats.Add(new WriterTotals { WalPages = pages });
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
    }

    private void ResetConnection()
    {
        log.Invalidate();
        inserter?.Dispose();
        connection?.Dispose();
        (inserter, connection) = (null, null);
    }

    /// <summary>
    /// Inserts every reading with the prepared single-row <c>INSERT .. ON CONFLICT DO NOTHING</c>; returns null when
    /// all of them were new (the common case), else the keys of the new ones.
    /// </summary>
    private HashSet<ReadingKey>? InsertAll(SqliteConnection writerConnection, IReadOnlyList<ValidReading> readings)
    {
        inserter ??= new ReadingInserter(writerConnection);
        Span<byte> device = stackalloc byte[16];
        HashSet<ReadingKey>? newKeys = null;
        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            SqliteReadingKey.WriteDevice(r.DeviceId, device);
            var isNew = inserter.Insert(device, r.MetricId, SqliteReadingKey.Micros(r.TimestampUtc), r.Value, r.Sequence);
            if (!isNew && newKeys is null)
            {
                // The first stored reading of this batch: every reading before it was new.
                newKeys = new HashSet<ReadingKey>(readings.Count);
                for (var j = 0; j < i; j++)
                {
                    newKeys.Add(new ReadingKey(readings[j].DeviceId, readings[j].MetricId, readings[j].TimestampUtc));
                }
            }
            else if (isNew)
            {
                newKeys?.Add(new ReadingKey(r.DeviceId, r.MetricId, r.TimestampUtc));
            }
        }

        return newKeys;
    }

    /// <summary>
    /// Group commit: the request that gets the writer takes every batch queued meanwhile and writes them all in one
    /// transaction (one WAL commit instead of one per batch). If writing the group fails it is rolled back and each
    /// batch is written again on its own, so a batch that cannot be written fails alone. Every request returns only
    /// after the transaction holding its batch committed.
    /// Before queuing, the request computes on its own thread what its batch writes besides the readings if every
    /// reading turns out new (rollup delta row, outbox message, event summaries: <see cref="PreparedWrite"/>), so the
    /// single writer only inserts; a batch with stored readings (or cumulative metrics, whose consumption depends on
    /// stored neighbours) is computed in the writer from the readings that were actually new.
    /// </summary>
    public async Task<IngestWriteResult> WriteAsync(IngestBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Readings.Count == 0)
        {
            return new IngestWriteResult(0, 0, []);
        }

        var prepared = PreparedWrite.Prepare(batch, calendar);
        var pending = new PendingBatch(batch, prepared, BatchShape.Of(batch, encode: prepared is not null));
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
        var totals = new WriterTotals { Groups = 1, Batches = group.Count };
        var wall = Stopwatch.GetTimestamp();
        try
        {
            connection ??= await OpenWriterAsync(database.ConnectionString, CancellationToken.None);
            checkpointer ??= new SqliteWalCheckpointer(database.ConnectionString, options.Value.SqliteCheckpointPages, writer, stats, logger);
            folder ??= Task.Factory.StartNew(FoldLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
            var cpu = ThreadCpu.NowNs();
            var begin = Stopwatch.GetTimestamp();
            using var transaction = connection.BeginTransaction(deferred: false);
            var now = ThreadCpu.NowNs();
            totals.BeginNs = now - cpu;
            totals.BeginWallNs = (long)Stopwatch.GetElapsedTime(begin).TotalNanoseconds;
            inserter ??= new ReadingInserter(connection);
            var taken = log.EnsureOwned(connection, transaction, inserter);
            totals.FoldReadings += taken.Readings;
            Interlocked.Add(ref foldConflicts, taken.Conflicts);
            for (var i = 0; i < group.Count; i++)
            {
                cpu = ThreadCpu.NowNs();
                var newKeys = Insert(connection, transaction, group[i], ref totals);
                now = ThreadCpu.NowNs();
                totals.InsertNs += now - cpu;
                totals.Readings += group[i].Batch.Readings.Count;
                cpu = now;
                (results[i], touched[i]) = Complete(connection, transaction, group[i].Batch, newKeys, group[i].Prepared, ref totals);
                now = ThreadCpu.NowNs();
                totals.CompleteNs += now - cpu;
            }

            var commitWall = Stopwatch.GetTimestamp();
            transaction.Commit();
            totals.CommitNs = ThreadCpu.NowNs() - now;
            totals.MaxCommitWallNs = (long)Stopwatch.GetElapsedTime(commitWall).TotalNanoseconds;
            totals.WalPages = TakeWalPages(connection);
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

        checkpointer.PagesWritten(totals.WalPages);
        totals.LockWallNs = (long)Stopwatch.GetElapsedTime(wall).TotalNanoseconds;
        stats.Add(totals);
        LogStatsIfDue();
        deferredWork.Committed(); // wakes the outbox dispatcher and the rollup merge (s6-outbox)
        if (totals.LogReadings > 0)
        {
            lastAppend = Stopwatch.GetTimestamp();
            if (firstPending == 0)
            {
                firstPending = lastAppend;
            }

            if (log.PendingReadings >= options.Value.SqliteLogFoldReadings && foldSignal.CurrentCount == 0)
            {
                try
                {
                    foldSignal.Release();
                }
                catch (SemaphoreFullException)
                {
                    // signalled already
                }
            }
        }

        for (var i = 0; i < group.Count; i++)
        {
            lastSeen.Written(touched[i], group[i].Batch.ReceivedAtUtc);
            group[i].Done.TrySetResult(results[i]);
        }
    }

    /// <summary>
    /// Stores one batch's readings in the writer's transaction: the series whose readings are all later than anything
    /// stored go to the log (<see cref="SqliteReadingLog"/>), the rest (and cumulative metrics) straight into the
    /// table with <c>INSERT .. ON CONFLICT DO NOTHING</c>, after folding the log if it holds any of those series.
    /// Returns null when every reading was new, else the keys of the new ones.
    /// </summary>
    private HashSet<ReadingKey>? Insert(SqliteConnection connection, SqliteTransaction transaction, PendingBatch pending, ref WriterTotals totals)
    {
        var shape = pending.Shape;
        var readings = pending.Batch.Readings;
        var toLog = new bool[shape.Series.Length];
        var (allLog, anyLog, foldFirst) = (true, false, false);
        for (var s = 0; s < toLog.Length; s++)
        {
            var series = shape.Series[s];
            toLog[s] = !shape.Cumulative[s] && shape.Min[s] > log.Latest(connection, transaction, series);
            if (toLog[s])
            {
                anyLog = true;
            }
            else
            {
                allLog = false;
                foldFirst |= log.Holds(series);
            }
        }

        if (foldFirst)
        {
            // A series that may have stored readings in the log gets readings that may be stored: the table alone
            // must answer, so everything logged goes into it first.
            var cpu = ThreadCpu.NowNs();
            var (_, folded, conflicts) = log.Fold(connection, transaction, inserter!);
            totals.Folds++;
            totals.ForcedFolds++;
            totals.FoldReadings += folded;
            totals.FoldConflicts += conflicts;
            Interlocked.Add(ref foldConflicts, conflicts);
            totals.FoldNs += ThreadCpu.NowNs() - cpu;
        }

        HashSet<ReadingKey>? newKeys;
        if (allLog)
        {
            log.Append(connection, transaction, shape.Payload ?? SqliteReadingLog.Encode(readings), readings.Count, shape.Series);
            totals.LogReadings += readings.Count;
            newKeys = null;
        }
        else if (!anyLog)
        {
            newKeys = InsertAll(connection, readings);
            totals.DirectReadings += readings.Count;
        }
        else
        {
            var index = new Dictionary<(Guid, short), int>(shape.Series.Length);
            for (var s = 0; s < shape.Series.Length; s++)
            {
                index[shape.Series[s]] = s;
            }

            var logged = new List<ValidReading>(readings.Count);
            var direct = new List<ValidReading>(readings.Count);
            foreach (var r in readings)
            {
                (toLog[index[(r.DeviceId, r.MetricId)]] ? logged : direct).Add(r);
            }

            log.Append(connection, transaction, SqliteReadingLog.Encode(logged), logged.Count,
                shape.Series.Where((_, s) => toLog[s]));
            newKeys = InsertAll(connection, direct);
            if (newKeys is not null)
            {
                foreach (var r in logged)
                {
                    newKeys.Add(new ReadingKey(r.DeviceId, r.MetricId, r.TimestampUtc));
                }
            }

            totals.LogReadings += logged.Count;
            totals.DirectReadings += direct.Count;
        }

        for (var s = 0; s < shape.Series.Length; s++)
        {
            // Stored now, new or not: the series' latest stored timestamp is at least the batch's last.
            log.Stored(shape.Series[s], shape.Max[s]);
        }

        return newKeys;
    }

    /// <summary>
    /// Folds the log into <c>telemetry_readings</c> in the background: when it holds
    /// <c>Telemetry:SqliteLogFoldReadings</c> readings (signalled by the writer), when no batch was appended for
    /// <c>SqliteLogFoldIdle</c>, or at the latest <c>SqliteLogFoldMaxAge</c> after the first unfolded append.
    /// </summary>
    private async Task FoldLoopAsync()
    {
        var token = foldStop.Token;
        var (idle, maxAge) = (options.Value.SqliteLogFoldIdle, options.Value.SqliteLogFoldMaxAge);
        var poll = idle < maxAge ? idle : maxAge;
        if (poll <= TimeSpan.Zero || poll > TimeSpan.FromSeconds(1))
        {
            poll = TimeSpan.FromSeconds(1);
        }

        while (!token.IsCancellationRequested)
        {
            bool signalled;
            try
            {
                signalled = await foldSignal.WaitAsync(poll, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // A signal may be stale: appends during a chunked fold signal while the rows being folded still count.
            var (pending, last, first) = (Volatile.Read(ref firstPending) != 0, Volatile.Read(ref lastAppend), Volatile.Read(ref firstPending));
            var full = signalled && log.PendingReadings >= options.Value.SqliteLogFoldReadings;
            if (!full && (!pending || (!Elapsed(last, idle) && !Elapsed(first, maxAge))))
            {
                continue;
            }

            try
            {
                await FoldAsync(token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                // The log keeps what was not folded; the next round tries again.
                LogFoldFailed(logger, e);
            }
        }
    }

    /// <summary>Whether <paramref name="limit"/> (infinite: never) passed since a Stopwatch timestamp.</summary>
    private static bool Elapsed(long since, TimeSpan limit) => limit != Timeout.InfiniteTimeSpan && Stopwatch.GetElapsedTime(since) >= limit;

    /// <summary>
    /// Folds the log into the table. If this writer owns the log: the rows up to the newest are read, decoded and
    /// sorted outside the writer lock, then inserted in key-range chunks of <c>Telemetry:SqliteLogFoldChunkReadings</c>,
    /// each a short write transaction under the writer lock, so waiting requests' appends commit between chunks
    /// (<see cref="SqliteReadingLog"/>). Otherwise (another writer took the log, or the cache is not valid) the whole
    /// log in one transaction. Returns when every log row that existed when it was called is in the table (or was
    /// folded by a write meanwhile).
    /// </summary>
    private async Task FoldAsync(CancellationToken cancellationToken)
    {
        await foldGate.WaitAsync(cancellationToken);
        try
        {
            (long UpTo, long Epoch)? chunked;
            await writer.WaitAsync(cancellationToken);
            try
            {
                connection ??= await OpenWriterAsync(database.ConnectionString, CancellationToken.None);
                inserter ??= new ReadingInserter(connection);
                chunked = log.StartChunkedFold(connection);
                if (chunked is null)
                {
                    FoldWhole();
                    return;
                }
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

            if (chunked.Value.UpTo > 0)
            {
                await FoldChunkedAsync(chunked.Value.UpTo, chunked.Value.Epoch, cancellationToken);
            }
        }
        finally
        {
            foldGate.Release();
        }
    }

    /// <summary>
    /// The whole log in one transaction, taking the log over (writer lock held; this writer does not own it or its
    /// cache is not valid). Taking it over stops another writer's chunked fold: only the owner deletes log rows.
    /// </summary>
    private void FoldWhole()
    {
        var wall = Stopwatch.GetTimestamp();
        var cpu = ThreadCpu.NowNs();
        long folded, conflicts;
        using (var transaction = connection!.BeginTransaction(deferred: false))
        {
            (_, folded, conflicts) = log.EnsureOwned(connection, transaction, inserter!);
            transaction.Commit();
        }

        firstPending = 0;
        log.TrimCache();
        var pages = TakeWalPages(connection);
        checkpointer?.PagesWritten(pages);
        stats.Add(new WriterTotals
        {
            Folds = 1,
            FoldReadings = folded,
            FoldConflicts = conflicts,
            FoldNs = ThreadCpu.NowNs() - cpu,
            FoldWallNs = (long)Stopwatch.GetElapsedTime(wall).TotalNanoseconds,
            WalPages = pages,
        });
        if (conflicts > 0)
        {
            Interlocked.Add(ref foldConflicts, conflicts);
            LogFoldConflicts(logger, conflicts);
        }
    }

    private async Task FoldChunkedAsync(long upTo, long epoch, CancellationToken cancellationToken)
    {
        var readCpu = ThreadCpu.NowNs();
        foldReader ??= await OpenAsync(database.ConnectionString, cancellationToken);
        var entries = new List<SqliteReadingLog.Entry>();
        long readings;
        try
        {
            readings = SqliteReadingLog.ReadUpTo(foldReader, upTo, entries);
        }
        catch
        {
            foldReader.Dispose();
            foldReader = null;
            throw;
        }

        var totals = new WriterTotals { Folds = 1, FoldReadNs = ThreadCpu.NowNs() - readCpu };
        var chunkSize = Math.Max(1, options.Value.SqliteLogFoldChunkReadings);
        for (var start = 0; ; start += chunkSize)
        {
            var last = start + chunkSize >= entries.Count;
            await writer.WaitAsync(cancellationToken);
            var wall = Stopwatch.GetTimestamp();
            var cpu = ThreadCpu.NowNs();
            try
            {
                if (!log.StillFolding(epoch))
                {
                    // A write folded the whole log meanwhile (or the writer was reset): nothing left to do here.
                    break;
                }

                connection ??= await OpenWriterAsync(database.ConnectionString, CancellationToken.None);
                inserter ??= new ReadingInserter(connection);
                using (var transaction = connection.BeginTransaction(deferred: false))
                {
                    if (!log.Owns(connection, transaction))
                    {
                        // Another writer took the log over (and folded it).
                        break;
                    }

                    var chunk = CollectionsMarshal.AsSpan(entries)[start..Math.Min(entries.Count, start + chunkSize)];
                    totals.FoldConflicts += log.FoldChunk(connection, transaction, inserter, chunk, upTo, last);
                    transaction.Commit();
                    totals.FoldReadings += chunk.Length;
                    totals.FoldChunks++;
                }

                if (last)
                {
                    log.ChunkedFoldDone(upTo, readings);
                    firstPending = log.PendingReadings == 0 ? 0 : Stopwatch.GetTimestamp();
                    log.TrimCache();
                }

                var pages = TakeWalPages(connection);
                checkpointer?.PagesWritten(pages);
                totals.WalPages += pages;
            }
            catch
            {
                ResetConnection();
                throw;
            }
            finally
            {
                totals.FoldNs += ThreadCpu.NowNs() - cpu;
                totals.FoldWallNs += (long)Stopwatch.GetElapsedTime(wall).TotalNanoseconds;
                writer.Release();
            }

            if (last)
            {
                break;
            }

            if (AfterFoldChunk is { } hook)
            {
                await hook();
            }
        }

        stats.Add(totals);
        if (totals.FoldConflicts > 0)
        {
            Interlocked.Add(ref foldConflicts, totals.FoldConflicts);
            LogFoldConflicts(logger, totals.FoldConflicts);
        }
    }

    /// <summary>
    /// Makes every acknowledged reading visible in <c>telemetry_readings</c>: folds the ingest log if it holds any.
    /// Readers of the table call this first (like <see cref="MergeRollupsAsync"/> for rollups).
    /// </summary>
    public async Task PublishReadingsAsync(CancellationToken cancellationToken)
    {
        await writer.WaitAsync(cancellationToken);
        bool any;
        try
        {
            connection ??= await OpenWriterAsync(database.ConnectionString, CancellationToken.None);
            using var exists = connection.CreateCommand();
            exists.CommandText = $"SELECT EXISTS (SELECT 1 FROM {SqliteReadingLog.Table})";
            any = Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
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

        if (any)
        {
            await FoldAsync(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Folding the SQLite ingest log failed; its readings stay in the log and are folded on the next attempt")]
    private static partial void LogFoldFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The SQLite ingest log held {Conflicts} readings already in telemetry_readings (another writer bypassed the log's owner row?); they were not inserted twice")]
    private static partial void LogFoldConflicts(ILogger logger, long conflicts);

    /// <summary>The pages the writer connection wrote since the last call (its WAL frames).</summary>
    private static long TakeWalPages(SqliteConnection writerConnection) =>
        writerConnection.Handle is { } db && SQLitePCL.raw.sqlite3_db_status(db, DbStatusCacheWrite, out var written, out _, 1) == SQLitePCL.raw.SQLITE_OK
            ? written
            : 0;

    private void LogStatsIfDue()
    {
        if (options.Value.WriterStatsInterval is not { } interval || interval <= TimeSpan.Zero
            || Stopwatch.GetElapsedTime(statsSince) < interval || !logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var elapsed = Stopwatch.GetElapsedTime(statsSince);
        statsSince = Stopwatch.GetTimestamp();
        LogWriterStats(logger, stats.Take().Describe(elapsed));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite ingest writer, last {Stats}")]
    private static partial void LogWriterStats(ILogger logger, string stats);

    /// <summary>
    /// Rollup delta, last-seen and outbox for the readings just written (<c>newKeys</c>: the keys of the new ones,
    /// null when every reading was new, then <paramref name="prepared"/> holds what to write if the request computed it),
    /// in the caller's transaction; returns the devices whose last-seen it wrote.
    /// </summary>
    private (IngestWriteResult Result, Guid[] Touched) Complete(SqliteConnection connection, SqliteTransaction transaction, IngestBatch batch,
        HashSet<ReadingKey>? newKeys, PreparedWrite? prepared, ref WriterTotals totals)
    {
        if (newKeys is not null || prepared is null)
        {
            prepared = PreparedWrite.Compute(batch, calendar, newKeys, (computation, keys) =>
                ApplyRegisterWindows(connection, transaction, computation, keys));
        }
        else
        {
            totals.Prepared++;
        }

        // The sender (a gateway reports for others) was heard from too.
        var touch = lastSeen.Due(prepared.Series.Select(s => s.DeviceId).Append(batch.ActorDeviceId).Distinct(), batch.Devices, batch.ReceivedAtUtc);
        using (var update = Command(connection, transaction, TouchDeviceSql, ("$now", SqliteType.Text), ("$id", SqliteType.Text)))
        {
            update.Parameters[0].Value = batch.ReceivedAtUtc;
            foreach (var deviceId in touch)
            {
                update.Parameters[1].Value = deviceId;
                update.ExecuteNonQuery();
            }
        }

        if (prepared.Inserted > 0)
        {
            using (var delta = Command(connection, transaction, InsertDeltaSql, ("$id", SqliteType.Text), ("$at", SqliteType.Text),
                ("$cells", SqliteType.Integer), ("$payload", SqliteType.Blob)))
            {
                delta.Parameters[0].Value = prepared.DeltaId;
                delta.Parameters[1].Value = batch.ReceivedAtUtc;
                delta.Parameters[2].Value = prepared.DeltaCells;
                delta.Parameters[3].Value = prepared.DeltaPayload;
                delta.ExecuteNonQuery();
            }

            var message = prepared.Message!;
            using var outbox = Command(connection, transaction, InsertOutboxSql, ("$id", SqliteType.Text), ("$at", SqliteType.Text),
                ("$type", SqliteType.Text), ("$payload", SqliteType.Text));
            outbox.Parameters[0].Value = message.Id;
            outbox.Parameters[1].Value = message.OccurredAt;
            outbox.Parameters[2].Value = message.Type;
            outbox.Parameters[3].Value = message.Payload;
            outbox.ExecuteNonQuery();
        }

        return (new IngestWriteResult(prepared.Inserted, batch.Readings.Count - prepared.Inserted, prepared.Series), touch);
    }

    private async Task<SqliteConnection> OpenWriterAsync(string connectionString, CancellationToken cancellationToken)
    {
        var writerConnection = await OpenAsync(connectionString, cancellationToken);
        using var pragma = writerConnection.CreateCommand();
        pragma.CommandText = WriterPragmas + (options.Value.SqliteSynchronousFull ? FullSyncPragma : "");
        pragma.ExecuteNonQuery();
        return writerConnection;
    }

    internal static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = ConnectionPragmas;
        pragma.ExecuteNonQuery();
        return connection;
    }

    internal static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, SqliteType Type)[] parameters)
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
        using var command = Command(connection, transaction, RegisterWindowSql, ("$d", SqliteType.Blob), ("$m", SqliteType.Integer),
            ("$lo", SqliteType.Integer), ("$hi", SqliteType.Integer));
        foreach (var ((deviceId, metricId), timestamps) in computation.RegisterGroups)
        {
            command.Parameters[0].Value = SqliteReadingKey.DeviceBytes(deviceId);
            command.Parameters[1].Value = metricId;
            command.Parameters[2].Value = SqliteReadingKey.Micros(timestamps.Min());
            command.Parameters[3].Value = SqliteReadingKey.Micros(timestamps.Max());
            var window = new List<RegisterPoint>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var ts = SqliteReadingKey.Instant(reader.GetInt64(0));
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

    /// <summary>
    /// The prepared single-row <c>INSERT .. ON CONFLICT DO NOTHING</c> of the writer connection, bound by position
    /// through SQLitePCLRaw (Microsoft.Data.Sqlite binds every parameter by name on every execution). A single-row
    /// insert that cannot abort needs no statement journal, and <c>sqlite3_changes</c> says whether the reading was
    /// new. Used only inside the writer's transaction, on the connection it was prepared on.
    /// </summary>
    internal sealed class ReadingInserter : IDisposable
    {
        private readonly SQLitePCL.sqlite3 db;
        private readonly SQLitePCL.sqlite3_stmt statement;

        public ReadingInserter(SqliteConnection writerConnection, string table = TelemetryDbContext.ReadingsTable)
        {
            db = writerConnection.Handle ?? throw new InvalidOperationException("the writer connection is not open");
            Check(SQLitePCL.raw.sqlite3_prepare_v2(db,
                $"INSERT INTO {table} (device_id, metric_id, ts, value, seq) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                out statement));
        }

        /// <returns>True when the reading was new, false when (device, metric, ts) is stored already.</returns>
        /// <param name="deviceId">The device's 16 key bytes (<see cref="SqliteReadingKey.WriteDevice"/>).</param>
        /// <param name="metricId">The metric.</param>
        /// <param name="micros">The instant (<see cref="SqliteReadingKey.Micros"/>).</param>
        /// <param name="value">The value.</param>
        /// <param name="sequence">The device's sequence number, if it sent one.</param>
        public bool Insert(ReadOnlySpan<byte> deviceId, short metricId, long micros, double value, long? sequence)
        {
            Check(SQLitePCL.raw.sqlite3_bind_blob(statement, 1, deviceId));
            Check(SQLitePCL.raw.sqlite3_bind_int(statement, 2, metricId));
            Check(SQLitePCL.raw.sqlite3_bind_int64(statement, 3, micros));
            Check(SQLitePCL.raw.sqlite3_bind_double(statement, 4, value));
            Check(sequence is { } seq ? SQLitePCL.raw.sqlite3_bind_int64(statement, 5, seq) : SQLitePCL.raw.sqlite3_bind_null(statement, 5));
            var rc = SQLitePCL.raw.sqlite3_step(statement);
            SQLitePCL.raw.sqlite3_reset(statement);
            if (rc != SQLitePCL.raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            return SQLitePCL.raw.sqlite3_changes(db) == 1;
        }

        public void Dispose() => statement.Dispose();

        private void Check(int rc)
        {
            if (rc != SQLitePCL.raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }
        }
    }

    private sealed class PendingBatch(IngestBatch batch, PreparedWrite? prepared, BatchShape shape)
    {
        public IngestBatch Batch { get; } = batch;

        public BatchShape Shape { get; } = shape;

        /// <summary>What to write besides the readings if all of them are new; null for batches with cumulative metrics.</summary>
        public PreparedWrite? Prepared { get; } = prepared;

        public TaskCompletionSource<IngestWriteResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The series of a batch with their first and last timestamps (microseconds), computed by the request before it
    /// queues, and (if the batch has no cumulative metric) its readings encoded as a log payload.
    /// </summary>
    private sealed class BatchShape((Guid DeviceId, short MetricId)[] series, long[] min, long[] max, bool[] cumulative, byte[]? payload)
    {
        public (Guid DeviceId, short MetricId)[] Series { get; } = series;

        public long[] Min { get; } = min;

        public long[] Max { get; } = max;

        public bool[] Cumulative { get; } = cumulative;

        public byte[]? Payload { get; } = payload;

        public static BatchShape Of(IngestBatch batch, bool encode)
        {
            // The batch's series, found once for everything that groups by series (s7-host).
            var shape = batch.Series;
            var series = new (Guid, short)[shape.Count];
            var (min, max) = (new long[shape.Count], new long[shape.Count]);
            var cumulative = new bool[shape.Count];
            for (var s = 0; s < shape.Count; s++)
            {
                series[s] = shape.Keys[s];
                min[s] = SqliteReadingKey.Micros(shape.First[s]);
                max[s] = SqliteReadingKey.Micros(shape.Last[s]);
                cumulative[s] = MetricCatalogue.Get(shape.Keys[s].MetricId).IsCumulative;
            }

            return new BatchShape(series, min, max, cumulative, encode ? SqliteReadingLog.Encode(batch.Readings) : null);
        }
    }

    /// <summary>
    /// What a batch writes besides its readings: the new-reading count, the event summaries, the rollup delta row and
    /// the <c>ReadingsAccepted</c> outbox message.
    /// </summary>
    private sealed class PreparedWrite(int inserted, IReadOnlyList<AcceptedSeries> series, Guid deltaId, int deltaCells, byte[]? deltaPayload, OutboxMessage? message)
    {
        public int Inserted { get; } = inserted;

        public IReadOnlyList<AcceptedSeries> Series { get; } = series;

        public Guid DeltaId { get; } = deltaId;

        public int DeltaCells { get; } = deltaCells;

        public byte[]? DeltaPayload { get; } = deltaPayload;

        public OutboxMessage? Message { get; } = message;

        /// <summary>Computed outside the writer, as if every reading were new; null if the batch holds cumulative metrics.</summary>
        public static PreparedWrite? Prepare(IngestBatch batch, RollupCalendar calendar)
        {
            foreach (var r in batch.Readings)
            {
                if (MetricCatalogue.Get(r.MetricId).IsCumulative)
                {
                    return null;
                }
            }

            return Compute(batch, calendar, null, null);
        }

        /// <param name="batch">The batch.</param>
        /// <param name="calendar">Rollup buckets.</param>
        /// <param name="newKeys">The keys of the readings that were new; null: all of them.</param>
        /// <param name="applyRegisterWindows">Reads the stored neighbours of cumulative series (in the writer's transaction).</param>
        public static PreparedWrite Compute(IngestBatch batch, RollupCalendar calendar, HashSet<ReadingKey>? newKeys,
            Action<IngestComputation, HashSet<ReadingKey>>? applyRegisterWindows)
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
                var apply = applyRegisterWindows ?? throw new InvalidOperationException("cumulative series need their stored neighbours");
                apply(computation, newKeys ?? [.. readings.Select(r => new ReadingKey(r.DeviceId, r.MetricId, r.TimestampUtc))]);
            }

            var series = computation.Series();
            if (inserted == 0)
            {
                return new PreparedWrite(0, series, Guid.Empty, 0, null, null);
            }

            var deltas = computation.Rollups.Deltas;
            var message = OutboxSerializer.ToMessage(new ReadingsAccepted
            {
                EventId = Guid.CreateVersion7(batch.ReceivedAtUtc),
                OccurredAtUtc = batch.ReceivedAtUtc,
                OrganisationId = batch.OrganisationId,
                Series = series,
            });
            return new PreparedWrite(inserted, series, Guid.CreateVersion7(batch.ReceivedAtUtc), deltas.Count, RollupDeltaCodec.Encode(deltas), message);
        }
    }
}
