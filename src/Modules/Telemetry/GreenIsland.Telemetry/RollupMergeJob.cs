using GreenIsland.Telemetry.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Telemetry;

/// <summary>
/// Folds the rollup deltas of committed ingest batches into <c>telemetry_rollups</c> (ADR 0008). Readers of the rollup
/// table merge first as well, so this keeps the backlog (and the readers' wait) small. A merge costs per distinct
/// rollup cell it folds, and under load every batch of a device touches the same cells, so merges are kept apart:
/// <list type="bullet">
/// <item>an ingest commit in this process (<see cref="DeferredWork"/>) more than <see cref="TelemetryOptions.RollupMergeInterval"/>
/// after the last merge that folded anything starts one at once (idle: the rollups are current within moments);</item>
/// <item>while commits keep coming, at most one merge per <see cref="TelemetryOptions.RollupMergeInterval"/>, over
/// everything they left;</item>
/// <item>when they stop (no commit for <see cref="Quiet"/> and no ingest request in flight in this process), what they
/// left is folded then, but not sooner than <see cref="MinGap"/> after the previous merge - on a loaded machine commits
/// often pause longer than <see cref="Quiet"/> while requests are still being written;</item>
/// <item>without any signal, every <see cref="TelemetryOptions.RollupMergeInterval"/> (other instances' deltas; the
/// interval counts from the last merge, whatever started it).</item>
/// </list>
/// </summary>
internal sealed partial class RollupMergeJob(
    IReadingStore store,
    DeferredWork work,
    TimeProvider clock,
    IOptions<TelemetryOptions> options,
    ILogger<RollupMergeJob> logger) : BackgroundService
{
    /// <summary>No commit for this long: the burst is over (under load, commits come much closer together).</summary>
    internal static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(50);

    /// <summary>The least time between two merges when commits pause (a pause under load must not start a merge each time).</summary>
    internal static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RollupMergeInterval;
        var lastRun = clock.GetTimestamp();

        // The last merge that folded something (an empty one costs next to nothing and does not count); none yet.
        var lastFold = lastRun - (long)(interval.TotalSeconds * clock.TimestampFrequency);
        while (true)
        {
            if (await work.Rollups.WaitAsync(interval - clock.GetElapsedTime(lastRun), stoppingToken))
            {
                await SettleAsync(lastFold, interval, stoppingToken);
            }

            work.Rollups.Reset();
            lastRun = clock.GetTimestamp();
            try
            {
                if (await store.MergeRollupsAsync(TelemetryOptions.RollupMergeBatch, stoppingToken) > 0)
                {
                    lastFold = lastRun;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogMergeFailed(logger, e);
            }
        }
    }

    /// <summary>Signalled by a commit: waits until the merge is due (class summary).</summary>
    private async Task SettleAsync(long lastFold, TimeSpan interval, CancellationToken stoppingToken)
    {
        while (true)
        {
            var sinceFold = clock.GetElapsedTime(lastFold);
            var sinceCommit = clock.GetElapsedTime(work.Rollups.LastSetTimestamp);
            if (sinceFold >= interval || (sinceCommit >= Quiet && sinceFold >= MinGap && !work.Ingesting))
            {
                return;
            }

            // Nothing to wait for but the requests in flight: look again a little later.
            var wait = Min(interval - sinceFold, Max(Quiet - sinceCommit, MinGap - sinceFold));
            await Task.Delay(wait > TimeSpan.Zero ? wait : Quiet / 2, clock, stoppingToken);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry rollup merge failed; the deltas stay and are retried on the next tick")]
    private static partial void LogMergeFailed(ILogger logger, Exception exception);
}
