namespace GreenIsland.Waste.Features.Declarations;

/// <summary>How often an enterprise declares (HJ 1259-2022 management tiers).</summary>
internal enum DeclarationFrequency
{
    Annual = 1,
    Quarterly = 4,
    Monthly = 12,
}

/// <summary>One declaration period: index 1..n within the year, its date range and due date.</summary>
internal sealed record DeclarationPeriod(int Year, DeclarationFrequency Frequency, int Index, DateOnly From, DateOnly To, DateOnly DueOn)
{
    public string Label => Frequency switch
    {
        DeclarationFrequency.Annual => $"{Year}",
        DeclarationFrequency.Quarterly => $"{Year}-Q{Index}",
        _ => $"{Year}-{Index:00}",
    };
}

/// <summary>
/// Declaration periods and due dates. HJ 1259-2022 [V]: key supervised units (>= 100 t/yr) declare monthly,
/// simplified units (>= 10 t/yr) quarterly, registration units (&lt; 10 t/yr) annually. Due dates [R, not checked
/// against the standard's text]: monthly and quarterly declarations by the 15th of the month after the period, the
/// annual declaration by 31 March of the next year. They are the constants below, easy to correct.
/// </summary>
internal static class DeclarationSchedule
{
    public const int PeriodDueDayOfFollowingMonth = 15;
    public const int AnnualDueMonth = 3;
    public const int AnnualDueDay = 31;

    /// <summary>The management plan of a year is due by 31 March of that year (HJ 1259-2022) [V].</summary>
    public static DateOnly PlanDueOn(int year) => new(year, 3, 31);

    /// <summary>Tier thresholds in kilograms per year (HJ 1259-2022).</summary>
    public static DeclarationFrequency FrequencyFor(decimal expectedAnnualKg) => expectedAnnualKg switch
    {
        >= 100_000m => DeclarationFrequency.Monthly,
        >= 10_000m => DeclarationFrequency.Quarterly,
        _ => DeclarationFrequency.Annual,
    };

    public static IReadOnlyList<DeclarationPeriod> PeriodsOf(int year, DeclarationFrequency frequency)
    {
        var count = (int)frequency;
        var months = 12 / count;
        var periods = new List<DeclarationPeriod>(count);
        for (var i = 1; i <= count; i++)
        {
            periods.Add(Period(year, frequency, i, months));
        }

        return periods;
    }

    public static bool TryGetPeriod(int year, DeclarationFrequency frequency, int index, out DeclarationPeriod period)
    {
        period = null!;
        if (index < 1 || index > (int)frequency || year < 2000 || year > 2100)
        {
            return false;
        }

        period = Period(year, frequency, index, 12 / (int)frequency);
        return true;
    }

    private static DeclarationPeriod Period(int year, DeclarationFrequency frequency, int index, int months)
    {
        var from = new DateOnly(year, ((index - 1) * months) + 1, 1);
        var to = from.AddMonths(months).AddDays(-1);
        var due = frequency == DeclarationFrequency.Annual
            ? new DateOnly(year + 1, AnnualDueMonth, AnnualDueDay)
            : new DateOnly(to.Year, to.Month, 1).AddMonths(1).AddDays(PeriodDueDayOfFollowingMonth - 1);
        return new DeclarationPeriod(year, frequency, index, from, to, due);
    }
}
