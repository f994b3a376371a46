using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Ingest;

internal readonly record struct ReadingKey(Guid DeviceId, short MetricId, DateTime TimestampUtc);

/// <summary>Validated readings of one request plus what the store needs to derive rollups and events.</summary>
internal sealed record IngestBatch(
    IReadOnlyList<ValidReading> Readings,
    IReadOnlyDictionary<Guid, DeviceProfile> Devices,
    Guid OrganisationId,
    DateTime ReceivedAtUtc,
    Guid ActorDeviceId)
{
    private BatchSeries? series;

    /// <summary>The readings' series, found once (on first use, by the request) for everything that groups by series.</summary>
    public BatchSeries Series => series ??= BatchSeries.Of(Readings);
}

/// <summary>
/// The series (device, metric) of a batch's readings in order of first appearance, found in one pass: which series
/// each reading belongs to, how many readings and which first and last timestamp each series has, and whether the
/// readings already come grouped by series and in time order within each. The rollup arithmetic
/// (<see cref="IngestComputation"/>), the PostgreSQL <c>COPY</c> order (<see cref="PgCopyEncoder"/>) and the SQLite
/// writer's series ranges use it instead of grouping again.
/// </summary>
internal sealed class BatchSeries
{
    // Metric ids are the catalogue's (validation rejects others): a series is found by (device index, metric id) in a
    // flat table, a GUID is hashed only when the device changes from one reading to the next.
    private static readonly int MetricSlots = MetricCatalogue.All.Max(m => m.Id) + 1;

    private readonly Dictionary<Guid, int> devices = [];
    private readonly List<(Guid DeviceId, short MetricId)> keys = [];
    private readonly List<int> counts = [];
    private readonly List<DateTime> first = [];
    private readonly List<DateTime> last = [];
    private int[] table = new int[16 * MetricSlots]; // series + 1 per (device index, metric id); 0 = none yet
    private Dictionary<(Guid, short), int>? others; // metric ids outside the catalogue (batches built by tests or tools)

    private BatchSeries(int readings) => OfReading = new int[readings];

    /// <summary>The series of each reading (by position in the batch).</summary>
    public int[] OfReading { get; }

    public int Count => keys.Count;

    public IReadOnlyList<(Guid DeviceId, short MetricId)> Keys => keys;

    public IReadOnlyList<int> Counts => counts;

    public IReadOnlyList<DateTime> First => first;

    public IReadOnlyList<DateTime> Last => last;

    /// <summary>Every series' readings are contiguous in the batch.</summary>
    public bool Grouped { get; private set; } = true;

    /// <summary>Within every series the readings come in non-decreasing timestamp order.</summary>
    public bool InTimeOrder { get; private set; } = true;

    public static BatchSeries Of(IReadOnlyList<ValidReading> readings)
    {
        var result = new BatchSeries(readings.Count);
        var (lastDevice, deviceIndex, previous) = (Guid.Empty, -1, -1);
        for (var i = 0; i < readings.Count; i++)
        {
            var r = readings[i];
            if (deviceIndex < 0 || r.DeviceId != lastDevice)
            {
                lastDevice = r.DeviceId;
                deviceIndex = result.DeviceIndex(r.DeviceId, add: true);
            }

            var s = result.Find(deviceIndex, r.DeviceId, r.MetricId, add: true);
            if (s == result.keys.Count)
            {
                result.keys.Add((r.DeviceId, r.MetricId));
                result.counts.Add(1);
                result.first.Add(r.TimestampUtc);
                result.last.Add(r.TimestampUtc);
            }
            else
            {
                result.Grouped &= s == previous;
                result.InTimeOrder &= r.TimestampUtc >= result.last[s];
                result.counts[s]++;
                result.first[s] = r.TimestampUtc < result.first[s] ? r.TimestampUtc : result.first[s];
                result.last[s] = r.TimestampUtc > result.last[s] ? r.TimestampUtc : result.last[s];
            }

            result.OfReading[i] = s;
            previous = s;
        }

        return result;
    }

    /// <summary>The series of (device, metric), or -1 if no reading of the batch has it.</summary>
    public int IndexOf(Guid deviceId, short metricId)
    {
        var device = DeviceIndex(deviceId, add: false);
        return device < 0 ? -1 : Find(device, deviceId, metricId, add: false);
    }

