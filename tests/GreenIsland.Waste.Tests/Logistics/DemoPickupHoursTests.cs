using GreenIsland.Waste.Domain.Dispatch;
using GreenIsland.Waste.Features.Demo;
using GreenIsland.Waste.Features.Dispatch;

namespace GreenIsland.Waste.Tests.Logistics;

/// <summary>The demo seed's pickup hours: varied by site position, within 07:30-17:30 (the demo vehicles' shift is 08:00-17:30).</summary>
public sealed class DemoPickupHoursTests
{
    private static readonly TimeOnly EarliestOpen = new(7, 30);
    private static readonly TimeOnly LatestClose = new(17, 30);

    [Fact]
    public void DemoWeek_ForTheDemoAccountsEnterprise_IsOpenEveryDayWithALunchBreak()
    {
        var week = WasteDemoSeeder.DemoWeek(0, demoAccountsEnterprise: true)!;

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], week.Keys.Order());
        Assert.All(week.Values, day => Assert.Equal([new OpeningInterval(new(8, 0), new(11, 30)), new OpeningInterval(new(13, 0), new(17, 0))], day!));
    }

    [Fact]
    public void DemoWeek_VariesBySite_MostlyWeekdaysWithLunch_SomeSaturdays_OneInTenUnrecorded()
    {
        var weeks = Enumerable.Range(1, 100).Select(i => WasteDemoSeeder.DemoWeek(i, demoAccountsEnterprise: false)).ToList();

        Assert.Equal(10, weeks.Count(w => w is null));
        var recorded = weeks.OfType<IReadOnlyDictionary<int, IReadOnlyList<OpeningInterval>?>>().ToList();
        Assert.Equal(50, recorded.Count(w => w[6] is { Count: 0 } && w[1]!.Count == 2 && w[1]![0] == new OpeningInterval(new(8, 0), new(11, 30))));
        Assert.Equal(30, recorded.Count(w => w[6] is { Count: > 0 }));
        Assert.All(recorded, w => Assert.Empty(w[7]!));
        Assert.True(recorded.Select(w => SiteHoursText(w)).Distinct().Count() >= 4, "the patterns vary");
    }

    [Fact]
    public void DemoWeek_EveryRecordedPatternIsOpenOnWorkingDays_InOrderedIntervalsWithinTheShift()
    {
        foreach (var week in Enumerable.Range(0, 10).Select(i => WasteDemoSeeder.DemoWeek(i, false)).OfType<IReadOnlyDictionary<int, IReadOnlyList<OpeningInterval>?>>())
        {
            for (var day = 1; day <= 5; day++)
            {
                Assert.NotEmpty(week[day]!);
            }

            foreach (var intervals in week.Values)
            {
                Assert.All(intervals!, i => Assert.True(i.Open < i.Close && i.Open >= EarliestOpen && i.Close <= LatestClose, i.ToString()));
                Assert.All(intervals!.Zip(intervals!.Skip(1)), p => Assert.True(p.First.Close < p.Second.Open));
            }
        }
    }

    /// <summary>The week as stored (<c>1=08:00-11:30,13:00-17:00;...</c>).</summary>
    private static string SiteHoursText(IReadOnlyDictionary<int, IReadOnlyList<OpeningInterval>?> week)
    {
        var row = SiteOpeningHours.For(new GreenIsland.Waste.Persistence.PlatformSiteView());
        row.Set(week, new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc), "test");
        return row.Hours;
    }
}
