namespace GreenIsland.Telemetry.Domain;

internal enum RejectionReason
{
    MissingField,
    UnknownDevice,
    DeviceNotPermitted,
    DeviceInactive,
    UnknownMetric,
    MetricNotReportedByDevice,
    WrongUnit,
    NotFinite,
    OutOfRange,
    TimestampInFuture,
    TimestampTooOld,
}

internal static class RejectionReasonCodes
{
    public static string Code(this RejectionReason reason) => reason switch
    {
        RejectionReason.MissingField => "missing_field",
        RejectionReason.UnknownDevice => "unknown_device",
        RejectionReason.DeviceNotPermitted => "device_not_permitted",
        RejectionReason.DeviceInactive => "device_inactive",
        RejectionReason.UnknownMetric => "unknown_metric",
        RejectionReason.MetricNotReportedByDevice => "metric_not_reported_by_device",
        RejectionReason.WrongUnit => "wrong_unit",
        RejectionReason.NotFinite => "not_finite",
        RejectionReason.OutOfRange => "out_of_range",
        RejectionReason.TimestampInFuture => "timestamp_in_future",
        RejectionReason.TimestampTooOld => "timestamp_too_old",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}

/// <summary>One reading as received (fields may be missing).</summary>
internal readonly record struct IncomingReading(
    Guid? DeviceId,
    string? Metric,
    DateTime? TimestampUtc,
    double? Value,
    string? Unit,
    long? Sequence);

/// <summary>A reading that passed validation, normalised (metric id, microsecond UTC timestamp).</summary>
internal readonly record struct ValidReading(
    int Index,
    Guid DeviceId,
    short MetricId,
    DateTime TimestampUtc,
    double Value,
    long? Sequence);

internal readonly record struct RejectedReading(int Index, Guid? DeviceId, string? Metric, DateTime? TimestampUtc, RejectionReason Reason, string Detail);

internal sealed record IngestLimits(TimeSpan MaxFutureSkew, TimeSpan MaxAge)
{
    public static readonly TimeSpan DefaultMaxFutureSkew = TimeSpan.FromMinutes(5);
}

internal sealed class BatchValidation(int capacity = 0)
{
    public List<ValidReading> Valid { get; } = new(capacity);

    public List<RejectedReading> Rejected { get; } = [];

    /// <summary>Readings repeated within the batch itself (same device, metric and timestamp): the first one wins.</summary>
    public int DuplicatesWithinBatch { get; set; }
}

/// <summary>
/// Validates every reading of a batch independently. Policy (documented in src/Modules/Telemetry/README.md): a batch is
/// stored minus its bad readings; each rejected reading is reported with its index and reason.
/// </summary>
internal static class ReadingValidator
{
    public static BatchValidation Validate(
        IReadOnlyList<IncomingReading> readings,
        IngestActor actor,
        Func<Guid, DeviceProfile?> findDevice,
        DateTime nowUtc,
        IngestLimits limits)
    {
        var result = new BatchValidation(readings.Count);
        // Repeats within the batch, keyed by the device's index in the batch (a GUID is dearer to hash).
        var seen = new HashSet<SeenKey>(readings.Count);
        var deviceIndex = new Dictionary<Guid, int>();
        var latestAllowed = nowUtc + limits.MaxFutureSkew;
        var earliestAllowed = nowUtc - limits.MaxAge;
        DeviceProfile? lastDevice = null;
        var lastIndex = -1;

        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            if (r.DeviceId is not { } deviceId || r.Metric is null || r.TimestampUtc is not { } rawTs || r.Value is not { } value)
            {
                result.Rejected.Add(new(i, r.DeviceId, r.Metric, r.TimestampUtc, RejectionReason.MissingField,
                    "deviceId, metric, ts and value are required"));
                continue;
            }

            DeviceProfile? device;
            if (lastDevice is not null && lastDevice.DeviceId == deviceId)
            {
                device = lastDevice;
            }
            else
            {
                device = lastDevice = findDevice(deviceId);
                lastIndex = -1;
            }
            var rejection = Check(device, actor, r.Metric, r.Unit, value, rawTs, latestAllowed, earliestAllowed, out var metricId);
            if (rejection is { } reason)
            {
                result.Rejected.Add(new(i, deviceId, r.Metric, rawTs, reason.Reason, reason.Detail));
                continue;
            }

            var ts = TruncateToMicroseconds(rawTs);
            if (lastIndex < 0)
            {
                ref var index = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(deviceIndex, deviceId, out var known);
                if (!known)
                {
                    index = deviceIndex.Count - 1;
                }

                lastIndex = index;
            }

            if (!seen.Add(new SeenKey(ts.Ticks, lastIndex, metricId)))
            {
                result.DuplicatesWithinBatch++;
                continue;
            }

            result.Valid.Add(new ValidReading(i, deviceId, metricId, ts, value, r.Sequence));
        }

        return result;
    }

    private readonly record struct SeenKey(long Ticks, int Device, short Metric)
    {
        public bool Equals(SeenKey other) => Ticks == other.Ticks && Device == other.Device && Metric == other.Metric;

        public override int GetHashCode() => unchecked((int)(Ticks / 10) ^ (int)(Ticks >> 32) ^ (Device * 16_777_619) ^ (Metric << 24));
    }

    /// <summary>PostgreSQL keeps microseconds; normalising here keeps the idempotency key identical on both providers.</summary>
    public static DateTime TruncateToMicroseconds(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private static (RejectionReason Reason, string Detail)? Check(
        DeviceProfile? device,
        IngestActor actor,
        string metric,
        string? unit,
        double value,
        DateTime ts,
        DateTime latestAllowed,
        DateTime earliestAllowed,
        out short metricId)
    {
        metricId = 0;

        // A device of another organisation is reported exactly like a missing one, so keys cannot probe ids.
        if (device is null || device.OrganisationId != actor.OrganisationId)
        {
            return (RejectionReason.UnknownDevice, "no such device");
        }

        if (device.DeviceId != actor.DeviceId && !(actor.IsGateway && device.SiteId == actor.SiteId))
        {
            return (RejectionReason.DeviceNotPermitted, "a device key may report only for itself; a gateway key for the devices of its site");
        }

        if (!device.IsActive)
        {
            return (RejectionReason.DeviceInactive, "the device is deactivated");
        }

        if (!MetricCatalogue.TryGet(metric, out var definition))
        {
            return (RejectionReason.UnknownMetric, $"unknown metric '{metric}'");
        }

        metricId = definition.Id;
        if (!device.Reports(definition.Id))
        {
            return (RejectionReason.MetricNotReportedByDevice, $"a {device.Type} does not report '{metric}'");
        }

        if (unit is not null && !string.Equals(unit, definition.Unit, StringComparison.Ordinal))
        {
            return (RejectionReason.WrongUnit, $"'{metric}' is reported in '{definition.Unit}', not '{unit}'");
        }

        if (!double.IsFinite(value))
        {
            return (RejectionReason.NotFinite, "value must be a finite number");
        }

        if (value < definition.Minimum || value > definition.Maximum)
        {
            return (RejectionReason.OutOfRange, $"'{metric}' must be within {definition.Minimum}..{definition.Maximum} {definition.Unit}");
        }

        if (ts > latestAllowed)
        {
            return (RejectionReason.TimestampInFuture, "timestamp is more than 5 minutes in the future");
        }

        if (ts < earliestAllowed)
        {
            return (RejectionReason.TimestampTooOld, "timestamp is older than the ingest horizon");
        }

        return null;
    }
}
