using System.Globalization;
using System.Runtime.InteropServices;

namespace GreenIsland.Telemetry.Ingest;

/// <summary>
/// Where the SQLite ingest writer's time goes, per phase, in CPU time of the thread that ran it (and wall time the
/// writer lock was held): what <c>Telemetry:WriterStatsInterval</c> logs. Cheap enough to collect always (two
/// <c>clock_gettime</c> calls per phase and group).
/// </summary>
internal sealed class SqliteWriterStats
{
    private readonly Lock gate = new();
    private WriterTotals totals;

    public void Add(in WriterTotals delta)
    {
        lock (gate)
        {
            totals.Add(delta);
        }
    }

    public WriterTotals Take()
    {
        lock (gate)
        {
            var taken = totals;
            totals = default;
            return taken;
        }
    }
}

/// <summary>Counters of <see cref="SqliteWriterStats"/>; times in nanoseconds.</summary>
internal struct WriterTotals
{
    public long Groups;
    public long Batches;
    public long Readings;
    public long Prepared;
    public long BeginNs;
    public long BeginWallNs;
    public long InsertNs;
    public long CompleteNs;
    public long CommitNs;
    public long LockWallNs;
    public long MaxCommitWallNs;
    public long WalPages;
    public long Merges;
    public long MergeNs;
    public long Checkpoints;
    public long CheckpointNs;
    public long CheckpointLockedWallNs;
    public long CheckpointFrames;
    public long LogReadings;
    public long DirectReadings;
    public long Folds;
    public long ForcedFolds;
    public long FoldReadings;
    public long FoldConflicts;
    public long FoldNs;
    public long FoldWallNs;
    public long FoldChunks;
    public long FoldReadNs;

    public void Add(in WriterTotals d)
    {
        Groups += d.Groups;
        Batches += d.Batches;
        Readings += d.Readings;
        Prepared += d.Prepared;
        BeginNs += d.BeginNs;
        BeginWallNs += d.BeginWallNs;
        InsertNs += d.InsertNs;
        CompleteNs += d.CompleteNs;
        CommitNs += d.CommitNs;
        LockWallNs += d.LockWallNs;
        MaxCommitWallNs = Math.Max(MaxCommitWallNs, d.MaxCommitWallNs);
        WalPages += d.WalPages;
        Merges += d.Merges;
        MergeNs += d.MergeNs;
        Checkpoints += d.Checkpoints;
        CheckpointNs += d.CheckpointNs;
        CheckpointLockedWallNs += d.CheckpointLockedWallNs;
        CheckpointFrames += d.CheckpointFrames;
        LogReadings += d.LogReadings;
        DirectReadings += d.DirectReadings;
        Folds += d.Folds;
        ForcedFolds += d.ForcedFolds;
        FoldReadings += d.FoldReadings;
        FoldConflicts += d.FoldConflicts;
        FoldNs += d.FoldNs;
        FoldWallNs += d.FoldWallNs;
        FoldChunks += d.FoldChunks;
        FoldReadNs += d.FoldReadNs;
    }

    public readonly string Describe(TimeSpan elapsed)
    {
        var per1000 = Readings == 0 ? 0 : 1000.0 / Readings;
        return string.Create(CultureInfo.InvariantCulture,
            $"{elapsed.TotalSeconds:F1}s: {Groups} groups, {Batches} batches ({(Groups == 0 ? 0 : (double)Batches / Groups):F2}/group, {Prepared} prepared outside the lock), {Readings} readings; "
            + $"writer CPU per 1,000 readings: begin {BeginNs * per1000 / 1e6:F2} ms (wall {BeginWallNs * per1000 / 1e6:F2}), insert {InsertNs * per1000 / 1e6:F2}, delta+outbox+last-seen {CompleteNs * per1000 / 1e6:F2}, "
            + $"commit {CommitNs * per1000 / 1e6:F2} (max commit wall {MaxCommitWallNs / 1e6:F1} ms); lock held {LockWallNs * per1000 / 1e6:F2} ms wall; "
            + $"WAL pages {WalPages * per1000:F0}; merges {Merges} ({MergeNs / 1e6:F1} ms CPU); "
            + $"checkpoints {Checkpoints} ({CheckpointNs / 1e6:F1} ms CPU, {CheckpointLockedWallNs / 1e6:F1} ms wall holding the writer lock, {CheckpointFrames} frames); "
            + $"log: {LogReadings} readings appended, {DirectReadings} into the table directly; folds {Folds} ({ForcedFolds} forced by a write, {FoldReadings} readings, "
            + $"{FoldNs / 1e6:F1} ms CPU, {FoldWallNs / 1e6:F1} ms wall holding the writer lock, {(FoldReadings == 0 ? 0 : FoldNs / 1e3 / FoldReadings):F2} us CPU per reading, {FoldConflicts} conflicts; "
            + $"{FoldChunks} chunks, read+decode+sort outside the lock {FoldReadNs / 1e6:F1} ms CPU)");
    }
}

/// <summary>CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>; 0 elsewhere).</summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    private static readonly bool Available = OperatingSystem.IsLinux();

    public static long NowNs()
    {
        if (!Available || ClockGetTime(ClockThreadCpuTimeId, out var time) != 0)
        {
            return 0;
        }

        return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int ClockGetTime(int clockId, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
