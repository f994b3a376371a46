using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Carbon.Domain.Units;

namespace GreenIsland.Carbon.Tests;

public sealed class InventoryCalculatorTests
{
    private static readonly Guid Site = Guid.CreateVersion7();
    private static readonly DateOnly March2022 = new(2022, 3, 1);

    private static InventoryFactors Factors(string gwp = ShippedLibraries.GwpAr5) => new(
        ShippedLibraries.Get(ShippedLibraries.GridStatistical),
        ShippedLibraries.Get(ShippedLibraries.ChinaFuelGuideline),
        new GwpSet(ShippedLibraries.Get(gwp)),
        ShippedLibraries.Get(ShippedLibraries.StandardCoal),
        "CN-JS");

    private static ActivityInput Record(ActivityKind kind, decimal value, string unit, string? code = null, DateOnly? month = null) =>
        new(Guid.CreateVersion7(), Site, month ?? March2022, kind, code, Quantity.Of(value, unit));

    [Fact]
    public void Calculate_JiangsuSiteWithCertificatesRefrigerantAndCoal_GivesHandComputedTotals()
    {
        var result = InventoryCalculator.Calculate(
        [
            Record(ActivityKind.PurchasedElectricity, 1_000_000m, "kWh"),
            Record(ActivityKind.CertificatesRetired, 300m, "1"),
            Record(ActivityKind.FugitiveRefrigerant, 10m, "kg", "HFC-134a"),
            Record(ActivityKind.StationaryCombustion, 100m, "t", "fuel.bituminous-coal"),
        ], Factors());

        // Scope 1: 13.0 (HFC-134a, AR5) + 174.7088266 (coal) = 187.7088266 tCO2e.
        Assert.Equal(187.7088266m, result.TotalTco2e(EmissionScope.Scope1));
        // Scope 2: 1,000 MWh x 0.5978 = 597.8 location; 700 MWh x 0.5856 = 409.92 market.
        Assert.Equal(597.8m, result.TotalTco2e(EmissionScope.Scope2LocationBased));
        Assert.Equal(409.92m, result.TotalTco2e(EmissionScope.Scope2MarketBased));
        Assert.True(result.ResidualStandInUsed);
        Assert.Contains(result.Notes, n => n.Contains("stand-in", StringComparison.Ordinal));
        // Energy: 1,000,000 kWh x 0.1229 = 122.9 tce (coal has no mapped coefficient and is noted).
        Assert.Equal(122.9m, result.TotalTce);
        Assert.Contains(result.Notes, n => n.Contains("fuel.bituminous-coal", StringComparison.Ordinal));
    }

    [Fact]
    public void Calculate_SelfConsumedPv_AddsEnergyButNoScope2()
    {
        var result = InventoryCalculator.Calculate(
        [
            Record(ActivityKind.PurchasedElectricity, 100m, "MWh"),
            Record(ActivityKind.SelfConsumedPv, 50m, "MWh"),
        ], Factors());

        Assert.Equal(59.78m, result.TotalTco2e(EmissionScope.Scope2LocationBased));
        Assert.Equal(58.56m, result.TotalTco2e(EmissionScope.Scope2MarketBased));
        Assert.Equal(18.435m, result.TotalTce);
    }

    [Fact]
    public void Calculate_EveryLineRecordsTheFactorVersionItUsed()
    {
        var result = InventoryCalculator.Calculate([Record(ActivityKind.PurchasedElectricity, 1m, "MWh")], Factors());
        Assert.All(result.Lines, l => Assert.Equal((ShippedLibraries.GridStatistical, "1"), (l.Line.Factor.Library, l.Line.Factor.Version)));
        Assert.Contains(result.Lines, l => l.Line.Factor.FactorCode == InventoryCalculator.ResidualStandInCode);
    }

    [Fact]
    public void Calculate_ElectricityIn2020_IsAnUnknownFactorError() =>
        Assert.Throws<UnknownFactorException>(() =>
            InventoryCalculator.Calculate([Record(ActivityKind.PurchasedElectricity, 1m, "MWh", month: new DateOnly(2020, 1, 1))], Factors()));

    [Fact]
    public void Calculate_RefrigerantUnderAr6_UsesTheAr6Gwp() =>
        Assert.Equal(15.3m, InventoryCalculator.Calculate([Record(ActivityKind.FugitiveRefrigerant, 10m, "kg", "HFC-134a")], Factors(ShippedLibraries.GwpAr6))
            .TotalTco2e(EmissionScope.Scope1));

    [Fact]
    public void Calculate_2021MarketBased_IsRefusedNamingTheYearsThatHaveTheStandIn()
    {
        var june2021 = new DateOnly(2021, 6, 1);

        var error = Assert.Throws<UnknownFactorException>(() => InventoryCalculator.Calculate(
            [Record(ActivityKind.PurchasedElectricity, 100m, "MWh", month: june2021)], Factors()));

        Assert.Contains("2021-06", error.Message, StringComparison.Ordinal);
        Assert.Contains("2022, 2023", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calculate_2021WhenEveryMegawattHourIsCoveredByCertificates_NeedsNoStandIn()
    {
        // 100 MWh x 0.6451 (Jiangsu 2021) = 64.51 tCO2 location-based; 100 GECs cover it all, so nothing is charged at the stand-in.
        var june2021 = new DateOnly(2021, 6, 1);

        var result = InventoryCalculator.Calculate(
            [Record(ActivityKind.PurchasedElectricity, 100m, "MWh", month: june2021), Record(ActivityKind.CertificatesRetired, 100m, "1", month: june2021)], Factors());

        Assert.Equal(64.51m, result.TotalTco2e(EmissionScope.Scope2LocationBased));
        Assert.Equal(0m, result.TotalTco2e(EmissionScope.Scope2MarketBased));
        Assert.False(result.ResidualStandInUsed);
    }
}
