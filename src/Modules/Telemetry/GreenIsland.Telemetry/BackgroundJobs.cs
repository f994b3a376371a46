using GreenIsland.Telemetry.Liveness;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Telemetry;

/// <summary>Runs the liveness monitor, the outbox dispatcher (and its retention) and partition maintenance on their intervals.</summary>
internal sealed partial class TelemetryBackgroundJobs(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<TelemetryOptions> options,
    ILogger<TelemetryBackgroundJobs> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var nextLiveness = DateTime.MinValue;
        var nextPartitions = DateTime.MinValue;
        using var timer = new PeriodicTimer(settings.OutboxPollInterval, clock);
        do
        {
            var now = clock.GetUtcNow().UtcDateTime;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (now >= nextPartitions)
                {
                    await scope.ServiceProvider.GetRequiredService<TelemetryMigrator>().EnsurePartitionsAsync(now, stoppingToken);
                    nextPartitions = now.AddHours(6);
                }

                if (now >= nextLiveness)
                {
                    await scope.ServiceProvider.GetRequiredService<Devices.DeviceRegistry>().SyncFromPlatformAsync(stoppingToken);
                    await scope.ServiceProvider.GetRequiredService<LivenessMonitor>().RunOnceAsync(now, stoppingToken);
                    await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().PurgeDeliveredAsync(now, settings.OutboxRetention, stoppingToken);
                    nextLiveness = now + settings.LivenessCheckInterval;
                }

                await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync(now, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogJobFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Telemetry background job failed; retrying on the next tick")]
    private static partial void LogJobFailed(ILogger logger, Exception exception);
}
