using GreenIsland.Telemetry.Contracts;

namespace GreenIsland.Waste.Features.Rules;

/// <summary>Receives Telemetry's outbox-delivered events (readings, offline, online) for the cabinet rules.</summary>
internal sealed class TelemetryEventSubscriber(CabinetRules rules) : ITelemetryEventSubscriber
{
    public Task HandleAsync(TelemetryEvent telemetryEvent, CancellationToken cancellationToken) => rules.HandleAsync(telemetryEvent, cancellationToken);

    public Task<TelemetryBatchResult> HandleBatchAsync(IReadOnlyList<TelemetryEvent> events, CancellationToken cancellationToken) =>
        rules.HandleBatchAsync(events, cancellationToken);
}
