namespace GreenIsland.Telemetry.Contracts;

/// <summary>
/// Implemented by other modules to receive Telemetry events. Register implementations in DI as
/// <c>services.AddScoped&lt;ITelemetryEventSubscriber, MySubscriber&gt;()</c>; the Telemetry outbox dispatcher
/// calls every registered subscriber for every event, in order of occurrence, in a fresh DI scope.
/// </summary>
/// <remarks>
/// Delivery is at least once: an event is marked delivered only after every subscriber returned without
/// throwing. If a subscriber throws, the event is retried later (with back-off) for all subscribers, so
/// handlers must be idempotent on <see cref="TelemetryEvent.EventId"/>.
/// </remarks>
public interface ITelemetryEventSubscriber
{
    /// <summary>Handles one event. Ignore event types you do not care about.</summary>
    Task HandleAsync(TelemetryEvent telemetryEvent, CancellationToken cancellationToken);
}
