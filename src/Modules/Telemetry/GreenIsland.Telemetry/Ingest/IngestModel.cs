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
    Guid ActorDeviceId);

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

/// <summary>Provider-independent arithmetic of a write: rollup cells, register consumption, event summaries.</summary>
internal sealed class IngestComputation(IngestBatch batch, RollupCalendar calendar)
{
    private readonly Dictionary<(Guid DeviceId, short MetricId), SeriesSummary> series = [];

    public RollupAccumulator Rollups { get; } = new(calendar);

    /// <summary>Per cumulative (device, metric): timestamps of the new readings, to load the register window.</summary>
    public Dictionary<(Guid DeviceId, short MetricId), List<DateTime>> RegisterGroups { get; } = [];

    public void AddNew(in ValidReading reading)
    {
        var metric = MetricCatalogue.Get(reading.MetricId);
        var key = (reading.DeviceId, reading.MetricId);
        ref var summary = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(series, key, out var exists);
        if (!exists)
        {
            summary = new SeriesSummary(reading.TimestampUtc, reading.TimestampUtc, reading.Value, 0, 0);
        }

        summary = summary.With(reading.TimestampUtc, reading.Value);

        if (metric.IsCumulative)
        {
            Rollups.Add(reading.DeviceId, reading.MetricId, reading.TimestampUtc, reading.Value, 0);
            ref var list = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(RegisterGroups, key, out _);
            list ??= [];
            list.Add(reading.TimestampUtc);
        }
        else
        {
            Rollups.Add(reading.DeviceId, reading.MetricId, reading.TimestampUtc, reading.Value, reading.Value);
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

        ref var summary = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrNullRef(series, (deviceId, metricId));
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref summary))
        {
            summary = summary with { Consumption = summary.Consumption + total };
        }
    }

    public IReadOnlyList<AcceptedSeries> Series() =>
        series.Select(kv =>
        {
            var metric = MetricCatalogue.Get(kv.Key.MetricId);
            var s = kv.Value;
            return new AcceptedSeries(kv.Key.DeviceId, batch.Devices[kv.Key.DeviceId].SiteId, metric.Code, metric.Unit, s.Count,
                s.First, s.Last, s.LastValue, metric.IsCumulative ? s.Consumption : null);
        }).ToList();

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
