namespace GreenIsland.Telemetry.Contracts;

/// <summary>
/// An integration event published by the Telemetry module. Events are written to the module's transactional
/// outbox in the same transaction as the change they describe and delivered at least once afterwards, so a
/// subscriber must be idempotent on <see cref="EventId"/>.
/// </summary>
public abstract record TelemetryEvent
{
    /// <summary>Unique id of this event (stable across redeliveries).</summary>
    public required Guid EventId { get; init; }

    /// <summary>When the event happened (UTC).</summary>
    public required DateTime OccurredAtUtc { get; init; }

    /// <summary>Organisation that owns the device(s) concerned; subscribers use it for tenancy.</summary>
    public required Guid OrganisationId { get; init; }
}

/// <summary>
/// New readings of one ingest batch were committed. Carries one summary per device and metric (not the raw
/// readings), including the latest value, which is what threshold rules need.
/// </summary>
public sealed record ReadingsAccepted : TelemetryEvent
{
    /// <summary>Per device and metric: how many new readings, their time span and the latest value.</summary>
    public required IReadOnlyList<AcceptedSeries> Series { get; init; }
}

/// <summary>Summary of the new readings of one device and metric within a batch.</summary>
/// <param name="DeviceId">Platform device id.</param>
/// <param name="SiteId">Site the device is installed at.</param>
/// <param name="Metric">Metric code, for example <c>fill_ratio</c>.</param>
/// <param name="Unit">Unit symbol of the values, for example <c>kg</c>.</param>
/// <param name="Count">Number of new readings.</param>
/// <param name="FirstTimestampUtc">Earliest new reading.</param>
/// <param name="LastTimestampUtc">Latest new reading.</param>
/// <param name="LastValue">Value of the latest new reading (register value for cumulative metrics).</param>
/// <param name="Consumption">For cumulative metrics: interval consumption these readings added; otherwise null.</param>
public sealed record AcceptedSeries(
    Guid DeviceId,
    Guid SiteId,
    string Metric,
    string Unit,
    int Count,
    DateTime FirstTimestampUtc,
    DateTime LastTimestampUtc,
    double LastValue,
    double? Consumption);

/// <summary>A device has been silent for more than three times its reporting interval.</summary>
public sealed record DeviceWentOffline : TelemetryEvent
{
    /// <summary>Platform device id.</summary>
    public required Guid DeviceId { get; init; }

    /// <summary>Site of the device.</summary>
    public required Guid SiteId { get; init; }

    /// <summary>When the device was last heard from (UTC), or null if it never reported.</summary>
    public required DateTime? LastSeenAtUtc { get; init; }
}

/// <summary>A device that was reported offline is reporting again.</summary>
public sealed record DeviceCameOnline : TelemetryEvent
{
    /// <summary>Platform device id.</summary>
    public required Guid DeviceId { get; init; }

    /// <summary>Site of the device.</summary>
    public required Guid SiteId { get; init; }

    /// <summary>When the device was heard from again (UTC).</summary>
    public required DateTime LastSeenAtUtc { get; init; }
}
