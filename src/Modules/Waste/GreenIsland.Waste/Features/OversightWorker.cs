using GreenIsland.Waste.Features.CommandCentre;
using GreenIsland.Waste.Features.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Features;

/// <summary>
/// Every <see cref="WebhookOptions.PollInterval"/>: projects newly decided manifests into the tonnage totals, then
/// fans out and sends webhook deliveries. Both steps are idempotent and safe on several instances.
/// </summary>
internal sealed partial class OversightWorker(IServiceScopeFactory scopes, TimeProvider clock, IOptions<WebhookOptions> options, ILogger<OversightWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TonnageProjector>().RunOnceAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<WebhookDispatcher>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Waste oversight round (tonnage projection, webhooks) failed; retrying on the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
