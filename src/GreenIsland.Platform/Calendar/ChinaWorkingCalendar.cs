using System.Collections.Frozen;
using System.Text.Json;
using GreenIsland.Platform.Contracts.Calendar;

namespace GreenIsland.Platform.Calendar;

/// <summary>
/// <see cref="IWorkingCalendar"/> over the State Council holiday arrangements in <c>china-holidays.json</c> (an
/// embedded resource). Years without data fall back to weekends only, flagged in every result: a deadline must still
/// be computable on 1 January before the next notice has been loaded, but nobody may mistake it for an official one.
/// </summary>
internal sealed class ChinaWorkingCalendar : IWorkingCalendar
{
    internal const string ResourceName = "GreenIsland.Platform.Calendar.china-holidays.json";

    // A deadline of many years is a caller bug, not a request; stop rather than loop for ever.
    private const int MaxWorkingDays = 3660;

    private readonly FrozenDictionary<DateOnly, string> holidays;
    private readonly FrozenDictionary<DateOnly, string> makeUpDays;
    private readonly FrozenSet<int> years;

    private ChinaWorkingCalendar(IReadOnlyList<HolidayNotice> notices, FrozenDictionary<DateOnly, string> holidays, FrozenDictionary<DateOnly, string> makeUpDays)
    {
        Notices = notices;
        this.holidays = holidays;
        this.makeUpDays = makeUpDays;
        years = notices.Select(n => n.Year).ToFrozenSet();
    }

    public IReadOnlyList<HolidayNotice> Notices { get; }

    /// <summary>Loads the calendar shipped with the platform.</summary>
    /// <returns>The calendar.</returns>
    public static ChinaWorkingCalendar LoadEmbedded()
    {
        using var stream = typeof(ChinaWorkingCalendar).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        return Load(stream);
    }

    /// <summary>Loads and validates calendar data in the <c>china-holidays.json</c> format.</summary>
    /// <param name="json">The JSON document.</param>
    /// <returns>The calendar.</returns>
    /// <exception cref="InvalidDataException">When the data contradicts itself (see the checks below).</exception>
    public static ChinaWorkingCalendar Load(Stream json)
    {
        var file = JsonSerializer.Deserialize<CalendarFile>(json, JsonOptions)
            ?? throw new InvalidDataException("The holiday calendar file is empty.");
        var notices = new List<HolidayNotice>();
        var holidayDays = new Dictionary<DateOnly, string>();
        var makeUp = new Dictionary<DateOnly, string>();
        foreach (var y in file.Years.OrderBy(y => y.Year))
        {
            if (notices.Any(n => n.Year == y.Year))
            {
                throw new InvalidDataException($"Year {y.Year} appears twice in the holiday calendar.");
            }

            notices.Add(new HolidayNotice(y.Year, y.Title, y.DocumentNumber, y.IssuedOn, y.Verified, y.Note));
            foreach (var h in y.Holidays)
            {
                if (h.From.Year != y.Year || h.To.Year != y.Year || h.To < h.From)
                {
                    throw new InvalidDataException($"{y.Year}: holiday {h.Name} {h.From:yyyy-MM-dd}..{h.To:yyyy-MM-dd} is not a period inside the year.");
                }

                for (var d = h.From; d <= h.To; d = d.AddDays(1))
                {
                    if (!holidayDays.TryAdd(d, h.Name))
                    {
                        throw new InvalidDataException($"{d:yyyy-MM-dd} belongs to two holiday periods.");
                    }
                }
            }

            foreach (var m in y.MakeUpWorkingDays)
            {
                if (m.Date.Year != y.Year || !IsWeekend(m.Date))
                {
                    throw new InvalidDataException($"{y.Year}: make-up working day {m.Date:yyyy-MM-dd} must be a Saturday or Sunday of that year.");
                }

                if (holidayDays.ContainsKey(m.Date) || !makeUp.TryAdd(m.Date, m.Holiday))
                {
                    throw new InvalidDataException($"{m.Date:yyyy-MM-dd} is listed twice or as both holiday and make-up working day.");
                }
            }
        }

        return new ChinaWorkingCalendar(notices, holidayDays.ToFrozenDictionary(), makeUp.ToFrozenDictionary());
    }

    public bool HasDataFor(int year) => years.Contains(year);

    public CalendarDay Describe(DateOnly date)
    {
        if (!HasDataFor(date.Year))
        {
            return IsWeekend(date)
                ? new CalendarDay(date, false, DayKind.Weekend, null, CalendarBasis.WeekendsOnlyFallback)
                : new CalendarDay(date, true, DayKind.Weekday, null, CalendarBasis.WeekendsOnlyFallback);
        }

        if (holidays.TryGetValue(date, out var holiday))
        {
            return new CalendarDay(date, false, DayKind.PublicHoliday, holiday, CalendarBasis.OfficialArrangement);
        }

        if (makeUpDays.TryGetValue(date, out var forHoliday))
        {
            return new CalendarDay(date, true, DayKind.MakeUpWorkingDay, forHoliday, CalendarBasis.OfficialArrangement);
        }

        return IsWeekend(date)
            ? new CalendarDay(date, false, DayKind.Weekend, null, CalendarBasis.OfficialArrangement)
            : new CalendarDay(date, true, DayKind.Weekday, null, CalendarBasis.OfficialArrangement);
    }

    public bool IsWorkingDay(DateOnly date) => Describe(date).IsWorkingDay;

    public WorkingDayDate AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workingDays, MaxWorkingDays);
        var missing = new SortedSet<int>();
        var date = start;
        var remaining = workingDays;
        while (remaining > 0)
        {
            date = date.AddDays(1);
            var day = Describe(date);
            if (day.Basis == CalendarBasis.WeekendsOnlyFallback)
            {
                missing.Add(date.Year);
            }

            if (day.IsWorkingDay)
            {
                remaining--;
            }
        }

        return new WorkingDayDate(date, missing.Count == 0 ? CalendarBasis.OfficialArrangement : CalendarBasis.WeekendsOnlyFallback, [.. missing]);
    }

    public WorkingDayCount WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var sign = 1;
        if (to < from)
        {
            (from, to) = (to, from);
            sign = -1;
        }

        if (to.DayNumber - from.DayNumber > MaxWorkingDays * 2)
        {
            throw new ArgumentOutOfRangeException(nameof(to), "The interval is longer than the calendar counts (about ten years).");
        }

        var missing = new SortedSet<int>();
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            var day = Describe(d);
            if (day.Basis == CalendarBasis.WeekendsOnlyFallback)
            {
                missing.Add(d.Year);
            }

            if (day.IsWorkingDay)
            {
                count++;
            }
        }

        return new WorkingDayCount(sign * count, missing.Count == 0 ? CalendarBasis.OfficialArrangement : CalendarBasis.WeekendsOnlyFallback, [.. missing]);
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    private sealed record CalendarFile(IReadOnlyList<CalendarYear> Years);

    private sealed record CalendarYear(
        int Year,
        string Title,
        string? DocumentNumber,
        DateOnly IssuedOn,
        bool Verified,
        string Note,
        IReadOnlyList<HolidayPeriod> Holidays,
        IReadOnlyList<MakeUpDay> MakeUpWorkingDays);

    private sealed record HolidayPeriod(string Name, string NameEn, DateOnly From, DateOnly To);

    private sealed record MakeUpDay(DateOnly Date, string Holiday);
}
