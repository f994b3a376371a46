using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;

namespace GreenIsland.Telemetry.Tests;

/// <summary>
/// <see cref="BatchSeries"/> (a batch's series, found once) and <see cref="IngestComputation"/> built on it must give
/// exactly what grouping each reading by (device, metric) in a dictionary gives.
/// </summary>
public sealed class BatchSeriesTests
{
    private static readonly DateTime T0 = new(2026, 11, 21, 15, 58, 0, DateTimeKind.Utc);
    private static readonly Guid Organisation = Guid.Parse("0195a3b0-0000-7000-8000-0000000000f0");
    private static readonly Guid Site = Guid.Parse("0195a3b0-0000-7000-8000-0000000000f1");

    [Fact]
    public void Of_FindsEachSeriesOnce_InFirstAppearanceOrder_WithCountsAndRanges()
    {
        var (a, b) = (Device(1), Device(2));
        List<ValidReading> readings =
        [
            R(0, a, 1, 10), R(1, a, 2, 10), R(2, b, 1, 10), R(3, a, 1, 5), R(4, a, 99, 1), R(5, b, 1, 20), R(6, a, 99, 0),
        ];

        var series = BatchSeries.Of(readings);

        Assert.Equal([(a, (short)1), (a, (short)2), (b, (short)1), (a, (short)99)], series.Keys);
        Assert.Equal([0, 1, 2, 0, 3, 2, 3], series.OfReading);
        Assert.Equal([2, 1, 2, 2], series.Counts);
        Assert.Equal([T0.AddSeconds(5), T0.AddSeconds(10), T0.AddSeconds(10), T0], series.First);
        Assert.Equal([T0.AddSeconds(10), T0.AddSeconds(10), T0.AddSeconds(20), T0.AddSeconds(1)], series.Last);
        Assert.False(series.Grouped);
        Assert.False(series.InTimeOrder);
        Assert.Equal((2, 3, -1, -1), (series.IndexOf(b, 1), series.IndexOf(a, 99), series.IndexOf(b, 2), series.IndexOf(Device(3), 1)));
    }

