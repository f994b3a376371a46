using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Tests;

public sealed class RollupTests
{
    private static readonly RollupCalendar Shanghai = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    [Fact]
    public void DayStart_IsLocalMidnightInShanghaiExpressedInUtc()
    {
        // 2026-11-20T17:30Z is 01:30 on 21 November in Shanghai.
        var utc = new DateTime(2026, 11, 20, 17, 30, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 11, 20, 16, 0, 0, DateTimeKind.Utc), Shanghai.DayStart(utc));
    }

    [Fact]
    public void MonthStart_UsesTheLocalMonth()
    {
        // 2026-11-30T16:30Z is already 1 December locally.
        var utc = new DateTime(2026, 11, 30, 16, 30, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc), Shanghai.MonthStart(utc));
        Assert.Equal(new DateTime(2026, 12, 31, 16, 0, 0, DateTimeKind.Utc), Shanghai.NextBucketStart(RollupGrain.Month, Shanghai.MonthStart(utc)));
    }

    [Fact]
    public void HourStart_TruncatesToTheUtcHour() =>
        Assert.Equal(new DateTime(2026, 11, 20, 17, 0, 0, DateTimeKind.Utc),
            RollupCalendar.HourStart(new DateTime(2026, 11, 20, 17, 59, 59, 999, DateTimeKind.Utc)));

    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("Asia/Kolkata")] // UTC+05:30: local midnight falls inside a UTC hour
    [InlineData("America/New_York")] // DST changes inside the range
    public void Accumulator_MatchesADirectAggregateForEveryGrain(string zone)
    {
        var calendar = new RollupCalendar(TimeZoneInfo.FindSystemTimeZoneById(zone));
        var device = Guid.NewGuid();
        var random = new Random(7);
        var start = new DateTime(2026, 10, 27, 12, 0, 0, DateTimeKind.Utc);
        var readings = Enumerable.Range(0, 2000)
            .Select(i => (Ts: start.AddMinutes(i * 7), Value: Math.Round(random.NextDouble() * 100, 3)))
            .OrderBy(_ => random.Next())
            .ToList();
        var accumulator = new RollupAccumulator(calendar);
        foreach (var (ts, value) in readings)
        {
            accumulator.Add(device, 2, ts, value, value);
        }

        // What a batch stores (its delta cells) folds back into the same cells after encoding.
        var stored = RollupAccumulator.Expand(RollupDeltaCodec.Decode(RollupDeltaCodec.Encode(accumulator.Deltas)));
        foreach (var grain in new[] { RollupGrain.Hour, RollupGrain.Day, RollupGrain.Month })
        {
            var expected = readings.GroupBy(r => calendar.BucketStart(grain, r.Ts)).ToDictionary(g => g.Key);
            Assert.Equal(accumulator.Cells.Where(c => c.Key.Grain == grain).Count(), stored.Count(c => c.Key.Grain == grain));
            var actual = stored.Where(c => c.Key.Grain == grain).ToList();
            Assert.Equal(expected.Count, actual.Count);
            foreach (var (key, cell) in actual)
            {
                var group = expected[key.BucketStartUtc];
                Assert.Equal(group.Count(), cell.Count);
                Assert.Equal(group.Sum(r => r.Value), cell.Sum, 6);
                Assert.Equal(group.Min(r => r.Value), cell.Min);
                Assert.Equal(group.Max(r => r.Value), cell.Max);
                Assert.Equal(group.MaxBy(r => r.Ts).Value, cell.Last);
            }
        }
    }

    [Fact]
    public void DeltaCells_SplitInTwoBatches_FoldToTheCellsOfOneBatch()
    {
        var device = Guid.NewGuid();
        var start = new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
        var readings = Enumerable.Range(0, 300).Select(i => (Ts: start.AddMinutes(i * 3), Value: (i * 37 % 101) / 10.0)).ToList();
        var whole = new RollupAccumulator(Shanghai);
        var first = new RollupAccumulator(Shanghai);
        var second = new RollupAccumulator(Shanghai);
        for (var i = 0; i < readings.Count; i++)
        {
            whole.Add(device, 3, readings[i].Ts, readings[i].Value, readings[i].Value);
            (i % 3 == 0 ? first : second).Add(device, 3, readings[i].Ts, readings[i].Value, readings[i].Value);
        }

        second.AdjustSum(device, 3, start.AddMinutes(5), 0); // a zero adjustment adds no cell
        var folded = RollupAccumulator.Expand(RollupDeltaCodec.Decode(RollupDeltaCodec.Encode(first.Deltas))
            .Concat(RollupDeltaCodec.Decode(RollupDeltaCodec.Encode(second.Deltas))));
        var expected = whole.Cells;
        Assert.Equal(expected.Count, folded.Count);
        foreach (var (key, cell) in expected)
        {
            var actual = folded[key];
            Assert.Equal((cell.Count, cell.Min, cell.Max, cell.Last, cell.LastTimestampUtc), (actual.Count, actual.Min, actual.Max, actual.Last, actual.LastTimestampUtc));
            Assert.Equal(cell.Sum, actual.Sum, 9);
        }
    }

    [Fact]
    public void DeltaCodec_RejectsAnUnknownFormat() =>
        Assert.Throws<InvalidDataException>(() => RollupDeltaCodec.Decode([2, 0, 0, 0, 0]).ToList());
}
