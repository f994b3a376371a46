using GreenIsland.Cli.Telemetry;

namespace GreenIsland.Cli.Tests.Telemetry;

/// <summary>The demo cabinet model behind the live feed (ADR 0010): deposits fill it, a collection empties it.</summary>
public sealed class FeedCabinetTests
{
    private static readonly DateTime Noon = new(2026, 11, 18, 4, 0, 0, DateTimeKind.Utc);

    private static CabinetFeed.FeedCabinet Cabinet(int seed, double fill = 0.1, int stored = 4) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), "柜 cabinet", "key", fill, stored, seed) { KgPerFill = 600, MeanDaysBetweenDeposits = 5 };

    [Fact]
    public void Deposits_RaiseTheFill_AndKeepItWithinZeroAndOne()
    {
        foreach (var seed in new[] { 1, 2, 3, 99, -17 })
        {
            var cabinet = Cabinet(seed);
            for (var i = 0; i < 100; i++)
            {
                var before = cabinet.Fill;
                cabinet.Deposit();
                Assert.InRange(cabinet.Fill, 0, 1);
                if (before < 0.97)
                {
                    Assert.True(cabinet.Fill > before, $"seed {seed}, deposit {i}: {before} -> {cabinet.Fill}");
                    Assert.InRange(cabinet.Fill - before, 0.0, 0.12 + 1e-9);
                }
                else
                {
                    Assert.Equal(before, cabinet.Fill); // full: nothing more fits
                }
            }

            Assert.True(cabinet.Fill >= 0.97, $"seed {seed}: a hundred deposits left the cabinet at {cabinet.Fill}");
        }
    }

    [Fact]
    public void Deposit_CrossesTheTrigger_InAHandfulOfDeposits()
    {
        var cabinet = Cabinet(5, fill: 0.5);
        var deposits = 0;
        while (cabinet.Fill < CabinetFeed.Trigger)
        {
            cabinet.Deposit();
            deposits++;
        }

        Assert.InRange(deposits, 3, 10); // 0.3 of headroom at 3-12 % a deposit
        Assert.True(cabinet.Changed);
    }

    [Fact]
    public void Collection_DropsTheFill_InProportionToTheContainersTakenOut()
    {
        var cabinet = Cabinet(11, fill: 0.2, stored: 4);
        while (cabinet.Fill < 0.9)
        {
            cabinet.Deposit();
        }

        var full = cabinet.Fill;
        cabinet.Changed = false;
        Assert.False(cabinet.ObserveStoredContainers(4)); // nothing taken out: nothing changes
        Assert.Equal(full, cabinet.Fill);
        Assert.False(cabinet.Changed);

        Assert.True(cabinet.ObserveStoredContainers(2)); // half the containers collected
        Assert.Equal(full / 2, cabinet.Fill, 9);
        Assert.True(cabinet.Changed);

        Assert.True(cabinet.ObserveStoredContainers(0)); // the rest collected: a small residue remains
        Assert.InRange(cabinet.Fill, 0.02, 0.06);
        Assert.Equal(0, cabinet.StoredContainers);

        Assert.False(cabinet.ObserveStoredContainers(3)); // new containers deposited: the fill is what the deposits made it
        Assert.InRange(cabinet.Fill, 0.02, 0.06);
    }

    [Fact]
    public void Readings_AreTheCabinetMetrics_WithinTheirRanges()
    {
        foreach (var fill in new[] { 0.0, 0.001, 0.5, 0.99, 1.0 })
        {
            var cabinet = Cabinet(3, fill);
            for (var i = 0; i < 50; i++)
            {
                var readings = cabinet.Readings(Noon.AddMinutes(5 * i)).ToDictionary(r => r.Metric, r => r.Value);
                Assert.Equal(["fill_ratio", "humidity", "temperature", "voc", "weight"], readings.Keys.Order(StringComparer.Ordinal));
                Assert.InRange(readings["fill_ratio"], Math.Max(0, fill - 0.003), Math.Min(1, fill + 0.003));
                Assert.InRange(readings["weight"], 0, (fill + 0.003) * 600 + 0.2);
                Assert.InRange(readings["voc"], 0.4, 6);
                Assert.All(readings.Values, v => Assert.True(double.IsFinite(v)));
            }
        }
    }

    [Fact]
    public void Weight_RisesWithTheFill()
    {
        var cabinet = Cabinet(8, fill: 0.1);
        var light = cabinet.Readings(Noon).Single(r => r.Metric == "weight").Value;
        for (var i = 0; i < 5; i++)
        {
            cabinet.Deposit();
        }

        var heavy = cabinet.Readings(Noon).Single(r => r.Metric == "weight").Value;
        Assert.True(heavy > light + 80, $"{light} kg -> {heavy} kg after five deposits");
    }

    [Fact]
    public void ACabinet_IsDeterministicForItsSeed()
    {
        static List<double> Story(CabinetFeed.FeedCabinet c)
        {
            var values = new List<double>();
            for (var i = 0; i < 40; i++)
            {
                values.Add(c.NextGap().TotalMinutes);
                c.Deposit();
                c.Elapse(TimeSpan.FromHours(3));
                values.Add(c.Fill);
                values.AddRange(c.Readings(Noon.AddHours(i)).Select(r => r.Value));
                if (i == 20)
                {
                    c.ObserveStoredContainers(1);
                }
            }

            return values;
        }

        Assert.Equal(Story(Cabinet(2024)), Story(Cabinet(2024)));
        Assert.NotEqual(Story(Cabinet(2024)), Story(Cabinet(2025)));
    }

    [Fact]
    public void GapsBetweenDeposits_AverageTheCabinetsMean()
    {
        var cabinet = Cabinet(77);
        var gaps = Enumerable.Range(0, 4_000).Select(_ => cabinet.NextGap().TotalDays).ToList();
        Assert.All(gaps, g => Assert.True(g >= 0.05));
        Assert.InRange(gaps.Average(), 4.5, 5.5); // exponential with mean 5 days
    }
}