    [Fact]
    public void GroupedOrder_IsTheStableGroupingByFirstAppearance_SortedByTimeWithinEachSeries()
    {
        var random = new Random(5);
        for (var round = 0; round < 200; round++)
        {
            // Up to 40 devices (past the table's first growth) x 4 metrics, readings in random or grouped order.
            var devices = Enumerable.Range(0, random.Next(1, 40)).Select(Device).ToArray();
            var readings = Enumerable.Range(0, random.Next(0, 300))
                .Select(i => R(i, devices[random.Next(devices.Length)], (short)random.Next(1, 5), random.Next(0, 50)))
                .ToList();
            if (random.Next(3) == 0)
            {
                readings = [.. readings.GroupBy(r => (r.DeviceId, r.MetricId)).SelectMany(g => random.Next(2) == 0 ? g.OrderBy(r => r.TimestampUtc) : g.AsEnumerable())];
            }

            var firstSeen = readings.Select(r => (r.DeviceId, r.MetricId)).Distinct().Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
            var expected = Enumerable.Range(0, readings.Count)
                .OrderBy(i => firstSeen[(readings[i].DeviceId, readings[i].MetricId)])
                .ThenBy(i => readings[i].TimestampUtc)
                .ToArray();
            var unchanged = expected.SequenceEqual(Enumerable.Range(0, readings.Count));

            var series = BatchSeries.Of(readings);
            var order = series.GroupedOrder(readings);
            if (order is null)
            {
                Assert.True(unchanged || readings.Count < 3 || firstSeen.Count == readings.Count);
                continue;
            }

            // Timestamps are not unique within a series here, so compare what the order yields, not the positions.
            Assert.Equal(expected.Select(i => (readings[i].DeviceId, readings[i].MetricId, readings[i].TimestampUtc)),
                order.Take(readings.Count).Select(i => (readings[i].DeviceId, readings[i].MetricId, readings[i].TimestampUtc)));
            Assert.Equal(readings.Count, order.Take(readings.Count).Distinct().Count());
            System.Buffers.ArrayPool<int>.Shared.Return(order);
        }
    }

    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("Asia/Kolkata")] // local midnight inside a UTC hour: an hour's readings fall into two cells
    public void Computation_GivesWhatPerReadingDictionariesGive_ForAllOrOnlyTheNewReadings(string zone)
    {
        var calendar = new RollupCalendar(TimeZoneInfo.FindSystemTimeZoneById(zone));
        var random = new Random(zone.Length);
        for (var round = 0; round < 50; round++)
        {
            var devices = Enumerable.Range(0, random.Next(1, 25)).Select(Device).ToArray();
            short[] metrics = [1, 2, 3, 7]; // 7 (energy import) is cumulative
            var readings = Enumerable.Range(0, random.Next(1, 400))
                .Select(i => R(i, devices[random.Next(devices.Length)], metrics[random.Next(metrics.Length)], random.Next(0, 60 * 60 * 3),
                    Math.Round(random.NextDouble() * 100, 2)))
                .ToList();
            var batch = Batch(readings, devices);
            var onlySome = random.Next(2) == 0;
            var added = readings.Where(_ => !onlySome || random.Next(3) > 0).ToList();

            var computation = new IngestComputation(batch, calendar);
            foreach (var r in added)
            {
                computation.AddNew(r);
            }

            // The reference: one dictionary lookup per reading (what IngestComputation did before BatchSeries).
            var reference = new RollupAccumulator(calendar);
            foreach (var r in added)
            {
                reference.Add(r.DeviceId, r.MetricId, r.TimestampUtc, r.Value, MetricCatalogue.Get(r.MetricId).IsCumulative ? 0 : r.Value);
            }

            Assert.Equal(reference.Deltas.Keys, computation.Rollups.Deltas.Keys); // same cells, in the same order
            foreach (var (key, cell) in reference.Deltas)
            {
                var actual = computation.Rollups.Deltas[key];
                Assert.Equal((cell.Count, cell.Sum, cell.Min, cell.Max, cell.LastTimestampUtc, cell.Last),
                    (actual.Count, actual.Sum, actual.Min, actual.Max, actual.LastTimestampUtc, actual.Last));
            }

            var expectedSeries = added.GroupBy(r => (r.DeviceId, r.MetricId)).Select(g =>
            {
                var metric = MetricCatalogue.Get(g.Key.MetricId);
                var latest = g.Aggregate((x, y) => y.TimestampUtc >= x.TimestampUtc ? y : x);
                return new AcceptedSeries(g.Key.DeviceId, Site, metric.Code, metric.Unit, g.Count(), g.Min(r => r.TimestampUtc),
                    latest.TimestampUtc, latest.Value, metric.IsCumulative ? 0 : null);
            });
            Assert.Equal(expectedSeries, computation.Series());
            Assert.Equal(
                added.Where(r => r.MetricId == 7).GroupBy(r => (r.DeviceId, r.MetricId)).Select(g => (g.Key, g.Select(r => r.TimestampUtc).ToList())),
                computation.RegisterGroups.Select(kv => (kv.Key, kv.Value)));
        }
    }

    [Fact]
    public void Computation_ReadingsAddedOutOfBatchOrder_AreStillCountedInTheirSeries()
    {
        var (a, b) = (Device(1), Device(2));
        List<ValidReading> readings = [R(0, a, 1, 0), R(1, b, 1, 0), R(2, a, 1, 1), R(3, b, 1, 1), R(4, a, 2, 0)];
        var computation = new IngestComputation(Batch(readings, [a, b]), new RollupCalendar(TimeZoneInfo.Utc));
        foreach (var i in new[] { 4, 3, 0, 2, 1 })
        {
            computation.AddNew(readings[i]);
        }

        Assert.Equal([(a, "weight", 1), (b, "fill_ratio", 2), (a, "fill_ratio", 2)], computation.Series().Select(s => (s.DeviceId, s.Metric, s.Count)));
        Assert.Throws<ArgumentException>(() => computation.AddNew(R(9, Device(3), 1, 0)));
    }

    private static Guid Device(int n) => Guid.Parse($"0195a3b0-0000-7000-8000-{n:D12}");

    private static ValidReading R(int index, Guid device, short metric, int second, double value = 1) =>
        new(index, device, metric, T0.AddSeconds(second), value, null);

    private static IngestBatch Batch(IReadOnlyList<ValidReading> readings, IEnumerable<Guid> devices) => new(
        readings,
        devices.ToDictionary(d => d, d => new DeviceProfile(d, Organisation, Site, DeviceType.StorageCabinet, TimeSpan.FromMinutes(5), 1e6, isActive: true)),
        Organisation,
        T0,
        Guid.Empty);
}
