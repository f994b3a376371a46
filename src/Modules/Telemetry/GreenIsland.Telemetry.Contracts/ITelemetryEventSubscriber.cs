namespace GreenIsland.Telemetry.Contracts;

/// <summary>
/// Implemented by other modules to receive Telemetry events. Register implementations in DI as
/// <c>services.AddScoped&lt;ITelemetryEventSubscriber, MySubscriber&gt;()</c>. The Telemetry outbox dispatcher delivers
/// the events that are due in rounds: per round it creates one DI scope, and hands every registered subscriber the
/// round's events, in order of occurrence, through <see cref="HandleBatchAsync"/> (by default one
/// <see cref="HandleAsync"/> call per event).
/// </summary>
/// <remarks>
/// Delivery is at least once: an event is marked delivered only after every subscriber handled it. If a subscriber
/// fails on an event, that event and every later one of the round are left undelivered (the later subscribers only
/// receive the events before it), and the failed event is retried later (with back-off) for all subscribers, so
/// handlers must be idempotent on <see cref="TelemetryEvent.EventId"/>.
/// </remarks>
public interface ITelemetryEventSubscriber
{
    /// <summary>Handles one event. Ignore event types you do not care about.</summary>
    Task HandleAsync(TelemetryEvent telemetryEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Handles a round's events in order, stopping at the first one that fails. Override it to do per round what
    /// would otherwise be done per event (say, one query for the devices of all events). The scope, and so a scoped
    /// subscriber's DbContext, is shared by the whole round: do not let one event's tracked state leak into the next.
    /// </summary>
    /// <param name="events">Events in order of occurrence (at least one).</param>
    /// <param name="cancellationToken">Cancels delivery (the events stay undelivered).</param>
    /// <returns>How many events, from the first, were handled, and what went wrong with the next one if any.</returns>
    async Task<TelemetryBatchResult> HandleBatchAsync(IReadOnlyList<TelemetryEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i++)
        {
            try
            {
                await HandleAsync(events[i], cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return TelemetryBatchResult.FailedAt(i, e);
            }
        }

        return TelemetryBatchResult.All(events.Count);
    }
}

/// <summary>What <see cref="ITelemetryEventSubscriber.HandleBatchAsync"/> got done.</summary>
/// <param name="Handled">Events handled, counted from the first of the batch.</param>
/// <param name="Failure">Why the event after those failed; null when every event was handled.</param>
public readonly record struct TelemetryBatchResult(int Handled, Exception? Failure)
{
    /// <summary>Every one of <paramref name="count"/> events was handled.</summary>
    public static TelemetryBatchResult All(int count) => new(count, null);

    /// <summary>The events before <paramref name="index"/> were handled; the one at it failed with <paramref name="failure"/>.</summary>
    public static TelemetryBatchResult FailedAt(int index, Exception failure) => new(index, failure);
}
