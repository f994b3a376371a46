using System.Text;
using GreenIsland.Platform.Calendar;
using GreenIsland.Platform.Contracts.Calendar;

namespace GreenIsland.Platform.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static readonly ChinaWorkingCalendar Calendar = ChinaWorkingCalendar.LoadEmbedded();

    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void EmbeddedData_CoversTheCitedYears()
    {
        Assert.Equal([2024, 2025, 2026], Calendar.Notices.Select(n => n.Year));
        Assert.All(Calendar.Notices, n => Assert.Contains($"{n.Year}年部分节假日安排的通知", n.Title, StringComparison.Ordinal));
        Assert.Equal("国办发明电〔2024〕12号", Calendar.Notices.Single(n => n.Year == 2025).DocumentNumber);
    }

    [Theory]
    [InlineData("2025-01-26", DayKind.MakeUpWorkingDay, true)]   // Sunday worked before Spring Festival 2025
    [InlineData("2025-01-28", DayKind.PublicHoliday, false)]     // New Year's Eve, a Tuesday
    [InlineData("2025-02-08", DayKind.MakeUpWorkingDay, true)]   // Saturday worked after it
    [InlineData("2026-01-04", DayKind.MakeUpWorkingDay, true)]   // Sunday worked after New Year 2026
    [InlineData("2026-02-23", DayKind.PublicHoliday, false)]     // Monday, last day of Spring Festival 2026
    [InlineData("2026-10-10", DayKind.MakeUpWorkingDay, true)]
    [InlineData("2026-11-21", DayKind.Weekend, false)]           // an ordinary Saturday
    [InlineData("2026-11-23", DayKind.Weekday, true)]            // an ordinary Monday
    public void Describe_UsesHolidaysAndMakeUpDays(string date, DayKind kind, bool working)
    {
        var day = Calendar.Describe(D(date));
        Assert.Equal(kind, day.Kind);
        Assert.Equal(working, day.IsWorkingDay);
        Assert.Equal(CalendarBasis.OfficialArrangement, day.Basis);
    }

    [Fact]
    public void AddWorkingDays_AcrossSpringFestivalWithAMakeUpDay_CountsTheSaturdayWorked()
    {
        // Received on Friday 2026-02-13. Holiday 15-23 Feb; Saturday 14 Feb is worked (调休上班).
        // Working days after the 13th: Sat 14 (make-up), Tue 24, Wed 25, Thu 26, Fri 27 -> deadline Friday 27 Feb.
        var deadline = Calendar.AddWorkingDays(D("2026-02-13"), 5);
        Assert.Equal(D("2026-02-27"), deadline.Date);
        Assert.False(deadline.IsProvisional);

        // A weekends-only count would have ended on Friday 20 Feb, in the middle of the holiday.
        Assert.NotEqual(D("2026-02-20"), deadline.Date);
    }

    [Fact]
    public void AddWorkingDays_AcrossNationalDay2025_SkipsTheEightDaysAndCountsTheSaturday()
    {
        // Thu 2025-09-25 + 5: Fri 26, Sun 28 (make-up), Mon 29, Tue 30, [1-8 Oct holiday], Thu 9 -> 9 Oct.
        Assert.Equal(D("2025-10-09"), Calendar.AddWorkingDays(D("2025-09-25"), 5).Date);
    }

    [Fact]
    public void AddWorkingDays_FromAHoliday_StartsCountingAfterIt()
    {
        // Received during Labour Day 2026 (1-5 May): Wed 6, Thu 7, Fri 8, Sat 9 (make-up), Mon 11.
        Assert.Equal(D("2026-05-11"), Calendar.AddWorkingDays(D("2026-05-02"), 5).Date);
    }

    [Fact]
    public void AddWorkingDays_Zero_ReturnsTheStart() =>
        Assert.Equal(D("2026-02-15"), Calendar.AddWorkingDays(D("2026-02-15"), 0).Date);

    [Fact]
    public void AddWorkingDays_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.AddWorkingDays(D("2026-02-15"), -1));

    [Fact]
    public void WorkingDaysBetween_IsTheInverseOfAddWorkingDays()
    {
        var start = D("2026-02-13");
        for (var n = 0; n <= 30; n++)
        {
            var end = Calendar.AddWorkingDays(start, n).Date;
            Assert.Equal(n, Calendar.WorkingDaysBetween(start, end).Count);
            Assert.Equal(-n, Calendar.WorkingDaysBetween(end, start).Count);
        }
    }

    [Fact]
    public void WorkingDaysBetween_CountsTheYear2025()
    {
        // 2025: weekdays, minus the 18 holiday weekdays of the notice, plus its 5 make-up Saturdays/Sundays.
        var expected = 0;
        for (var d = D("2025-01-01"); d <= D("2025-12-31"); d = d.AddDays(1))
        {
            var weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            expected += weekend ? 0 : 1;
        }

        var holidayWeekdays = new[] { "2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-03", "2025-02-04",
            "2025-04-04", "2025-05-01", "2025-05-02", "2025-05-05", "2025-06-02",
            "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06", "2025-10-07", "2025-10-08" };
        const int makeUpDays = 5;
        Assert.Equal(expected - holidayWeekdays.Length + makeUpDays, Calendar.WorkingDaysBetween(D("2024-12-31"), D("2025-12-31")).Count);
        Assert.Equal(248, Calendar.WorkingDaysBetween(D("2024-12-31"), D("2025-12-31")).Count);
    }

    [Fact]
    public void YearWithoutData_FallsBackToWeekendsAndSaysSo()
    {
        var day = Calendar.Describe(D("2027-10-01"));
        Assert.True(day.IsWorkingDay);
        Assert.Equal(CalendarBasis.WeekendsOnlyFallback, day.Basis);

        var deadline = Calendar.AddWorkingDays(D("2026-12-29"), 5);
        Assert.Equal(D("2027-01-05"), deadline.Date);
        Assert.True(deadline.IsProvisional);
        Assert.Equal([2027], deadline.YearsWithoutData);

        var inside = Calendar.AddWorkingDays(D("2026-12-01"), 5);
        Assert.False(inside.IsProvisional);
        Assert.Empty(inside.YearsWithoutData);
    }

    [Theory]
    [InlineData("""{"years":[{"year":2026,"title":"t","issuedOn":"2025-11-04","verified":true,"note":"n","holidays":[],"makeUpWorkingDays":[{"date":"2026-01-05","holiday":"元旦"}]}]}""")]
    [InlineData("""{"years":[{"year":2026,"title":"t","issuedOn":"2025-11-04","verified":true,"note":"n","holidays":[{"name":"x","nameEn":"x","from":"2026-12-31","to":"2027-01-02"}],"makeUpWorkingDays":[]}]}""")]
    [InlineData("""{"years":[{"year":2026,"title":"t","issuedOn":"2025-11-04","verified":true,"note":"n","holidays":[{"name":"x","nameEn":"x","from":"2026-01-03","to":"2026-01-04"}],"makeUpWorkingDays":[{"date":"2026-01-04","holiday":"x"}]}]}""")]
    public void Load_RejectsContradictoryData(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        Assert.Throws<InvalidDataException>(() => ChinaWorkingCalendar.Load(stream));
    }

    [Fact]
    public void ChinaTime_DateOf_UsesUtcPlusEight()
    {
        Assert.Equal(D("2026-02-14"), ChinaTime.DateOf(new DateTimeOffset(2026, 2, 13, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal(D("2026-02-13"), ChinaTime.DateOf(new DateTimeOffset(2026, 2, 13, 15, 59, 59, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 2, 27, 16, 0, 0, TimeSpan.Zero), ChinaTime.EndOf(D("2026-02-27")));
    }
}
