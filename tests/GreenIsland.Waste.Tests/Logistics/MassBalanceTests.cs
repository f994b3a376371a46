using GreenIsland.Waste.Domain.Warehouse;

namespace GreenIsland.Waste.Tests.Logistics;

public sealed class MassBalanceTests
{
    private static readonly Guid A = Guid.NewGuid();
    private static readonly DateTime T0 = new(2026, 11, 2, 2, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Compute_CollectedAndDelivered_Holds()
    {
        var report = MassBalance.Compute([Move(MovementKind.Collected, 100_000, 0), Move(MovementKind.Delivered, 100_000, 5)], null, null);

        var c = Assert.Single(report.Containers);
        Assert.Equal((100_000L, 100_000L, 0L, 0L), (c.CollectedG, c.DeliveredG, c.ClosingStockG, c.LossesG));
        Assert.True(report.Holds);
    }

    [Fact]
    public void Compute_LighterOnArrivalWithoutARecordedLoss_DoesNotHold()
    {
        var report = MassBalance.Compute([Move(MovementKind.Collected, 100_000, 0), Move(MovementKind.ReceivedAtWarehouse, 93_000, 1)], null, null);

        Assert.False(report.Holds);
        Assert.Equal(7_000, report.UnexplainedG);
        Assert.Equal(93_000, report.ClosingStockG);
    }

    [Fact]
    public void Compute_WeighingDifferenceRecordedAfterArrival_ExplainsTheDifference()
    {
        var report = MassBalance.Compute(
            [Move(MovementKind.Collected, 100_000, 0), Move(MovementKind.ReceivedAtWarehouse, 93_000, 1), Move(MovementKind.WeighingDifference, 7_000, 2)],
            null, null);

        Assert.True(report.Holds);
        Assert.Equal((93_000L, 7_000L), (report.ClosingStockG, report.LossesG));
    }

    [Fact]
    public void Compute_SpillageReducesStock_AndStillBalances()
    {
        var report = MassBalance.Compute(
            [Move(MovementKind.Collected, 100_000, 0), Move(MovementKind.Loss, 2_000, 3), Move(MovementKind.Delivered, 98_000, 4)],
            null, null);

        Assert.True(report.Holds);
        Assert.Equal((0L, 98_000L, 2_000L), (report.ClosingStockG, report.DeliveredG, report.LossesG));
    }

    [Fact]
    public void Compute_DeliveredAtAWeightOtherThanTheStock_DoesNotHold()
    {
        var report = MassBalance.Compute([Move(MovementKind.Collected, 100_000, 0), Move(MovementKind.Delivered, 90_000, 4)], null, null);

        Assert.Equal(10_000, report.UnexplainedG);
    }

    [Fact]
    public void Compute_PerPeriod_CarriesOpeningStock()
    {
        var movements = new[] { Move(MovementKind.Collected, 50_000, 0), Move(MovementKind.Delivered, 50_000, 24 * 40) };

        var october = MassBalance.Compute(movements, T0.AddDays(-1), T0.AddDays(10));
        var december = MassBalance.Compute(movements, T0.AddDays(10), T0.AddDays(60));

        Assert.Equal((0L, 50_000L, 50_000L), (october.OpeningStockG, october.CollectedG, october.ClosingStockG));
        Assert.Equal((50_000L, 0L, 50_000L, 0L), (december.OpeningStockG, december.CollectedG, december.DeliveredG, december.ClosingStockG));
        Assert.True(october.Holds && december.Holds);
    }

    private static MovementFact Move(MovementKind kind, long grams, int hours) => new(A, "GI-0001", kind, grams, T0.AddHours(hours));
}
