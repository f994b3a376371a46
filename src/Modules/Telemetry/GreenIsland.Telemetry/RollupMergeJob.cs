using GreenIsland.Telemetry.Ingest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Telemetry;

/// <summary>
/// Folds the rollup deltas of committed ingest batches into <c>telemetry_rollups</c> every
/// <see cref="TelemetryOptions.RollupMergeInterval"/> (ADR 0008). Readers of the rollup table merge first as well,
/// so this only keeps the backlog (and the readers' wait) small.
/// </summary>
internal sealed partial class RollupMergeJob(
    IReadingStore store,
    TimeProvider clock,
    IOptions<TelemetryOptions> options,
    ILogger<RollupMergeJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RollupMergeInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await store.MergeRollupsAsync(TelemetryOptions.RollupMergeBatch, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogMergeFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry rollup merge failed; the deltas stay and are retried on the next tick")]
    private static partial void LogMergeFailed(ILogger logger, Exception exception);
}
