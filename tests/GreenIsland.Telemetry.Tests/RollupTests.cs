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

    [Fact]
    public void Accumulator_MatchesADirectAggregateForEveryGrain()
    {
        var device = Guid.NewGuid();
        var random = new Random(7);
        var start = new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
        var readings = Enumerable.Range(0, 500)
            .Select(i => (Ts: start.AddMinutes(i * 7), Value: Math.Round(random.NextDouble() * 100, 3)))
            .OrderBy(_ => random.Next())
            .ToList();
        var accumulator = new RollupAccumulator(Shanghai);
        foreach (var (ts, value) in readings)
        {
            accumulator.Add(device, 2, ts, value, value);
        }

        foreach (var grain in new[] { RollupGrain.Hour, RollupGrain.Day, RollupGrain.Month })
        {
            var expected = readings.GroupBy(r => Shanghai.BucketStart(grain, r.Ts)).ToDictionary(g => g.Key);
            var actual = accumulator.Cells.Where(c => c.Key.Grain == grain).ToList();
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
}