    /// <summary>
    /// The positions of the readings grouped by series in order of first appearance, each series in time order (stable),
    /// in a rented array (at least as long); null when every reading is its own series or the readings already are in
    /// that order.
    /// </summary>
    public int[]? GroupedOrder(IReadOnlyList<ValidReading> readings)
    {
        var length = OfReading.Length;
        if (length < 3 || keys.Count == length || (Grouped && InTimeOrder))
        {
            return null;
        }

        var next = new int[keys.Count];
        for (int s = 0, at = 0; s < keys.Count; s++)
        {
            next[s] = at;
            at += counts[s];
        }

        var order = System.Buffers.ArrayPool<int>.Shared.Rent(length);
        for (var i = 0; i < length; i++)
        {
            order[next[OfReading[i]]++] = i;
        }

        if (!InTimeOrder)
        {
            // Only the series that are not in time order already are sorted.
            for (int s = 0, start = 0; s < keys.Count; start += counts[s], s++)
            {
                var inOrder = true;
                for (var k = start + 1; k < start + counts[s] && inOrder; k++)
                {
                    inOrder = readings[order[k - 1]].TimestampUtc <= readings[order[k]].TimestampUtc;
                }

                if (!inOrder)
                {
                    Array.Sort(order, start, counts[s], Comparer<int>.Create((a, b) => readings[a].TimestampUtc.CompareTo(readings[b].TimestampUtc)));
                }
            }
        }

        return order;
    }

    private int DeviceIndex(Guid deviceId, bool add)
    {
        if (!add)
        {
            return devices.TryGetValue(deviceId, out var known) ? known : -1;
        }

        ref var index = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(devices, deviceId, out var exists);
        if (!exists)
        {
            index = devices.Count - 1;
        }

        return index;
    }

    /// <summary>The series of (device, metric); with <paramref name="add"/>, a new one (= <see cref="Count"/>) is registered if none.</summary>
    private int Find(int device, Guid deviceId, short metricId, bool add)
    {
        if ((uint)metricId >= (uint)MetricSlots)
        {
            others ??= [];
            if (others.TryGetValue((deviceId, metricId), out var other))
            {
                return other;
            }

            if (add)
            {
                others.Add((deviceId, metricId), keys.Count);
                return keys.Count;
            }

            return -1;
        }

        var slot = (device * MetricSlots) + metricId;
        if (slot >= table.Length)
        {
            if (!add)
            {
                return -1;
            }

            Array.Resize(ref table, Math.Max(table.Length * 2, slot + MetricSlots));
        }

        if (table[slot] == 0 && add)
        {
            table[slot] = keys.Count + 1;
        }

        return table[slot] - 1;
    }
}

internal sealed record IngestWriteResult(int Inserted, int Duplicates, IReadOnlyList<AcceptedSeries> Series);

internal interface IReadingStore
{
    /// <summary>
    /// Inserts the readings that are not stored yet, updates rollups, last-seen and the outbox in one
    /// transaction, and returns only after it committed.
    /// </summary>
    Task<IngestWriteResult> WriteAsync(IngestBatch batch, CancellationToken cancellationToken);

