namespace GreenIsland.Platform.Contracts.Calendar;

/// <summary>What kind of day a date is in the working-day calendar of mainland China.</summary>
public enum DayKind
{
    /// <summary>A Monday-Friday that is not a public holiday.</summary>
    Weekday = 1,

    /// <summary>A Saturday or Sunday that is not a make-up working day.</summary>
    Weekend = 2,

    /// <summary>A day inside a holiday period of the State Council's arrangement (放假调休), whatever the day of the week.</summary>
    PublicHoliday = 3,

    /// <summary>A Saturday or Sunday declared a working day by the State Council's arrangement (调休上班).</summary>
    MakeUpWorkingDay = 4,
}

/// <summary>Where the answer for a date came from.</summary>
public enum CalendarBasis
{
    /// <summary>The year is covered by a State Council holiday notice in the calendar data.</summary>
    OfficialArrangement = 1,

    /// <summary>
    /// The year has no holiday data (the notice is usually published in October-December of the year before):
    /// only Saturdays and Sundays are treated as rest days, so the answer may be wrong around public holidays.
    /// Callers must show such results as provisional.
    /// </summary>
    WeekendsOnlyFallback = 2,
}

/// <summary>One date in the working-day calendar.</summary>
/// <param name="Date">The date (China Standard Time).</param>
/// <param name="IsWorkingDay">Whether offices work on this date.</param>
/// <param name="Kind">Why.</param>
/// <param name="HolidayName">The holiday's Chinese name (e.g. <c>春节</c>) for public holidays and the make-up days
/// that belong to them; otherwise null.</param>
/// <param name="Basis">Whether the answer comes from an official arrangement or the weekends-only fallback.</param>
public sealed record CalendarDay(DateOnly Date, bool IsWorkingDay, DayKind Kind, string? HolidayName, CalendarBasis Basis);

/// <summary>A date computed by counting working days.</summary>
/// <param name="Date">The computed date.</param>
/// <param name="Basis"><see cref="CalendarBasis.WeekendsOnlyFallback"/> when any year the count passed through has
/// no holiday data; the date is then provisional.</param>
/// <param name="YearsWithoutData">The years the count passed through that have no holiday data (empty when official).</param>
public sealed record WorkingDayDate(DateOnly Date, CalendarBasis Basis, IReadOnlyList<int> YearsWithoutData)
{
    /// <summary>True when the result relied on the weekends-only fallback for at least one year.</summary>
    public bool IsProvisional => Basis == CalendarBasis.WeekendsOnlyFallback;
}

/// <summary>A number of working days counted between two dates.</summary>
/// <param name="Count">The count (negative when the end lies before the start).</param>
/// <param name="Basis">As for <see cref="WorkingDayDate.Basis"/>.</param>
/// <param name="YearsWithoutData">The years counted that have no holiday data.</param>
public sealed record WorkingDayCount(int Count, CalendarBasis Basis, IReadOnlyList<int> YearsWithoutData)
{
    /// <summary>True when the count relied on the weekends-only fallback for at least one year.</summary>
    public bool IsProvisional => Basis == CalendarBasis.WeekendsOnlyFallback;
}

/// <summary>The holiday notice a calendar year is built from.</summary>
/// <param name="Year">The calendar year the notice arranges.</param>
/// <param name="Title">The notice's title, e.g. 国务院办公厅关于2025年部分节假日安排的通知.</param>
/// <param name="DocumentNumber">The document number (e.g. 国办发明电〔2024〕12号), or null when it could not be verified.</param>
/// <param name="IssuedOn">The date the notice was issued.</param>
/// <param name="Verified">Whether the dates were checked against the notice's published text.</param>
/// <param name="Note">What was checked and where, or what is unverified.</param>
public sealed record HolidayNotice(int Year, string Title, string? DocumentNumber, DateOnly IssuedOn, bool Verified, string Note);

/// <summary>
/// The working-day calendar of mainland China: Monday-Friday, minus the public holidays of the State Council General
/// Office's yearly arrangement (国务院办公厅关于…部分节假日安排的通知), plus its make-up working days (调休上班).
/// Legal deadlines counted in working days (e.g. a receiver confirms a transfer manifest within 5 working days) use
/// it. Dates are calendar dates in China Standard Time (<see cref="ChinaTime"/>). For a year without holiday data the
/// calendar falls back to weekends only and says so in every result (<see cref="CalendarBasis"/>); it never
/// answers silently as though the data were there.
/// </summary>
public interface IWorkingCalendar
{
    /// <summary>The notices the calendar data covers, by year.</summary>
    IReadOnlyList<HolidayNotice> Notices { get; }

    /// <summary>Whether holiday data exists for <paramref name="year"/>.</summary>
    /// <param name="year">The calendar year.</param>
    /// <returns>True when an official arrangement is loaded for the year.</returns>
    bool HasDataFor(int year);

    /// <summary>Describes one date.</summary>
    /// <param name="date">The date.</param>
    /// <returns>The day's kind, whether it is a working day, and the basis of the answer.</returns>
    CalendarDay Describe(DateOnly date);

    /// <summary>Whether <paramref name="date"/> is a working day (see <see cref="Describe"/> for the basis).</summary>
    /// <param name="date">The date.</param>
    /// <returns>True for a working day.</returns>
    bool IsWorkingDay(DateOnly date);

    /// <summary>
    /// The date <paramref name="workingDays"/> working days after <paramref name="start"/>: the start date itself is
    /// not counted, so a manifest received on a Friday with 5 working days runs to the next Friday in an ordinary
    /// week. Zero returns <paramref name="start"/>.
    /// </summary>
    /// <param name="start">The day the period starts (e.g. the day of receipt).</param>
    /// <param name="workingDays">Working days to add; zero or more.</param>
    /// <returns>The deadline date and its basis.</returns>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="workingDays"/> is negative.</exception>
    WorkingDayDate AddWorkingDays(DateOnly start, int workingDays);

    /// <summary>
    /// Working days in the half-open interval (<paramref name="from"/>, <paramref name="to"/>]: the days after
    /// <paramref name="from"/> up to and including <paramref name="to"/>, so that
    /// <c>AddWorkingDays(from, n)</c> is the first date with <c>WorkingDaysBetween(from, date).Count == n</c>.
    /// Negative when <paramref name="to"/> lies before <paramref name="from"/>.
    /// </summary>
    /// <param name="from">The start date (not counted).</param>
    /// <param name="to">The end date (counted).</param>
    /// <returns>The count and its basis.</returns>
    WorkingDayCount WorkingDaysBetween(DateOnly from, DateOnly to);
}

/// <summary>China Standard Time (UTC+8, no daylight saving since 1991): the time zone legal dates are counted in.</summary>
public static class ChinaTime
{
    /// <summary>The fixed offset of China Standard Time.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The calendar date in China of an instant.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The date in China Standard Time.</returns>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The instant a China date ends (the next midnight in China), as UTC.</summary>
    /// <param name="date">The date in China.</param>
    /// <returns>The first instant after the date, in UTC.</returns>
    public static DateTimeOffset EndOf(DateOnly date) =>
        new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();
}
