using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Features.Rules;

/// <summary>
/// Runs the storage-age rule and the purge of processed Telemetry event ids periodically (disabled with
/// <c>Waste:BackgroundJobs=false</c>, as in the tests).
/// </summary>
internal sealed partial class WasteBackgroundJobs(IServiceScopeFactory scopes, TimeProvider clock, IOptions<WasteRulesOptions> options, ILogger<WasteBackgroundJobs> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StorageCheckInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var raised = await scope.ServiceProvider.GetRequiredService<StorageAgeRule>().RunAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
                if (raised > 0)
                {
                    LogRaised(logger, raised);
                }

                var purged = await scope.ServiceProvider.GetRequiredService<ProcessedEventPurge>().PurgeAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
                if (purged > 0)
                {
                    LogPurged(logger, purged);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage-age rule raised {Count} alerts")]
    private static partial void LogRaised(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} processed Telemetry event ids past the redelivery window")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Storage-age rule or processed-event purge failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
