using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Persistence;

/// <summary>
/// Telemetry's view of a platform device: its type, reporting interval and the tenancy columns (organisation,
/// jurisdiction) copied from the platform when it was registered, so queries filter without cross-module joins.
/// </summary>
internal sealed class TelemetryDevice
{
    public const int NameMaxLength = 100;

    public DeviceId DeviceId { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public SiteId SiteId { get; set; }

    public JurisdictionId? DistrictId { get; set; }

    public JurisdictionId? TownId { get; set; }

    public string Name { get; set; } = string.Empty;

    public DeviceType Type { get; set; }

    public int IntervalSeconds { get; set; }

    /// <summary>Register modulus of cumulative meters (e.g. 1,000,000 for a 6-digit kWh register).</summary>
    public double RegisterModulus { get; set; }

    public bool IsActive { get; set; }

    public bool IsDemo { get; set; }

    public DateTime RegisteredAt { get; set; }

    public LivenessStatus Status { get; set; }

    public DateTime? StatusChangedAt { get; set; }

    /// <summary>When the last batch containing a reading of this device was committed (server time).</summary>
    public DateTime? LastSeenAt { get; set; }

    public DeviceProfile ToProfile() => new(
        DeviceId.Value, OrganisationId.Value, SiteId.Value, Type, TimeSpan.FromSeconds(IntervalSeconds), RegisterModulus, IsActive);
}

/// <summary>One reading: the narrow append-only row keyed by (device, metric, timestamp).</summary>
internal sealed class ReadingRow
{
    public DeviceId DeviceId { get; set; }

    public short MetricId { get; set; }

    public DateTime Ts { get; set; }

    public double Value { get; set; }

    public long? Seq { get; set; }
}

internal sealed class RollupRow
{
    public DeviceId DeviceId { get; set; }

    public short MetricId { get; set; }

    public RollupGrain Grain { get; set; }

    public DateTime BucketStart { get; set; }

    public long Count { get; set; }

    public double Sum { get; set; }

    public double Min { get; set; }

    public double Max { get; set; }

    public DateTime LastTs { get; set; }

    public double Last { get; set; }
}

/// <summary>
/// The rollup cells of one committed ingest batch, not yet folded into <c>telemetry_rollups</c> (see
/// <see cref="Ingest.IReadingStore.MergeRollupsAsync"/>); <see cref="Payload"/> is <see cref="Domain.RollupDeltaCodec"/>'s format.
/// </summary>
internal sealed class RollupDeltaRow
{
    public Guid Id { get; set; }

    public DateTime CreatedAt { get; set; }

    public int Cells { get; set; }

    public byte[] Payload { get; set; } = [];
}

internal sealed class OutboxMessage
{
    public const int TypeMaxLength = 100;

    public Guid Id { get; set; }

    public DateTime OccurredAt { get; set; }

    public string Type { get; set; } = string.Empty;

    public string Payload { get; set; } = string.Empty;

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public DateTime? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}