    /// <summary>
    /// Folds committed rollup deltas into the rollup table, oldest first, in transactions of at most
    /// <paramref name="limit"/> deltas, until none is left; returns how many were folded. Safe to run concurrently
    /// (merges are serialised) and after a crash (a delta is deleted in the transaction that folds it).
    /// Every reader of the rollup table calls this first, so it reflects every acknowledged reading.
    /// </summary>
    Task<int> MergeRollupsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Makes every acknowledged reading visible in the readings table before a reader queries it (SQLite: folds the
    /// ingest log, <see cref="SqliteReadingLog"/>; PostgreSQL writes straight into the table).
    /// </summary>
    Task PublishReadingsAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Provider-independent arithmetic of a write: rollup cells, register consumption, event summaries. Per series of the
/// batch (<see cref="IngestBatch.Series"/>) it keeps the summary and the rollup cell the series' last reading went
/// into, so consecutive readings of a series in one hour add to that cell without a lookup.
/// </summary>
internal sealed class IngestComputation(IngestBatch batch, RollupCalendar calendar)
{
    private readonly BatchSeries shape = batch.Series;
    private readonly SeriesSummary[] summaries = new SeriesSummary[batch.Series.Count];
    private readonly RollupAccumulator.CellMemo[] cells = new RollupAccumulator.CellMemo[batch.Series.Count];

    // The series in the order their first new reading was added (the order of the event's series).
    private readonly List<int> added = [];

    // Where the next reading is expected in the batch: the stores add the readings in batch order (all, or the new ones).
    private int cursor;

    public RollupAccumulator Rollups { get; } = new(calendar);

    /// <summary>Per cumulative (device, metric): timestamps of the new readings, to load the register window.</summary>
    public Dictionary<(Guid DeviceId, short MetricId), List<DateTime>> RegisterGroups { get; } = [];

    /// <summary>Adds a new reading; it must be one of the batch's readings.</summary>
    public void AddNew(in ValidReading reading)
    {
        var s = SeriesOf(reading);
        var metric = MetricCatalogue.Get(reading.MetricId);
        ref var summary = ref summaries[s];
        if (summary.Count == 0)
        {
            summary = new SeriesSummary(reading.TimestampUtc, reading.TimestampUtc, reading.Value, 0, 0);
            added.Add(s);
        }

        summary = summary.With(reading.TimestampUtc, reading.Value);

        if (metric.IsCumulative)
        {
            Rollups.Add(ref cells[s], reading.DeviceId, reading.MetricId, reading.TimestampUtc, reading.Value, 0);
            ref var list = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(RegisterGroups, (reading.DeviceId, reading.MetricId), out _);
            list ??= [];
            list.Add(reading.TimestampUtc);
        }
        else
        {
            Rollups.Add(ref cells[s], reading.DeviceId, reading.MetricId, reading.TimestampUtc, reading.Value, reading.Value);
        }
    }

    /// <summary>Applies consumption changes of one register, given its window (stored neighbours + new readings).</summary>
    public void ApplyRegisterWindow(Guid deviceId, short metricId, IReadOnlyList<RegisterPoint> window)
    {
        var modulus = batch.Devices[deviceId].RegisterModulus;
        var total = 0.0;
        foreach (var change in RegisterSeries.Changes(window, modulus))
        {
            Rollups.AdjustSum(deviceId, metricId, change.TimestampUtc, change.Delta);
            total += change.Delta;
        }

        var s = shape.IndexOf(deviceId, metricId);
        if (s >= 0 && summaries[s].Count > 0)
        {
            summaries[s] = summaries[s] with { Consumption = summaries[s].Consumption + total };
        }
    }

    public IReadOnlyList<AcceptedSeries> Series()
    {
        var result = new List<AcceptedSeries>(added.Count);
        foreach (var s in added)
        {
            var (deviceId, metricId) = shape.Keys[s];
            var metric = MetricCatalogue.Get(metricId);
            var summary = summaries[s];
            result.Add(new AcceptedSeries(deviceId, batch.Devices[deviceId].SiteId, metric.Code, metric.Unit, summary.Count,
                summary.First, summary.Last, summary.LastValue, metric.IsCumulative ? summary.Consumption : null));
        }

        return result;
    }

    /// <summary>The series of a reading of the batch: where the stores' iteration is (a few positions ahead at most), else looked up.</summary>
    private int SeriesOf(in ValidReading reading)
    {
        var readings = batch.Readings;
        for (var at = cursor; at < readings.Count && at < cursor + 8; at++)
        {
            var candidate = readings[at];
            if (candidate.DeviceId == reading.DeviceId && candidate.MetricId == reading.MetricId && candidate.TimestampUtc == reading.TimestampUtc)
            {
                cursor = at + 1;
                return shape.OfReading[at];
            }
        }

        var s = shape.IndexOf(reading.DeviceId, reading.MetricId);
        return s >= 0 ? s : throw new ArgumentException("Not a reading of this batch.", nameof(reading));
    }

    private readonly record struct SeriesSummary(DateTime First, DateTime Last, double LastValue, int Count, double Consumption)
    {
        public SeriesSummary With(DateTime ts, double value) => new(
            ts < First ? ts : First,
            ts >= Last ? ts : Last,
            ts >= Last ? value : LastValue,
            Count + 1,
            Consumption);
    }
}
