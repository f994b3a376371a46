namespace GreenIsland.Cli.Telemetry;

/// <summary>
/// Deterministic, plausible device behaviour for demos and load: cabinet climate (the fill comes from
/// <see cref="CabinetFeed"/>), meters with daily and weekly load shapes, PV following daylight with day-to-day cloudiness.
/// Every value is a pure function of (device seed, time), so a restarted simulator continues the same curves
/// and cumulative registers never jump backwards.
/// </summary>
internal static class SimulationModels
{
    /// <summary>Registers count from this instant, so their values are reproducible across runs.</summary>
    public static readonly DateTime RegisterEpoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly TimeSpan RegisterStep = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>A stable pseudo-random number in [0, 1) for (seed, i).</summary>
    public static double Noise(int seed, long i)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ unchecked((ulong)i * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 31;
        x = unchecked(x * 0x94D049BB133111EBUL);
        x ^= x >> 29;
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    private static double LocalHour(DateTime utc) => (utc + ChinaOffset).TimeOfDay.TotalHours;

    private static bool IsWeekend(DateTime utc) => (utc + ChinaOffset).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    // --- storage cabinet ---

    public static double TemperatureCel(int seed, DateTime utc) =>
        Math.Round(17 + (7 * Math.Sin(2 * Math.PI * (LocalHour(utc) - 9) / 24)) + (Noise(seed, utc.Ticks / TimeSpan.TicksPerMinute) - 0.5), 2);

    public static double HumidityPercent(int seed, DateTime utc) =>
        Math.Round(58 - (12 * Math.Sin(2 * Math.PI * (LocalHour(utc) - 9) / 24)) + (4 * (Noise(seed, 7 + (utc.Ticks / TimeSpan.TicksPerMinute)) - 0.5)), 2);

    // --- electricity / gas meters ---

    /// <summary>Load as a share of peak: working hours on weekdays, evening shoulder, night base, quiet weekends.</summary>
    public static double LoadShape(DateTime utc)
    {
        var h = LocalHour(utc);
        var weekday = h switch
        {
            >= 8 and < 12 or >= 13 and < 18 => 1.0,
            >= 12 and < 13 => 0.7,
            >= 6 and < 8 or >= 18 and < 22 => 0.5,
            _ => 0.2,
        };
        return IsWeekend(utc) ? Math.Min(weekday, 0.3) : weekday;
    }

    public static double PeakKw(int seed) => 50 + (Noise(seed, 5) * 350);

    public static double ActivePowerKw(int seed, DateTime utc) =>
        Math.Round(PeakKw(seed) * LoadShape(utc) * (0.92 + (0.16 * Noise(seed, utc.Ticks / TimeSpan.TicksPerMinute))), 3);

    // --- PV ---

    public static double PvPeakKw(int seed) => 30 + (Noise(seed, 9) * 170);

    /// <summary>Output follows the sun between 06:00 and 18:00 local time, scaled by that day's cloudiness.</summary>
    public static double PvPowerKw(int seed, DateTime utc)
    {
        var h = LocalHour(utc);
        if (h is < 6 or > 18)
        {
            return 0;
        }

        var day = (long)Math.Floor((utc + ChinaOffset - RegisterEpoch).TotalDays);
        var cloud = 0.35 + (0.65 * Noise(seed, 1_000 + day));
        return Math.Round(PvPeakKw(seed) * Math.Sin(Math.PI * (h - 6) / 12) * cloud, 3);
    }

    /// <summary>
    /// A cumulative register: the sum of <paramref name="perStep"/> over 15-minute steps since the epoch plus an
    /// initial reading; the caller passes the previous (step, value) so a run only adds the new steps.
    /// </summary>
    public static (long Step, double Value) Register(DateTime utc, (long Step, double Value) previous, Func<DateTime, double> perStep)
    {
        var target = (long)Math.Floor((utc - RegisterEpoch) / RegisterStep);
        var (step, value) = previous;
        for (; step < target; step++)
        {
            value += perStep(RegisterEpoch + (RegisterStep * step));
        }

        return (step, value);
    }

    public static double EnergyImportStepKwh(int seed, DateTime stepStart) => ActivePowerKw(seed, stepStart) * RegisterStep.TotalHours;

    public static double PvGenerationStepKwh(int seed, DateTime stepStart) => PvPowerKw(seed, stepStart) * RegisterStep.TotalHours;

    public static double GasStepM3(int seed, DateTime stepStart) => LoadShape(stepStart) * (5 + (Noise(seed, 13) * 25)) * RegisterStep.TotalHours;
}
