using GreenIsland.Cli.Telemetry;

namespace GreenIsland.Cli.Tests.Telemetry;

/// <summary>
/// The simulator's meter and PV shapes (issue 3, item 8: "meters with daily and weekly load shapes, PV with daylight"),
/// checked against local time in Asia/Shanghai taken from the time-zone database, not from the model's own offset.
/// </summary>
public sealed class SimulationModelsTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private static readonly int[] Seeds = [1, 7, 42, 1234, -5, int.MaxValue];

    /// <summary>The UTC instant of a local wall-clock time in Shanghai.</summary>
    private static DateTime Local(int year, int month, int day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified), Shanghai);

    /// <summary>Mean of <paramref name="f"/> over every 15 minutes of the given local days and hours.</summary>
    private static double Mean(Func<DateTime, double> f, IEnumerable<DateOnly> days, Func<double, bool> hour)
    {
        var values = new List<double>();
        foreach (var d in days)
        {
            for (var m = 0; m < 24 * 60; m += 15)
            {
                if (hour(m / 60.0))
                {
                    values.Add(f(Local(d.Year, d.Month, d.Day, m / 60, m % 60)));
                }
            }
        }

        return values.Average();
    }

    // 2026-11-16 is a Monday; the week runs to Sunday 22 November.
    private static readonly DateOnly[] Weekdays = [.. Enumerable.Range(16, 5).Select(d => new DateOnly(2026, 11, d))];
    private static readonly DateOnly[] Weekend = [new(2026, 11, 21), new(2026, 11, 22)];

    [Fact]
    public void MeterLoad_OnWeekdayWorkingHours_IsHigherThanAtNightAndOnTheWeekend()
    {
        static bool Working(double h) => h is >= 9 and < 12 or >= 14 and < 17;
        static bool Night(double h) => h is >= 0 and < 5;
        foreach (var seed in Seeds)
        {
            double Power(DateTime t) => SimulationModels.ActivePowerKw(seed, t);
            var working = Mean(Power, Weekdays, Working);
            var night = Mean(Power, Weekdays, Night);
            var weekend = Mean(Power, Weekend, Working);
            Assert.True(working > 2 * night, $"seed {seed}: weekday working hours {working:0.0} kW, weekday nights {night:0.0} kW");
            Assert.True(working > 2 * weekend, $"seed {seed}: weekday working hours {working:0.0} kW, weekend working hours {weekend:0.0} kW");

            // Not only on average: every working-hour reading is above every night reading of the same week.
            var lowestWorking = Weekdays.SelectMany(d => Enumerable.Range(9 * 4, 3 * 4).Select(q => Power(Local(d.Year, d.Month, d.Day, q / 4, q % 4 * 15)))).Min();
            var highestNight = Weekdays.SelectMany(d => Enumerable.Range(0, 5 * 4).Select(q => Power(Local(d.Year, d.Month, d.Day, q / 4, q % 4 * 15)))).Max();
            Assert.True(lowestWorking > highestNight, $"seed {seed}: lowest working-hour reading {lowestWorking:0.0} kW, highest night reading {highestNight:0.0} kW");
        }
    }

    [Fact]
    public void MeterLoad_FollowsShanghaiTime_NotUtc()
    {
        // 10:00 in Shanghai is 02:00 UTC: a working hour. 10:00 UTC is 18:00 in Shanghai: past working hours.
        var wednesday10Local = Local(2026, 11, 18, 10);
        Assert.Equal(new DateTime(2026, 11, 18, 2, 0, 0, DateTimeKind.Utc), wednesday10Local);
        Assert.Equal(1.0, SimulationModels.LoadShape(wednesday10Local));
        Assert.True(SimulationModels.LoadShape(new DateTime(2026, 11, 18, 10, 0, 0, DateTimeKind.Utc)) < 1.0);

        // Saturday 00:30 in Shanghai is still Friday in UTC; it is the weekend's night.
        var saturdayEarly = Local(2026, 11, 21, 0, 30);
        Assert.Equal(DayOfWeek.Friday, saturdayEarly.DayOfWeek);
        Assert.Equal(SimulationModels.LoadShape(Local(2026, 11, 22, 0, 30)), SimulationModels.LoadShape(saturdayEarly));
    }

    [Fact]
    public void GasLoad_IsHigherOnWeekdaysThanOnTheWeekend()
    {
        foreach (var seed in Seeds)
        {
            double Gas(DateTime t) => SimulationModels.GasStepM3(seed, t);
            Assert.True(Mean(Gas, Weekdays, _ => true) > Mean(Gas, Weekend, _ => true), $"seed {seed}");
        }
    }

    [Fact]
    public void CumulativeRegisters_NeverDecrease_AndContinueWhereTheyLeftOff()
    {
        foreach (var seed in Seeds)
        {
            Func<DateTime, double>[] registers =
            [
                t => SimulationModels.EnergyImportStepKwh(seed, t),
                t => SimulationModels.PvGenerationStepKwh(seed, t),
                t => SimulationModels.GasStepM3(seed, t),
            ];
            foreach (var perStep in registers)
            {
                var start = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
                var previous = (Step: 0L, Value: 1_000.0);
                var values = new List<double>();
                for (var t = start; t < start.AddDays(10); t = t.AddMinutes(5))
                {
                    previous = SimulationModels.Register(t, previous, perStep);
                    values.Add(previous.Value);
                }

                for (var i = 1; i < values.Count; i++)
                {
                    Assert.True(values[i] >= values[i - 1], $"seed {seed}: register fell from {values[i - 1]} to {values[i]} at sample {i}");
                }

                Assert.True(values[^1] > values[0], $"seed {seed}: the register did not advance in 10 days");

                // A restarted simulator recomputes from the epoch and reaches the same value: no jump backwards or forwards.
                var fresh = SimulationModels.Register(start.AddDays(10).AddMinutes(-5), (0, 1_000.0), perStep);
                Assert.Equal(previous.Value, fresh.Value, 6);
            }
        }
    }

    [Fact]
    public void PvPower_IsZeroAtNight_PeaksAroundLocalNoon_AndNeverExceedsPeakPower()
    {
        foreach (var seed in Seeds)
        {
            var peak = SimulationModels.PvPeakKw(seed);
            foreach (var day in Enumerable.Range(0, 14).Select(i => new DateOnly(2026, 6, 1).AddDays(i)))
            {
                var samples = Enumerable.Range(0, 24 * 4)
                    .Select(q => (Hour: q / 4.0, Kw: SimulationModels.PvPowerKw(seed, Local(day.Year, day.Month, day.Day, q / 4, q % 4 * 15))))
                    .ToList();
                Assert.All(samples.Where(s => s.Hour is < 6 or > 18), s => Assert.Equal(0, s.Kw));
                Assert.All(samples, s => Assert.InRange(s.Kw, 0, peak));
                var best = samples.MaxBy(s => s.Kw);
                Assert.True(best.Kw > 0, $"seed {seed}, {day}: no output all day");
                Assert.InRange(best.Hour, 11.5, 12.5);

                // Rising through the morning, falling through the afternoon.
                var morning = samples.Where(s => s.Hour is >= 6 and <= 12).Select(s => s.Kw).ToList();
                var afternoon = samples.Where(s => s.Hour is >= 12 and <= 18).Select(s => s.Kw).ToList();
                Assert.Equal(morning.Order(), morning);
                Assert.Equal(afternoon.OrderDescending(), afternoon);
            }
        }
    }

    [Fact]
    public void Models_AreDeterministicForASeed_AndDifferBetweenSeeds()
    {
        var t = new DateTime(2026, 7, 15, 3, 7, 0, DateTimeKind.Utc);
        Assert.Equal(SimulationModels.ActivePowerKw(42, t), SimulationModels.ActivePowerKw(42, t));
        Assert.Equal(SimulationModels.PvPowerKw(42, t), SimulationModels.PvPowerKw(42, t));
        Assert.Equal(SimulationModels.TemperatureCel(42, t), SimulationModels.TemperatureCel(42, t));
        Assert.NotEqual(SimulationModels.PeakKw(42), SimulationModels.PeakKw(43));
        Assert.NotEqual(SimulationModels.PvPowerKw(42, t), SimulationModels.PvPowerKw(43, t));
        for (var i = 0L; i < 10_000; i++)
        {
            Assert.InRange(SimulationModels.Noise(42, i), 0, 0.9999999999);
        }
    }

    [Fact]
    public void CabinetClimate_FollowsTheDay_WithinPlausibleRanges()
    {
        foreach (var seed in Seeds)
        {
            var day = new DateOnly(2026, 5, 12);
            var afternoon = SimulationModels.TemperatureCel(seed, Local(day.Year, day.Month, day.Day, 15));
            var beforeDawn = SimulationModels.TemperatureCel(seed, Local(day.Year, day.Month, day.Day, 3));
            Assert.True(afternoon > beforeDawn + 5, $"seed {seed}: 15:00 {afternoon} °C, 03:00 {beforeDawn} °C");
            Assert.True(SimulationModels.HumidityPercent(seed, Local(day.Year, day.Month, day.Day, 15))
                < SimulationModels.HumidityPercent(seed, Local(day.Year, day.Month, day.Day, 3)));
            for (var h = 0; h < 24; h++)
            {
                Assert.InRange(SimulationModels.TemperatureCel(seed, Local(day.Year, day.Month, day.Day, h)), 5, 30);
                Assert.InRange(SimulationModels.HumidityPercent(seed, Local(day.Year, day.Month, day.Day, h)), 30, 80);
            }
        }
    }
}
