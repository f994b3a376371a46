using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Containers;
using GreenIsland.Waste.Domain.Rules;
using GreenIsland.Waste.Domain.Streams;

namespace GreenIsland.Waste.Tests;

public sealed class RuleTests
{
    [Fact]
    public void FillRule_RaisesOnceAcrossNoisyReadingsAndRearmsOnlyBelowTheRearmLevel()
    {
        var armed = true;
        var active = false;
        var raised = 0;
        foreach (var fill in new[] { 0.70, 0.79, 0.80, 0.81, 0.79, 0.82, 0.78, 0.85, 0.60, 0.90 })
        {
            var (raise, next) = FillRule.Evaluate(armed, active, fill, 0.8, 0.5);
            armed = next;
            if (raise)
            {
                raised++;
                active = true;
            }
        }

        Assert.Equal(1, raised);
        Assert.False(armed);

        // The request is collected (closing it re-arms the cabinet elsewhere); the cabinet drains below 0.5 and fills again.
        active = false;
        (_, armed) = FillRule.Evaluate(armed, active, 0.3, 0.8, 0.5);
        Assert.True(armed);
        var (again, _) = FillRule.Evaluate(armed, active, 0.8, 0.8, 0.5);
        Assert.True(again);
    }

    [Fact]
    public void FillRule_DoesNotRaiseWhileARequestIsActive()
    {
        var (raise, armed) = FillRule.Evaluate(armed: true, hasActiveRequest: true, fill: 0.95, trigger: 0.8, rearm: 0.5);

        Assert.False(raise);
        Assert.True(armed);
    }

    [Theory]
    [InlineData(false, 41.0, true, true)]
    [InlineData(false, 40.0, false, false)]
    [InlineData(true, 39.0, true, false)]
    [InlineData(true, 38.0, false, false)]
    [InlineData(true, 45.0, true, false)]
    [InlineData(false, -25.0, true, true)]
    public void RangeAlarm_TripsOutsideAndClearsOnlyInsideTheHysteresisBand(bool alarm, double value, bool expectedAlarm, bool expectedTripped)
    {
        var (next, tripped) = RangeAlarm.Evaluate(alarm, value, -20, 40, 2);

        Assert.Equal(expectedAlarm, next);
        Assert.Equal(expectedTripped, tripped);
    }

    [Fact]
    public void RangeAlarm_HoveringAtTheLimitTripsOnce()
    {
        var alarm = false;
        var trips = 0;
        foreach (var ppm in new[] { 49.0, 51.0, 49.5, 50.5, 48.0, 52.0, 44.9, 51.0 })
        {
            var (next, tripped) = RangeAlarm.Evaluate(alarm, ppm, null, 50, 5);
            alarm = next;
            trips += tripped ? 1 : 0;
        }

        // 51 trips; 49.5, 50.5, 48, 52 stay inside the band; 44.9 clears; 51 trips again.
        Assert.Equal(2, trips);
    }

    [Theory]
    [InlineData("2027-01-06", "WithinLimit")]
    [InlineData("2027-01-05", "Approaching")]
    [InlineData("2026-11-21", "Approaching")]
    [InlineData("2026-11-20", "Exceeded")]
    public void StorageAge_WarnsFortyFiveDaysBeforeTheLimit(string limit, string expected)
    {
        var today = new DateOnly(2026, 11, 21);

        Assert.Equal(Enum.Parse<StorageAgeState>(expected), StorageAge.Evaluate(today, DateOnly.Parse(limit, System.Globalization.CultureInfo.InvariantCulture), 45));
        Assert.Equal(new DateOnly(2027, 11, 21), StorageAge.LimitDate(today, 365));
    }

    [Theory]
    [InlineData(9_999_999L, "Registration", "Annual")]
    [InlineData(10_000_000L, "Simplified", "Quarterly")]
    [InlineData(99_999_999L, "Simplified", "Quarterly")]
    [InlineData(100_000_000L, "KeySupervised", "Monthly")]
    [InlineData(0L, "Registration", "Annual")]
    public void Tier_FollowsHj1259Thresholds(long annualGrams, string tierName, string frequencyName)
    {
        var tier = Enum.Parse<ManagementTier>(tierName);
        Assert.Equal(tier, ManagementTiers.ForAnnualGrams(annualGrams));
        Assert.Equal(Enum.Parse<DeclarationFrequency>(frequencyName), ManagementTiers.FrequencyOf(tier));
    }

    [Theory]
    [InlineData("Acid", "AlkalineCaustic", true)]
    [InlineData("AlkalineCaustic", "Acid", true)]
    [InlineData("CyanideOrSulfide", "Acid", true)]
    [InlineData("Oxidiser", "Combustible", true)]
    [InlineData("ReactiveMetal", "AlcoholOrWater", true)]
    [InlineData("Combustible", "Combustible", false)]
    [InlineData("General", "Acid", false)]
    [InlineData("CyanideOrSulfide", "AlkalineCaustic", false)]
    public void Compatibility_FollowsAppendixV(string a, string b, bool incompatible)
    {
        Assert.Equal(incompatible, CompatibilityTable.AreIncompatible(Enum.Parse<CompatibilityGroup>(a), Enum.Parse<CompatibilityGroup>(b)));
    }

    [Theory]
    [InlineData("1.5", true, 1500L)]
    [InlineData("0.001", true, 1L)]
    [InlineData("0.0001", false, 0L)]
    [InlineData("0", false, 0L)]
    [InlineData("-2", false, 0L)]
    public void Weights_AreWholeGramsAboveZero(string kg, bool ok, long grams)
    {
        Assert.Equal(ok, Weights.TryToGrams(decimal.Parse(kg, System.Globalization.CultureInfo.InvariantCulture), allowZero: false, out var g, out _));
        Assert.Equal(grams, g);
    }

    [Fact]
    public void IdentificationCode_IsCreditCodeWasteDigitsDateAndSerial()
    {
        Assert.True(GreenIsland.Waste.Domain.Catalogue.HazardousWasteCode.TryParse("900-041-49", out var code, out _));

        var value = IdentificationCode.Compose(IdentificationCode.Prefix("91320999MA1XXXXXX1", code, new DateOnly(2026, 11, 21)), 7);

        Assert.Equal("91320999MA1XXXXXX1" + "90004149" + "20261121" + "0007", value);
        Assert.Equal(IdentificationCode.Length, value.Length);
        Assert.True(IdentificationCode.LooksValid(value));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdentificationCode.Compose("x", 10_000));
    }

    [Theory]
    [InlineData(20, 100)]
    [InlineData(50, 100)]
    [InlineData(51, 150)]
    [InlineData(449, 150)]
    [InlineData(450, 200)]
    public void LabelSize_GrowsWithVolumePerHj1276(int litres, int millimetres)
    {
        Assert.Equal(millimetres, LabelSize.SideMillimetres(litres));
    }
}
