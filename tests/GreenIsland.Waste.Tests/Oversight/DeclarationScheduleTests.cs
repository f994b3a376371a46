using GreenIsland.Waste.Features.Declarations;

namespace GreenIsland.Waste.Tests.Oversight;

public sealed class DeclarationScheduleTests
{
    [Theory]
    [InlineData(9_999.999, 1)]
    [InlineData(10_000, 4)]
    [InlineData(99_999, 4)]
    [InlineData(100_000, 12)]
    public void FrequencyFor_FollowsTheHj1259Tiers(double kg, int periodsPerYear) =>
        Assert.Equal((DeclarationFrequency)periodsPerYear, DeclarationSchedule.FrequencyFor((decimal)kg));

    [Fact]
    public void Quarterly_PeriodsCoverTheYearAndFallDueOnThe15thOfTheNextMonth()
    {
        var periods = DeclarationSchedule.PeriodsOf(2026, DeclarationFrequency.Quarterly);
        Assert.Equal(4, periods.Count);
        Assert.Equal(new DateOnly(2026, 1, 1), periods[0].From);
        Assert.Equal(new DateOnly(2026, 3, 31), periods[0].To);
        Assert.Equal(new DateOnly(2026, 4, 15), periods[0].DueOn);
        Assert.Equal(new DateOnly(2026, 12, 31), periods[3].To);
        Assert.Equal(new DateOnly(2027, 1, 15), periods[3].DueOn);
        Assert.Equal("2026-Q4", periods[3].Label);
    }

    [Fact]
    public void Monthly_FebruaryEndsOnItsLastDay()
    {
        var feb = DeclarationSchedule.PeriodsOf(2028, DeclarationFrequency.Monthly)[1];
        Assert.Equal(new DateOnly(2028, 2, 29), feb.To);
        Assert.Equal("2028-02", feb.Label);
    }

    [Fact]
    public void Annual_IsDueBy31MarchOfTheNextYear()
    {
        var year = Assert.Single(DeclarationSchedule.PeriodsOf(2026, DeclarationFrequency.Annual));
        Assert.Equal(new DateOnly(2027, 3, 31), year.DueOn);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void TryGetPeriod_RefusesAnIndexOutsideTheYear(int index) =>
        Assert.False(DeclarationSchedule.TryGetPeriod(2026, DeclarationFrequency.Quarterly, index, out _));

    [Fact]
    public void DueDates_FollowTheConfiguration_WhereWasteMdIsSilent()
    {
        var due = new DeclarationDueDates { PeriodDueDayOfFollowingMonth = 10, AnnualDueMonth = 2, AnnualDueDay = 30 };
        var quarter = DeclarationSchedule.PeriodsOf(2026, DeclarationFrequency.Quarterly, new DeclarationDueDates { PeriodDueDayOfFollowingMonth = 10 })[1];
        Assert.Equal(new DateOnly(2026, 7, 10), quarter.DueOn);
        var annual = Assert.Single(DeclarationSchedule.PeriodsOf(2027, DeclarationFrequency.Annual, new DeclarationDueDates { AnnualDueMonth = 2, AnnualDueDay = 29 }));
        Assert.Equal(new DateOnly(2028, 2, 29), annual.DueOn);
        var notLeap = Assert.Single(DeclarationSchedule.PeriodsOf(2026, DeclarationFrequency.Annual, new DeclarationDueDates { AnnualDueMonth = 2, AnnualDueDay = 29 }));
        Assert.Equal(new DateOnly(2027, 2, 28), notLeap.DueOn);
        Assert.False(due.IsValid());
        Assert.False(new DeclarationDueDates { PeriodDueDayOfFollowingMonth = 31 }.IsValid());
        Assert.True(DeclarationDueDates.Default.IsValid());
    }
}
