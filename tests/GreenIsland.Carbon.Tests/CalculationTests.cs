using GreenIsland.Carbon.Domain.Calculation;
using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Carbon.Domain.Units;
using GreenIsland.SharedKernel.Results;

namespace GreenIsland.Carbon.Tests;

/// <summary>Expected values are computed by hand from the published factors quoted in each test.</summary>
public sealed class CalculationTests
{
    private static readonly DateOnly Year2022 = new(2022, 7, 1);
    private static readonly FactorLibraryVersion Grid = ShippedLibraries.Get(ShippedLibraries.GridStatistical);
    private static readonly GwpSet Ar5 = new(ShippedLibraries.Get(ShippedLibraries.GwpAr5));
    private static readonly GwpSet Ar6 = new(ShippedLibraries.Get(ShippedLibraries.GwpAr6));

    [Fact]
    public void Electricity_1000MWhInJiangsu2022_Is597Point8TonnesLocationBased()
    {
        // 1,000 MWh x 0.5978 tCO2/MWh (公告2024年第33号, Jiangsu) = 597.8 tCO2.
        var factor = Grid.Find("electricity.grid", "CN-JS", Year2022);
        var line = Assert.Single(EmissionCalculator.ByRate(Quantity.Of(1_000m, "MWh"), Grid, factor, null));
        Assert.Equal("CO2", line.Gas);
        Assert.Equal(597.8m, line.Co2eTonnes);
        Assert.Equal(new FactorUse(ShippedLibraries.GridStatistical, "1", "electricity.grid", "CN-JS", new DateOnly(2022, 1, 1)), line.Factor);
    }

    [Fact]
    public void Electricity_InKilowattHours_GivesTheSameResult()
    {
        var factor = Grid.Find("electricity.grid", "CN-JS", Year2022);
        Assert.Equal(597.8m, EmissionCalculator.ByRate(Quantity.Of(1_000_000m, "kWh"), Grid, factor, null)[0].Co2eTonnes);
    }

    [Fact]
    public void Electricity_GivenInTonnes_IsAUnitMismatch()
    {
        var factor = Grid.Find("electricity.grid", "CN-JS", Year2022);
        var error = Assert.Throws<DimensionMismatchException>(() => EmissionCalculator.ByRate(Quantity.Of(1_000m, "t"), Grid, factor, null));
        Assert.Equal(Dimension.Energy, error.Expected);
    }

    [Fact]
    public void Refrigerant_10kgHfc134a_Is13Point0TonnesUnderAr5()
    {
        // 10 kg x 1,300 = 13,000 kgCO2e.
        var line = EmissionCalculator.Fugitive(Quantity.Of(10m, "kg"), "HFC-134a", Ar5);
        Assert.Equal(13.0m, line.Co2eTonnes);
        Assert.Equal(1300m, line.Gwp);
        Assert.Equal(ShippedLibraries.GwpAr5, line.GwpSet);
    }

    [Fact]
    public void Refrigerant_10kgHfc134a_Is15Point3TonnesUnderAr6() =>
        Assert.Equal(15.3m, EmissionCalculator.Fugitive(Quantity.Of(10m, "kg"), "HFC-134a", Ar6).Co2eTonnes);

    [Fact]
    public void Refrigerant_GivenInKilowattHours_IsAUnitMismatch() =>
        Assert.Throws<DimensionMismatchException>(() => EmissionCalculator.Fugitive(Quantity.Of(10m, "kWh"), "HFC-134a", Ar5));

    [Fact]
    public void Refrigerant_UnknownGas_IsAnUnknownFactorError() =>
        Assert.Throws<UnknownFactorException>(() => EmissionCalculator.Fugitive(Quantity.Of(10m, "kg"), "R-404A", Ar5));

    [Fact]
    public void StandardCoal_OneMillionKilowattHours_Is122Point9Tce()
    {
        // 1,000,000 kWh x 0.1229 kgce/kWh (GB/T 2589-2020, calorific equivalent) = 122,900 kgce.
        var coefficient = ShippedLibraries.Get(ShippedLibraries.StandardCoal).Find("coal-equivalent.electricity-calorific", "CN", Year2022);
        var tce = EmissionCalculator.CoalEquivalent(Quantity.Of(1_000_000m, "kWh"), coefficient).In(UnitCatalogue.TonneCoalEquivalent);
        Assert.Equal(122.9m, tce);
    }

    [Fact]
    public void StandardCoal_RawCoal_UsesThePublishedCoefficientNotTheHeatValue()
    {
        // Published 0.7143 kgce/kg; deriving it from 20,908 kJ/kg / 29,307.6 kJ/kgce would give 0.7134.
        var coefficient = ShippedLibraries.Get(ShippedLibraries.StandardCoal).Find("coal-equivalent.raw-coal", "CN", Year2022);
        Assert.Equal(714.3m, EmissionCalculator.CoalEquivalent(Quantity.Of(1m, "t"), coefficient).Value);
    }

    [Fact]
    public void BituminousCoal_100Tonnes_ChinaGuidelineDefaults()
    {
        // 100 t x 19.570 GJ/t x 0.02618 tC/GJ x 0.93 x 44/12 = 174.7088266 tCO2.
        var library = ShippedLibraries.Get(ShippedLibraries.ChinaFuelGuideline);
        var line = EmissionCalculator.FuelByCarbonContent(Quantity.Of(100m, "t"), library, library.Find("fuel.bituminous-coal", "CN", Year2022));
        Assert.Equal(174_708.8266m, line.Co2eKg);
    }

