using GreenIsland.Telemetry.Liveness;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Telemetry;

/// <summary>
/// Runs the outbox dispatcher, and on their own intervals the liveness monitor, the outbox retention and partition
/// maintenance. A round runs when an ingest commit in this process signals (<see cref="DeferredWork"/>): at once when
/// the dispatcher was idle, else <see cref="TelemetryOptions.OutboxWakeInterval"/> after the previous round started,
/// over everything that accumulated meanwhile; right after a full round (more is due); and at the latest
/// <see cref="TelemetryOptions.OutboxPollInterval"/> after the previous one (other instances' commits, retries).
/// </summary>
internal sealed partial class TelemetryBackgroundJobs(
    IServiceScopeFactory scopes,
    DeferredWork work,
    TimeProvider clock,
    IOptions<TelemetryOptions> options,
    ILogger<TelemetryBackgroundJobs> logger) : BackgroundService
{
    private DateTime nextLiveness = DateTime.MinValue;
    private DateTime nextPartitions = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (true)
        {
            work.Outbox.Reset();
            var started = clock.GetTimestamp();
            if (await RunOnceAsync(stoppingToken))
            {
                continue;
            }

            if (await work.Outbox.WaitAsync(settings.OutboxPollInterval - clock.GetElapsedTime(started), stoppingToken))
            {
                // Woken by a commit: under load, gather what the next commits bring instead of a round per commit.
                var gather = settings.OutboxWakeInterval - clock.GetElapsedTime(started);
                if (gather > TimeSpan.Zero)
                {
                    await Task.Delay(gather, clock, stoppingToken);
                }
            }
        }
    }

    /// <summary>
    /// One round of every due job; true when the dispatcher's round was full (more messages are due). Maintenance
    /// (partitions, liveness, retention) that fails is retried a poll interval later, and does not hold up delivery.
    /// </summary>
    private async Task<bool> RunOnceAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            if (now >= nextPartitions)
            {
                nextPartitions = now + settings.OutboxPollInterval;
                await scope.ServiceProvider.GetRequiredService<TelemetryMigrator>().EnsurePartitionsAsync(now, stoppingToken);
                nextPartitions = now.AddHours(6);
            }

            if (now >= nextLiveness)
            {
                nextLiveness = now + settings.OutboxPollInterval;
                await scope.ServiceProvider.GetRequiredService<Devices.DeviceRegistry>().SyncFromPlatformAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<LivenessMonitor>().RunOnceAsync(now, stoppingToken);
                await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().PurgeDeliveredAsync(now, settings.OutboxRetention, stoppingToken);
                nextLiveness = now + settings.LivenessCheckInterval;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogJobFailed(logger, e);
        }

        try
        {
            var round = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchRoundAsync(now, stoppingToken);
            return round.MoreDue;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogJobFailed(logger, e);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry background job failed; retrying at the next poll")]
    private static partial void LogJobFailed(ILogger logger, Exception exception);
}
