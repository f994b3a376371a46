using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain.Manifests;

namespace GreenIsland.Waste.Tests.Logistics;

public sealed class ManifestNumberAndWeightTests
{
    [Fact]
    public void Format_IsYearProvinceCitySerial()
    {
        Assert.Equal("20263205000042", ManifestNumber.Format(2026, "320583", 42));
    }

    [Fact]
    public void NextSerial_ContinuesFromTheLastNumber()
    {
        Assert.Equal(1, ManifestNumber.NextSerial(null));
        Assert.Equal(43, ManifestNumber.NextSerial("20263205000042"));
    }

    [Fact]
    public void Format_WhenTheSerialsOfTheYearAreExhausted_IsRefused()
    {
        Assert.Throws<DomainRuleViolationException>(() => ManifestNumber.Format(2026, "320583", 1_000_000));
    }

    [Theory]
    [InlineData("20263205000042", true)]
    [InlineData("2026320500004", false)]
    [InlineData("2026320500004A", false)]
    [InlineData("20263205000000", false)]
    [InlineData(null, false)]
    public void IsValid_ChecksFourteenDigitsAndANonZeroSerial(string? number, bool valid)
    {
        Assert.Equal(valid, ManifestNumber.IsValid(number));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1.5")]
    [InlineData("0.0001")]
    [InlineData("100000.001")]
    public void CheckPositiveKilograms_RefusesZeroNegativeTooPreciseOrTooHeavy(string kg)
    {
        Assert.NotNull(Weight.CheckPositiveKilograms(decimal.Parse(kg, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void CheckPositiveKilograms_AcceptsGramResolution_AndConvertsExactly()
    {
        Assert.Null(Weight.CheckPositiveKilograms(12.345m));
        Assert.Equal(12_345, Weight.ToGrams(12.345m));
        Assert.Equal(12.345m, Weight.ToKilograms(12_345));
    }

    [Fact]
    public void DeviationPercent_IsRelativeToTheShippedWeight()
    {
        Assert.Equal(7.00m, WeightTolerance.DeviationPercent(100_000, 93_000));
        Assert.Equal(7.53m, WeightTolerance.DeviationPercent(93_000, 100_000));
    }
}
