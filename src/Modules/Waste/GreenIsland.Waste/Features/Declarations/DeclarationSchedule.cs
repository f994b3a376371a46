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
/// Due dates of declarations (configuration section <c>Waste:Declarations</c>). UNCERTAIN: ../shared/domain/WASTE.md
/// states the declaration FREQUENCY per HJ 1259-2022 tier [V] and the plan deadline (31 March) [V], but no due date for
/// the declarations themselves. The defaults are GreenIsland's reading, not checked against the standard's text or
/// the provincial system: monthly and quarterly declarations by the 15th of the month after the period, the annual
/// declaration by 31 March of the next year. Set the section to what the district's system enforces.
/// </summary>
internal sealed class DeclarationDueDates
{
    public const string Section = "Waste:Declarations";

    public static readonly DeclarationDueDates Default = new();

    /// <summary>Day of the month after a monthly or quarterly period by which it is declared (1-28).</summary>
    public int PeriodDueDayOfFollowingMonth { get; set; } = 15;

    /// <summary>Month of the next year by which the annual declaration is due.</summary>
    public int AnnualDueMonth { get; set; } = 3;

    /// <summary>Day of that month.</summary>
    public int AnnualDueDay { get; set; } = 31;

    public bool IsValid() =>
        PeriodDueDayOfFollowingMonth is >= 1 and <= 28 && AnnualDueMonth is >= 1 and <= 12 && AnnualDueDay >= 1
        && AnnualDueDay <= DateTime.DaysInMonth(2000, AnnualDueMonth); // 29 February falls back to the 28th in common years
}

/// <summary>
/// Declaration periods and due dates. Frequencies follow HJ 1259-2022 [V in WASTE.md]: key supervised units
/// (&gt;= 100 t/yr) declare monthly, simplified units (&gt;= 10 t/yr) quarterly, registration units (&lt; 10 t/yr)
/// annually. Due dates come from <see cref="DeclarationDueDates"/> (configurable, uncertain).
/// </summary>
internal static class DeclarationSchedule
{
    /// <summary>The management plan of a year is due by 31 March of that year (HJ 1259-2022; WASTE.md "Registration tiers" [V]).</summary>
    public static DateOnly PlanDueOn(int year) => new(year, 3, 31);

    /// <summary>Tier thresholds in kilograms per year (HJ 1259-2022).</summary>
    public static DeclarationFrequency FrequencyFor(decimal expectedAnnualKg) => expectedAnnualKg switch
    {
        >= 100_000m => DeclarationFrequency.Monthly,
        >= 10_000m => DeclarationFrequency.Quarterly,
        _ => DeclarationFrequency.Annual,
    };

    public static IReadOnlyList<DeclarationPeriod> PeriodsOf(int year, DeclarationFrequency frequency, DeclarationDueDates? due = null)
    {
        var count = (int)frequency;
        var months = 12 / count;
        var periods = new List<DeclarationPeriod>(count);
        for (var i = 1; i <= count; i++)
        {
            periods.Add(Period(year, frequency, i, months, due ?? DeclarationDueDates.Default));
        }

        return periods;
    }

    public static bool TryGetPeriod(int year, DeclarationFrequency frequency, int index, out DeclarationPeriod period, DeclarationDueDates? due = null)
    {
        period = null!;
        if (index < 1 || index > (int)frequency || year < 2000 || year > 2100)
        {
            return false;
        }

        period = Period(year, frequency, index, 12 / (int)frequency, due ?? DeclarationDueDates.Default);
        return true;
    }

    private static DeclarationPeriod Period(int year, DeclarationFrequency frequency, int index, int months, DeclarationDueDates dueDates)
    {
        var from = new DateOnly(year, ((index - 1) * months) + 1, 1);
        var to = from.AddMonths(months).AddDays(-1);
        var due = frequency == DeclarationFrequency.Annual
            ? new DateOnly(year + 1, dueDates.AnnualDueMonth, Math.Min(dueDates.AnnualDueDay, DateTime.DaysInMonth(year + 1, dueDates.AnnualDueMonth)))
            : new DateOnly(to.Year, to.Month, 1).AddMonths(1).AddDays(dueDates.PeriodDueDayOfFollowingMonth - 1);
        return new DeclarationPeriod(year, frequency, index, from, to, due);
    }
}
