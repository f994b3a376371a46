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
    public RollupCell()
    {
    }

    /// <summary>A cell as stored (rollup row or delta entry).</summary>
    public RollupCell(long count, double sum, double min, double max, DateTime lastTimestampUtc, double last)
    {
        Count = count;
        Sum = sum;
        Min = min;
        Max = max;
        LastTimestampUtc = lastTimestampUtc;
        Last = last;
    }

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

    /// <summary>
    /// Folds another cell of the same bucket into this one, with exactly the semantics of the rollup upsert
    /// (counts and sums add, min/max combine, the later <c>last</c> wins and on a tie the folded-in one).
    /// </summary>
    public void Merge(RollupCell other)
    {
        Count += other.Count;
        Sum += other.Sum;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
        if (other.LastTimestampUtc >= LastTimestampUtc)
        {
            LastTimestampUtc = other.LastTimestampUtc;
            Last = other.Last;
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

/// <summary>
/// The finest rollup cell: one series in the intersection of an hour, a local day and a local month. For
/// whole-hour zone offsets an hour lies in one day; for other zones an hour splits into two cells. Every hour,
/// day and month cell is an exact sum of these.
/// </summary>
internal readonly record struct RollupDeltaKey(Guid DeviceId, short MetricId, DateTime HourUtc, DateTime DayUtc, DateTime MonthUtc);

/// <summary>
/// Accumulates the rollup deltas of one ingest batch in memory, one cell per (device, metric, hour x day x
/// month). <see cref="Deltas"/> is what a batch stores; <see cref="Cells"/> the hour, day and month cells.
/// </summary>
internal sealed class RollupAccumulator(RollupCalendar calendar)
{
    private readonly Dictionary<RollupDeltaKey, RollupCell> deltas = [];

    // Readings of a batch mostly share an hour; the local day and month are asked of the calendar once per
    // distinct (hour, local-day) so any zone stays correct.
    private DateTime cachedHour = DateTime.MinValue;
    private DateTime cachedDay;
    private DateTime cachedMonth;
    private DateTime cachedSplit = DateTime.MaxValue;
    private DateTime cachedSplitDay;
    private DateTime cachedSplitMonth;

    public IReadOnlyDictionary<RollupDeltaKey, RollupCell> Deltas => deltas;

    /// <summary>The hour, day and month cells of everything added.</summary>
    public IReadOnlyDictionary<RollupKey, RollupCell> Cells => Expand(deltas);

    public void Add(Guid deviceId, short metricId, DateTime timestampUtc, double value, double sumContribution) =>
        Cell(Key(deviceId, metricId, timestampUtc)).Add(timestampUtc, value, sumContribution);

    /// <summary>
    /// As <see cref="Add(Guid, short, DateTime, double, double)"/>, with the cell the series' previous reading went into
    /// (<paramref name="memo"/>, kept by the caller per series): the same cell again is not looked up.
    /// </summary>
    public void Add(ref CellMemo memo, Guid deviceId, short metricId, DateTime timestampUtc, double value, double sumContribution)
    {
        var key = Key(deviceId, metricId, timestampUtc);
        if (memo.Cell is null || memo.Key != key)
        {
            memo = new CellMemo(key, Cell(key));
        }

        memo.Cell!.Add(timestampUtc, value, sumContribution);
    }

    /// <summary>A delta cell and its key (see <see cref="Add(ref CellMemo, Guid, short, DateTime, double, double)"/>).</summary>
    internal readonly record struct CellMemo(RollupDeltaKey Key, RollupCell? Cell);

    public void AdjustSum(Guid deviceId, short metricId, DateTime timestampUtc, double delta)
    {
        if (delta != 0)
        {
            Cell(Key(deviceId, metricId, timestampUtc)).AdjustSum(delta);
        }
    }

    /// <summary>Hour, day and month cells from delta cells (folded in the given order).</summary>
    public static Dictionary<RollupKey, RollupCell> Expand(IEnumerable<KeyValuePair<RollupDeltaKey, RollupCell>> deltaCells)
    {
        var cells = new Dictionary<RollupKey, RollupCell>();
        foreach (var (key, delta) in deltaCells)
        {
            Fold(cells, new RollupKey(key.DeviceId, key.MetricId, RollupGrain.Hour, key.HourUtc), delta);
            Fold(cells, new RollupKey(key.DeviceId, key.MetricId, RollupGrain.Day, key.DayUtc), delta);
            Fold(cells, new RollupKey(key.DeviceId, key.MetricId, RollupGrain.Month, key.MonthUtc), delta);
        }

        return cells;
    }

    private static void Fold(Dictionary<RollupKey, RollupCell> cells, RollupKey key, RollupCell delta)
    {
        ref var cell = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(cells, key, out _);
        cell ??= new RollupCell();
        cell.Merge(delta);
    }

    private RollupDeltaKey Key(Guid deviceId, short metricId, DateTime utc)
    {
        var hour = RollupCalendar.HourStart(utc);
        if (hour != cachedHour)
        {
            cachedHour = hour;
            cachedDay = calendar.DayStart(hour);
            cachedMonth = calendar.MonthStart(hour);
            // The next local midnight, if it falls inside this hour (zones with a fractional-hour offset).
            var nextDay = calendar.NextBucketStart(RollupGrain.Day, cachedDay);
            cachedSplit = nextDay < hour.AddHours(1) ? nextDay : DateTime.MaxValue;
            if (cachedSplit != DateTime.MaxValue)
            {
                cachedSplitDay = nextDay;
                cachedSplitMonth = calendar.MonthStart(nextDay);
            }
        }

        return utc >= cachedSplit
            ? new RollupDeltaKey(deviceId, metricId, hour, cachedSplitDay, cachedSplitMonth)
            : new RollupDeltaKey(deviceId, metricId, hour, cachedDay, cachedMonth);
    }

    private RollupCell Cell(RollupDeltaKey key)
    {
        ref var cell = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(deltas, key, out _);
        cell ??= new RollupCell();
        return cell;
    }
}

/// <summary>
/// Binary form of a batch's delta cells (the <c>payload</c> of a <c>telemetry_rollup_deltas</c> row), the same on
/// both providers: version byte, cell count, then per cell device (16), metric (2), hour/day/month ticks (3 x 8),
/// count, sum, min, max, last-timestamp ticks, last (6 x 8), little-endian.
/// </summary>
internal static class RollupDeltaCodec
{
    private const byte Version = 1;
    private const int CellSize = 16 + 2 + (3 * 8) + (6 * 8);

    public static byte[] Encode(IReadOnlyDictionary<RollupDeltaKey, RollupCell> cells)
    {
        var bytes = new byte[1 + 4 + (cells.Count * CellSize)];
        bytes[0] = Version;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), cells.Count);
        var span = bytes.AsSpan(5);
        foreach (var (key, cell) in cells)
        {
            key.DeviceId.TryWriteBytes(span);
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(span[16..], key.MetricId);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[18..], key.HourUtc.Ticks);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[26..], key.DayUtc.Ticks);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[34..], key.MonthUtc.Ticks);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[42..], cell.Count);
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(span[50..], cell.Sum);
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(span[58..], cell.Min);
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(span[66..], cell.Max);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(span[74..], cell.LastTimestampUtc.Ticks);
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(span[82..], cell.Last);
            span = span[CellSize..];
        }

        return bytes;
    }

    public static IEnumerable<KeyValuePair<RollupDeltaKey, RollupCell>> Decode(byte[] payload)
    {
        if (payload.Length < 5 || payload[0] != Version)
        {
            throw new InvalidDataException("Unknown rollup delta format.");
        }

        var count = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(1));
        if (payload.Length != 5 + (count * CellSize))
        {
            throw new InvalidDataException("Truncated rollup delta.");
        }

        for (var i = 0; i < count; i++)
        {
            yield return Read(payload.AsSpan(5 + (i * CellSize), CellSize));
        }
    }

    private static KeyValuePair<RollupDeltaKey, RollupCell> Read(ReadOnlySpan<byte> span)
    {
        static DateTime Utc(ReadOnlySpan<byte> s) => new(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(s), DateTimeKind.Utc);
        var key = new RollupDeltaKey(new Guid(span[..16]), System.Buffers.Binary.BinaryPrimitives.ReadInt16LittleEndian(span[16..]),
            Utc(span[18..]), Utc(span[26..]), Utc(span[34..]));
        var cell = new RollupCell(
            System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(span[42..]),
            System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(span[50..]),
            System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(span[58..]),
            System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(span[66..]),
            Utc(span[74..]),
            System.Buffers.Binary.BinaryPrimitives.ReadDoubleLittleEndian(span[82..]));
        return new(key, cell);
    }
}
