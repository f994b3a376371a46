namespace GreenIsland.Telemetry.Domain;

internal enum RollupGrain : short
{
    Hour = 1,
    Day = 2,
    Month = 3,
}

internal readonly record struct RollupKey(Guid DeviceId, short MetricId, RollupGrain Grain, DateTime BucketStartUtc);

/// <summary>Aggregate of one bucket: count, sum, min, max and the value of the latest reading.</summary>
internal sealed class RollupCell
{
    public long Count { get; private set; }

    public double Sum { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public DateTime LastTimestampUtc { get; private set; } = DateTime.MinValue;

    public double Last { get; private set; }

    /// <summary>Adds one reading; <paramref name="sumContribution"/> is the value itself, or the consumption for registers.</summary>
    public void Add(DateTime timestampUtc, double value, double sumContribution)
    {
        Count++;
        Sum += sumContribution;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
        if (timestampUtc >= LastTimestampUtc)
        {
            LastTimestampUtc = timestampUtc;
            Last = value;
        }
    }

    /// <summary>Adjusts the sum only (a late register reading re-splits consumption between buckets).</summary>
    public void AdjustSum(double delta) => Sum += delta;

    public bool HasReadings => Count > 0;
}

/// <summary>
/// Bucket boundaries. Hours are UTC hours. Days and months are calendar days and months in the district's
/// time zone (Asia/Shanghai by default) because dashboards, energy reports and regulators count local days;
/// a day bucket is stored as the UTC instant of local midnight (2026-11-21 local = 2026-11-20T16:00Z).
/// </summary>
internal sealed class RollupCalendar(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public static DateTime HourStart(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);

    public DateTime DayStart(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);
        return ToUtc(local.Date);
    }

    public DateTime MonthStart(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);
        return ToUtc(new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified));
    }

    public DateTime BucketStart(RollupGrain grain, DateTime utc) => grain switch
    {
        RollupGrain.Hour => HourStart(utc),
        RollupGrain.Day => DayStart(utc),
        RollupGrain.Month => MonthStart(utc),
        _ => throw new ArgumentOutOfRangeException(nameof(grain)),
    };

    /// <summary>The start of the bucket after the one starting at <paramref name="bucketStartUtc"/>.</summary>
    public DateTime NextBucketStart(RollupGrain grain, DateTime bucketStartUtc)
    {
        switch (grain)
        {
            case RollupGrain.Hour:
                return bucketStartUtc.AddHours(1);
            case RollupGrain.Day:
                return ToUtc(TimeZoneInfo.ConvertTimeFromUtc(bucketStartUtc, Zone).Date.AddDays(1));
            case RollupGrain.Month:
                var local = TimeZoneInfo.ConvertTimeFromUtc(bucketStartUtc, Zone);
                return ToUtc(new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1));
            default:
                throw new ArgumentOutOfRangeException(nameof(grain));
        }
    }

    private DateTime ToUtc(DateTime localUnspecified) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(localUnspecified, DateTimeKind.Unspecified), Zone);
}

/// <summary>Accumulates the rollup deltas of one ingest batch in memory, one cell per (device, metric, grain, bucket).</summary>
internal sealed class RollupAccumulator(RollupCalendar calendar)
{
    private static readonly RollupGrain[] Grains = [RollupGrain.Hour, RollupGrain.Day, RollupGrain.Month];
    private readonly Dictionary<RollupKey, RollupCell> cells = [];

    // Readings of a batch mostly share an hour; local day/month follow from the hour for whole-hour offsets,
    // but we still ask the calendar once per distinct hour so any zone stays correct.
    private DateTime cachedHour = DateTime.MinValue;
    private DateTime cachedDay;
    private DateTime cachedMonth;

    public IReadOnlyDictionary<RollupKey, RollupCell> Cells => cells;

    public void Add(Guid deviceId, short metricId, DateTime timestampUtc, double value, double sumContribution)
    {
        var (hour, day, month) = Buckets(timestampUtc);
        Cell(new RollupKey(deviceId, metricId, RollupGrain.Hour, hour)).Add(timestampUtc, value, sumContribution);
        Cell(new RollupKey(deviceId, metricId, RollupGrain.Day, day)).Add(timestampUtc, value, sumContribution);
        Cell(new RollupKey(deviceId, metricId, RollupGrain.Month, month)).Add(timestampUtc, value, sumContribution);
    }

    public void AdjustSum(Guid deviceId, short metricId, DateTime timestampUtc, double delta)
    {
        if (delta == 0)
        {
            return;
        }

        foreach (var grain in Grains)
        {
            Cell(new RollupKey(deviceId, metricId, grain, calendar.BucketStart(grain, timestampUtc))).AdjustSum(delta);
        }
    }

    private (DateTime Hour, DateTime Day, DateTime Month) Buckets(DateTime utc)
    {
        var hour = RollupCalendar.HourStart(utc);
        if (hour != cachedHour)
        {
            cachedHour = hour;
            cachedDay = calendar.DayStart(hour);
            cachedMonth = calendar.MonthStart(hour);
        }

        return (hour, cachedDay, cachedMonth);
    }

    private RollupCell Cell(RollupKey key)
    {
        ref var cell = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(cells, key, out _);
        cell ??= new RollupCell();
        return cell;
    }
}
