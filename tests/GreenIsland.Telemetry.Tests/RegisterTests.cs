using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Tests;

public sealed class RegisterTests
{
    private static readonly DateTime T0 = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Delta_WhenRegisterIncreases_IsTheDifference() =>
        Assert.Equal((12.5, RegisterStep.Normal), RegisterConversion.Delta(100, 112.5, 1_000_000));

    [Fact]
    public void Delta_WhenRegisterWrapsPastItsWidth_CountsTheRollover()
    {
        var (delta, step) = RegisterConversion.Delta(999_990, 15, 1_000_000);
        Assert.Equal(RegisterStep.Rollover, step);
        Assert.Equal(25, delta, 9);
    }

    [Fact]
    public void Delta_WhenRegisterDropsInTheMiddle_TreatsItAsResetFromZero() =>
        Assert.Equal((40.0, RegisterStep.Reset), RegisterConversion.Delta(500_000, 40, 1_000_000));

    [Fact]
    public void Changes_WhenReadingsArriveInOrder_AttributeEachDeltaToTheLaterReading()
    {
        var window = new[]
        {
            new RegisterPoint(T0, 100, IsNew: false),
            new RegisterPoint(T0.AddMinutes(15), 110, IsNew: true),
            new RegisterPoint(T0.AddMinutes(30), 125, IsNew: true),
        };

        var changes = RegisterSeries.Changes(window, 1_000_000);

        Assert.Equal([new(T0.AddMinutes(15), 10), new(T0.AddMinutes(30), 15)], changes);
    }

    [Fact]
    public void Changes_WhenLateReadingFallsBetweenStoredOnes_SplitsTheirConsumptionWithoutChangingTheTotal()
    {
        var window = new[]
        {
            new RegisterPoint(T0, 100, IsNew: false),
            new RegisterPoint(T0.AddMinutes(50), 130, IsNew: true),
            new RegisterPoint(T0.AddMinutes(70), 150, IsNew: false),
        };

        var changes = RegisterSeries.Changes(window, 1_000_000);

        Assert.Equal(0, changes.Sum(c => c.Delta), 9);
        Assert.Equal(30, changes.Where(c => c.TimestampUtc == T0.AddMinutes(50)).Sum(c => c.Delta), 9);
        Assert.Equal(-30, changes.Where(c => c.TimestampUtc == T0.AddMinutes(70)).Sum(c => c.Delta), 9);
    }

    [Fact]
    public void Changes_WhenFirstEverReading_AddsNoConsumption() =>
        Assert.Empty(RegisterSeries.Changes([new RegisterPoint(T0, 100, IsNew: true)], 1_000_000));

    [Fact]
    public void Changes_AcrossARollover_CountsConsumptionThroughTheWrap()
    {
        var window = new[]
        {
            new RegisterPoint(T0, 999_980, IsNew: false),
            new RegisterPoint(T0.AddMinutes(15), 999_995, IsNew: true),
            new RegisterPoint(T0.AddMinutes(30), 7, IsNew: true),
        };

        Assert.Equal(27, RegisterSeries.Changes(window, 1_000_000).Sum(c => c.Delta), 9);
    }
}
