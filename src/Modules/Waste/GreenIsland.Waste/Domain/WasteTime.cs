namespace GreenIsland.Waste.Domain;

/// <summary>
/// Legal dates in the Waste module (agreement validity, storage limits, declaration periods) are calendar dates in
/// China Standard Time; instants stay UTC.
/// </summary>
internal static class WasteTime
{
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Today(TimeProvider clock) => LocalDate(clock.GetUtcNow().UtcDateTime);

    public static DateOnly LocalDate(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), China));

    /// <summary>The UTC instant at which a local calendar date begins.</summary>
    public static DateTime StartOfDayUtc(DateOnly date) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), China);
}
