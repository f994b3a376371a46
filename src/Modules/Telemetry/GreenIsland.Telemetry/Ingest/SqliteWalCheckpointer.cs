using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GreenIsland.Telemetry.Ingest;

/// <summary>
/// Checkpoints the SQLite WAL on its own thread and connection, so the ingest writer never copies WAL frames into the
/// database file, nor waits for that copy's <c>fsync</c>, inside one of its commits (its <c>wal_autocheckpoint</c> is
/// off, <see cref="SqliteReadingStore.WriterPragmas"/>). The writer reports the WAL pages each commit wrote
/// (<see cref="PagesWritten"/>); past the threshold (<c>Telemetry:SqliteCheckpointPages</c>) the checkpointer runs:
/// <list type="number">
/// <item><c>PASSIVE</c> checkpoints without the writer lock, while the writer keeps committing: the bulk of the copy
/// and its <c>fsync</c>s; repeated (at most <see cref="MaxUnlockedPasses"/> times) while the writer committed more
/// than <see cref="TailPages"/> frames during the previous pass;</item>
/// <item>one <c>PASSIVE</c> checkpoint holding the writer lock: only the frames committed during the last pass. The WAL
/// is then wholly in the database file, so the writer's next transaction starts the WAL over from its beginning
/// instead of growing it (SQLite restarts a WAL only when every frame is checkpointed when a write begins).</item>
/// </list>
/// A checkpoint copies each distinct page once however often the WAL holds it, so a large threshold (64 MiB by
/// default, the writer's automatic checkpoint before) writes the hot leaves of the readings table far fewer times.
/// A checkpoint changes what is stored nowhere: it copies committed pages from the WAL into the database file, and a
/// crash at any point leaves the WAL to be replayed by the next connection. Readers holding an old snapshot can hold
/// a pass back (as they would the automatic checkpoint); the next signal retries.
/// </summary>
internal sealed partial class SqliteWalCheckpointer : IDisposable
{
    /// <summary>Frames committed during an unlocked pass below which the locked pass follows.</summary>
    public const int TailPages = 1024;

    public const int MaxUnlockedPasses = 4;

    private readonly string connectionString;
    private readonly int thresholdPages;
    private readonly SemaphoreSlim writerLock;
    private readonly SqliteWriterStats stats;
    private readonly ILogger logger;
    private readonly SemaphoreSlim signal = new(0, 1);
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;
    private readonly List<TaskCompletionSource> waiters = [];

    // Written only by the writer, under the writer lock.
    private long pendingPages;

    // 1 while a checkpoint is signalled or running (set by the writer, cleared by the checkpointer thread).
    private int running;
    private long completed;
    private int disposed;

    public SqliteWalCheckpointer(string connectionString, int thresholdPages, SemaphoreSlim writerLock, SqliteWriterStats stats, ILogger logger)
    {
        this.connectionString = connectionString;
        this.thresholdPages = Math.Max(1, thresholdPages);
        this.writerLock = writerLock;
        this.stats = stats;
        this.logger = logger;
        thread = new Thread(Run) { IsBackground = true, Name = "sqlite-wal-checkpointer" };
        thread.Start();
    }

    /// <summary>Checkpoints completed (both passes) since this instance started.</summary>
    public long Completed => Interlocked.Read(ref completed);

    /// <summary>Called by the writer after a commit, holding the writer lock: the WAL pages that commit wrote.</summary>
    public void PagesWritten(long pages)
    {
        pendingPages += pages;
        if (pendingPages >= thresholdPages && Interlocked.CompareExchange(ref running, 1, 0) == 0)
        {
            pendingPages = 0;
            signal.Release();
        }
    }

    /// <summary>A checkpoint that starts after this call, whatever the WAL's size; completes when it has.</summary>
    public Task CheckpointAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (waiters)
        {
            waiters.Add(done);
            if (Interlocked.CompareExchange(ref running, 1, 0) == 0)
            {
                signal.Release();
            }
        }

        return done.Task;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        stop.Cancel();
        thread.Join(TimeSpan.FromSeconds(30));
        stop.Dispose();
        signal.Dispose();
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                try
                {
                    signal.Wait(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                List<TaskCompletionSource> serving;
                lock (waiters)
                {
                    serving = [.. waiters];
                    waiters.Clear();
                }

                try
                {
                    connection ??= Open();
                    var cpu = ThreadCpu.NowNs();
                    var (log, frames) = Checkpoint(connection);
                    for (var pass = 1; pass < MaxUnlockedPasses; pass++)
                    {
                        // The WAL's frame count at the start of a pass: what the writer added during the previous one.
                        var (nextLog, nextFrames) = Checkpoint(connection);
                        frames += nextFrames;
                        var added = nextLog - log;
                        log = nextLog;
                        if (added < TailPages)
                        {
                            break;
                        }
                    }

                    var locked = Stopwatch.GetTimestamp();
                    writerLock.Wait(stop.Token);
                    try
                    {
                        locked = Stopwatch.GetTimestamp();
                        frames += Checkpoint(connection).Checkpointed;
                    }
                    finally
                    {
                        writerLock.Release();
                    }

                    stats.Add(new WriterTotals
                    {
                        Checkpoints = 1,
                        CheckpointNs = ThreadCpu.NowNs() - cpu,
                        CheckpointLockedWallNs = (long)Stopwatch.GetElapsedTime(locked).TotalNanoseconds,
                        CheckpointFrames = frames,
                    });
                    Interlocked.Increment(ref completed);
                    serving.ForEach(w => w.TrySetResult());
                }
                catch (OperationCanceledException)
                {
                    serving.ForEach(w => w.TrySetCanceled());
                    return;
                }
                catch (Exception e)
                {
                    // The WAL keeps what the failed pass did not copy; the next signal tries again.
                    LogCheckpointFailed(logger, e);
                    serving.ForEach(w => w.TrySetException(e));
                    connection?.Dispose();
                    connection = null;
                }
                finally
                {
                    lock (waiters)
                    {
                        if (waiters.Count > 0)
                        {
                            // Asked for during this checkpoint: another one, at once (running stays 1).
                            signal.Release();
                        }
                        else
                        {
                            Volatile.Write(ref running, 0);
                        }
                    }
                }
            }
        }
        finally
        {
            connection?.Dispose();
            lock (waiters)
            {
                waiters.ForEach(w => w.TrySetCanceled());
                waiters.Clear();
            }
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = SqliteReadingStore.ConnectionPragmas + " PRAGMA wal_autocheckpoint=0;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>One <c>PASSIVE</c> checkpoint: the WAL's frames and how many of them are checkpointed now.</summary>
    private static (long Log, long Checkpointed) Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (Math.Max(0, reader.GetInt64(1)), Math.Max(0, reader.GetInt64(2))) : (0, 0);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SQLite WAL checkpoint failed; the WAL is kept and checkpointed on the next attempt")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
