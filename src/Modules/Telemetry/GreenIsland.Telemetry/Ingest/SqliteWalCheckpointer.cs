using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GreenIsland.Telemetry.Ingest;

/// <summary>
/// Checkpoints the SQLite WAL on its own thread and connection, so the ingest writer never copies WAL frames into the
/// database file, nor waits for that copy's <c>fsync</c>, inside one of its commits (its <c>wal_autocheckpoint</c> is
/// off, <see cref="SqliteReadingStore.WriterPragmas"/>). The writer reports the WAL pages each commit wrote
/// (<see cref="PagesWritten"/>); past <see cref="ThresholdPages"/> the checkpointer runs two passes:
/// <list type="number">
/// <item>a <c>PASSIVE</c> checkpoint without the writer lock: the bulk of the copy and both <c>fsync</c>s, while the
/// writer keeps committing;</item>
/// <item>a <c>PASSIVE</c> checkpoint holding the writer lock: only the frames committed during the first pass. The WAL
/// is then wholly in the database file, so the writer's next transaction starts the WAL over from its beginning
/// instead of growing it (SQLite restarts a WAL only when every frame is checkpointed when a write begins).</item>
/// </list>
/// A checkpoint changes what is stored nowhere: it copies committed pages from the WAL into the database file, and a
/// crash at any point leaves the WAL to be replayed by the next connection. Readers holding an old snapshot can hold
/// a pass back (as they would the automatic checkpoint); the next signal retries.
/// </summary>
internal sealed partial class SqliteWalCheckpointer : IDisposable
{
    /// <summary>WAL pages (4 KiB) written by the writer before a checkpoint is started (16 MiB).</summary>
    public const int ThresholdPages = 4096;

    private readonly string connectionString;
    private readonly SemaphoreSlim writerLock;
    private readonly SqliteWriterStats stats;
    private readonly ILogger logger;
    private readonly SemaphoreSlim signal = new(0, 1);
    private readonly CancellationTokenSource stop = new();
    private readonly Thread thread;

    // Written only by the writer, under the writer lock.
    private long pendingPages;

    // 1 while a checkpoint is signalled or running (set by the writer, cleared by the checkpointer thread).
    private int running;
    private long completed;

    public SqliteWalCheckpointer(string connectionString, SemaphoreSlim writerLock, SqliteWriterStats stats, ILogger logger)
    {
        this.connectionString = connectionString;
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
        if (pendingPages >= ThresholdPages && Interlocked.CompareExchange(ref running, 1, 0) == 0)
        {
            pendingPages = 0;
            signal.Release();
        }
    }

    public void Dispose()
    {
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

                try
                {
                    connection ??= Open();
                    var cpu = ThreadCpu.NowNs();
                    var frames = Checkpoint(connection);
                    var locked = Stopwatch.GetTimestamp();
                    writerLock.Wait(stop.Token);
                    try
                    {
                        locked = Stopwatch.GetTimestamp();
                        frames += Checkpoint(connection);
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
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e)
                {
                    // The WAL keeps what the failed pass did not copy; the next signal tries again.
                    LogCheckpointFailed(logger, e);
                    connection?.Dispose();
                    connection = null;
                }
                finally
                {
                    Volatile.Write(ref running, 0);
                }
            }
        }
        finally
        {
            connection?.Dispose();
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

    /// <summary>One <c>PASSIVE</c> checkpoint; returns the frames it found checkpointed.</summary>
    private static long Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        return reader.Read() && !reader.IsDBNull(2) ? Math.Max(0, reader.GetInt64(2)) : 0;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "SQLite WAL checkpoint failed; the WAL is kept and checkpointed on the next attempt")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
