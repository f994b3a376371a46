using GreenIsland.Carbon.Domain.Units;

namespace GreenIsland.Carbon.Tests;

public sealed class UnitTests
{
    [Fact]
    public void Get_IsCaseSensitive_MilliwattHourIsNotMegawattHour()
    {
        Assert.Equal(Dimension.Energy, UnitCatalogue.Get("MWh").Dimension);
        var error = Assert.Throws<UnknownUnitException>(() => UnitCatalogue.Get("mWh"));
        Assert.Equal("mWh", error.Symbol);
        Assert.Throws<UnknownUnitException>(() => UnitCatalogue.Get("kwh"));
        Assert.Throws<UnknownUnitException>(() => UnitCatalogue.Get("mt"));
    }

    [Fact]
    public void ConvertTo_KilowattHoursToMegawattHours_IsExact() =>
        Assert.Equal(1_000m, Quantity.Of(1_000_000m, "kWh").In(UnitCatalogue.MegawattHour));

    [Fact]
    public void ConvertTo_MegawattHoursToGigajoules_Uses3Point6() =>
        Assert.Equal(3.6m, Quantity.Of(1m, "MWh").In(UnitCatalogue.Gigajoule));

    [Fact]
    public void ConvertTo_TenThousandNormalCubicMetres_IsTenThousandNm3() =>
        Assert.Equal(25_000m, Quantity.Of(2.5m, "10^4 Nm3").In(UnitCatalogue.NormalCubicMetre));

    [Fact]
    public void ConvertTo_WrongDimension_FailsWithBothDimensionsNamed()
    {
        var error = Assert.Throws<DimensionMismatchException>(() => Quantity.Of(5m, "t").ConvertTo(UnitCatalogue.MegawattHour, "purchased electricity"));
        Assert.Equal(Dimension.Mass, error.Actual.Dimension);
        Assert.Equal(Dimension.Energy, error.Expected);
        Assert.Contains("purchased electricity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConvertTo_ActualAndNormalCubicMetres_AreNotInterchangeable() =>
        Assert.Throws<DimensionMismatchException>(() => Quantity.Of(1m, "m3").ConvertTo(UnitCatalogue.NormalCubicMetre));

    [Fact]
    public void ConvertTo_MassOfOneGasToAnother_Fails() =>
        Assert.Throws<DimensionMismatchException>(() => Quantity.Of(1m, "kgCH4").ConvertTo(UnitCatalogue.Get("kgCO2")));

    [Fact]
    public void Times_ConvertsToTheRateDenominatorFirst()
    {
        var result = Quantity.Of(500_000m, "kWh").Times(0.5978m, RatioUnit.Parse("tCO2/MWh"));
        Assert.Equal("tCO2", result.Unit.Symbol);
        Assert.Equal(298.9m, result.Value);
    }

    [Fact]
    public void Parse_RateWithSpacedDenominator_Works()
    {
        var unit = RatioUnit.Parse("GJ/10^4 Nm3");
        Assert.Equal(UnitCatalogue.Gigajoule, unit.Numerator);
        Assert.Equal(UnitCatalogue.TenThousandNormalCubicMetres, unit.Denominator);
    }

    [Fact]
    public void Parse_SingleNonDimensionlessSymbol_IsNotARate() =>
        Assert.Throws<DimensionMismatchException>(() => RatioUnit.Parse("kg"));

    [Fact]
    public void Addition_ConvertsTheRightOperand() =>
        Assert.Equal(1.5m, (Quantity.Of(1m, "t") + Quantity.Of(500m, "kg")).Value);
}
