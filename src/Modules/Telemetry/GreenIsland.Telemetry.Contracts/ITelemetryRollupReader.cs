namespace GreenIsland.Telemetry.Contracts;

/// <summary>The bucket size of a rollup read: calendar days or months in the district's time zone.</summary>
public enum TelemetryRollupGrain
{
    /// <summary>Calendar days (local).</summary>
    Day = 2,

    /// <summary>Calendar months (local).</summary>
    Month = 3,
}

/// <summary>Which rollups to read.</summary>
/// <param name="SiteIds">Sites whose devices are read (devices the caller may not see are left out).</param>
/// <param name="Metrics">Metric codes (<see cref="MetricCodes"/>).</param>
/// <param name="From">First local day of the period (for months, the first day of the first month).</param>
/// <param name="ToExclusive">First local day after the period.</param>
/// <param name="Grain">Days or months.</param>
public sealed record TelemetryRollupQuery(
    IReadOnlyCollection<Guid> SiteIds,
    IReadOnlyCollection<string> Metrics,
    DateOnly From,
    DateOnly ToExclusive,
    TelemetryRollupGrain Grain);

/// <summary>A device at one of the queried sites that reports one of the queried metrics, whether or not it has data in the period.</summary>
/// <param name="DeviceId">The platform device id.</param>
/// <param name="SiteId">The device's site.</param>
/// <param name="DeviceName">The device's name.</param>
/// <param name="DeviceType">The device type (snake_case, e.g. <c>electricity_meter</c>).</param>
/// <param name="Metric">The metric code.</param>
/// <param name="Unit">The unit every value of the metric is stored in (UCUM-style symbol, e.g. <c>kWh</c>, <c>m3</c>, <c>t</c>).</param>
/// <param name="Cumulative">Whether the metric is a register (then <see cref="TelemetryRollupValue.Sum"/> is the consumption in the bucket).</param>
/// <param name="IsActive">Whether the device is active.</param>
public sealed record TelemetryMeter(Guid DeviceId, Guid SiteId, string DeviceName, string DeviceType, string Metric, string Unit, bool Cumulative, bool IsActive);

/// <summary>One bucket of one device and metric that has readings.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Metric">The metric code.</param>
/// <param name="BucketStart">The first local day of the bucket (the 1st for months).</param>
/// <param name="Sum">Sum of the values in the bucket; for registers, the consumption in the bucket, in the metric's unit.</param>
/// <param name="Count">Number of readings in the bucket.</param>
public sealed record TelemetryRollupValue(Guid DeviceId, string Metric, DateOnly BucketStart, double Sum, long Count);

/// <summary>The meters found and their buckets with readings; a meter's missing buckets are simply absent.</summary>
/// <param name="TimeZone">The time zone days and months are counted in (IANA id).</param>
/// <param name="Meters">Every matching device and metric.</param>
/// <param name="Values">Buckets with at least one reading.</param>
public sealed record TelemetryRollupResult(string TimeZone, IReadOnlyList<TelemetryMeter> Meters, IReadOnlyList<TelemetryRollupValue> Values);

/// <summary>
/// Reads Telemetry's daily or monthly rollups (never raw readings) for other modules, e.g. Carbon's activity data from
/// meters. Tenancy: only devices the current actor may see are read.
/// </summary>
public interface ITelemetryRollupReader
{
    /// <summary>Reads the rollups of the given sites, metrics and period.</summary>
    /// <param name="query">What to read.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The meters and their buckets with readings.</returns>
    Task<TelemetryRollupResult> ReadAsync(TelemetryRollupQuery query, CancellationToken cancellationToken);
}