    [Fact]
    public void NaturalGas_TenTenThousandNm3_ChinaGuidelineDefaults()
    {
        // 10 x 10^4 Nm3 x 389.31 GJ/10^4 Nm3 x 0.01530 tC/GJ x 0.99 x 44/12 = 216.2188809 tCO2; given as 100,000 Nm3.
        var library = ShippedLibraries.Get(ShippedLibraries.ChinaFuelGuideline);
        var line = EmissionCalculator.FuelByCarbonContent(Quantity.Of(100_000m, "Nm3"), library, library.Find("fuel.natural-gas", "CN", Year2022));
        Assert.Equal(216_218.8809m, line.Co2eKg);
    }

    [Fact]
    public void NaturalGas_InActualCubicMetres_IsAUnitMismatch()
    {
        var library = ShippedLibraries.Get(ShippedLibraries.ChinaFuelGuideline);
        Assert.Throws<DimensionMismatchException>(() =>
            EmissionCalculator.FuelByCarbonContent(Quantity.Of(100_000m, "m3"), library, library.Find("fuel.natural-gas", "CN", Year2022)));
    }

    [Fact]
    public void Diesel_OneTonne_Ipcc2006WithAr5()
    {
        // 1 t = 0.001 Gg x 43.0 TJ/Gg = 0.043 TJ; CO2 0.043 x 74,100 = 3,186.3 kg; CH4 0.129 kg x 28 = 3.612;
        // N2O 0.0258 kg x 265 = 6.837; total 3,196.749 kgCO2e.
        var library = ShippedLibraries.Get(ShippedLibraries.Ipcc2006Stationary);
        var lines = EmissionCalculator.FuelByEnergyFactors(Quantity.Of(1m, "t"), library, library.Find("fuel.diesel", "GLOBAL", Year2022), Ar5);
        Assert.Equal(3_186.3m, lines.Single(l => l.Gas == "CO2").GasMassKg);
        Assert.Equal(0.129m, lines.Single(l => l.Gas == "CH4").GasMassKg);
        Assert.Equal(0.0258m, lines.Single(l => l.Gas == "N2O").GasMassKg);
        Assert.Equal(3_196.749m, lines.Sum(l => l.Co2eKg));
    }

    [Fact]
    public void Scope2_300CertificatesAgainst1000MWh_Charges700MWhAtTheStandIn()
    {
        // Location: 1,000 x 0.5978 = 597.8; market: (1,000 - 300) x 0.5856 = 409.92 tCO2, stand-in flagged.
        var use = new ElectricityUse(Quantity.Of(1_000m, "MWh"), Quantity.Of(0m, "MWh"), 300, Quantity.Of(0m, "MWh"), 0);
        var result = Scope2Calculator.Calculate(use, 0.5978m, 0.5856m);
        Assert.Equal(597.8m, result.LocationBasedTco2);
        Assert.Equal(700m, result.ResidualChargedMwh);
        Assert.Equal(409.92m, result.MarketBasedTco2);
        Assert.True(result.ResidualStandInUsed);
    }

    [Fact]
    public void Scope2_SelfConsumedPv_AddsNothing()
    {
        var without = Scope2Calculator.Calculate(new ElectricityUse(Quantity.Of(1_000m, "MWh"), Quantity.Of(0m, "MWh"), 0, Quantity.Of(0m, "MWh"), 0), 0.5978m, 0.5856m);
        var with = Scope2Calculator.Calculate(new ElectricityUse(Quantity.Of(1_000m, "MWh"), Quantity.Of(0m, "MWh"), 0, Quantity.Of(250_000m, "kWh"), 0), 0.5978m, 0.5856m);
        Assert.Equal(without, with);
    }

    [Fact]
    public void Scope2_SoldPvCertificates_ChargeThatPvAtTheStandIn()
    {
        // 100 MWh of self-consumed PV whose 40 GECs were sold: 40 MWh at 0.5856 = 23.424 tCO2 market-based only.
        var result = Scope2Calculator.Calculate(new ElectricityUse(Quantity.Of(0m, "MWh"), Quantity.Of(0m, "MWh"), 0, Quantity.Of(100m, "MWh"), 40), 0.5978m, 0.5856m);
        Assert.Equal(0m, result.LocationBasedTco2);
        Assert.Equal(23.424m, result.MarketBasedTco2);
        Assert.True(result.ResidualStandInUsed);
    }

    [Fact]
    public void Scope2_FullyCoveredByAGreenPowerContract_IsZeroMarketBasedAndNotFlagged()
    {
        var result = Scope2Calculator.Calculate(new ElectricityUse(Quantity.Of(500m, "MWh"), Quantity.Of(500_000m, "kWh"), 0, Quantity.Of(0m, "MWh"), 0), 0.5978m, 0.5856m);
        Assert.Equal(0m, result.MarketBasedTco2);
        Assert.False(result.ResidualStandInUsed);
    }

    [Fact]
    public void Scope2_MoreCertificatesThanConsumption_IsRejected()
    {
        var error = Assert.Throws<DomainRuleViolationException>(() =>
            Scope2Calculator.Calculate(new ElectricityUse(Quantity.Of(100m, "MWh"), Quantity.Of(0m, "MWh"), 101, Quantity.Of(0m, "MWh"), 0), 0.5978m, 0.5856m));
        Assert.Equal("ContractualInstrumentsCannotExceedPurchasedElectricity", error.Rule);
    }

    [Fact]
    public void Scope2_PurchasedGivenAsMass_IsAUnitMismatch() =>
        Assert.Throws<DimensionMismatchException>(() =>
            Scope2Calculator.Calculate(new ElectricityUse(Quantity.Of(100m, "t"), Quantity.Of(0m, "MWh"), 0, Quantity.Of(0m, "MWh"), 0), 0.5978m, 0.5856m));
}
