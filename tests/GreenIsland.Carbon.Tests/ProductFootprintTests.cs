using GreenIsland.Carbon.Domain.Footprints;
using GreenIsland.SharedKernel.Results;

namespace GreenIsland.Carbon.Tests;

public sealed class ProductFootprintTests
{
    // Process in the period: 800 kg of A and 200 kg of B; 1,000 kWh at 0.6205 kgCO2e/kWh (product-footprint factor 2023) = 620.5
    // plus 100 kgCO2e of fuel = 720.5 kgCO2e to allocate.
    private static readonly CoProduct[] Outputs = [new("A", 800m, 4_000m, 10m), new("B", 200m, 6_000m, 30m)];
    private static readonly ProcessEnergy Energy = new(1_000m, 0.6205m, "MEE/NBS product-footprint electricity factor 2023", 100m);

    // Per kg of A: 1.05 kg steel with a supplier footprint of 1.9 (1.995) and 0.02 kg paint at 3.0 (0.06) = 2.055.
    private static readonly BomLine[] Bom = [new("steel", 1.05m, 1.9m, true, "supplier PCF"), new("paint", 0.02m, 3.0m, false, "test factor")];

    [Fact]
    public void MassAllocation_GivesHandComputedFootprint()
    {
        // Share 800/1,000 = 0.8: 720.5 x 0.8 / 800 = 0.7205 per kg; total 2.055 + 0.7205 = 2.7755 kgCO2e/kg.
        var result = ProductFootprintCalculator.Calculate("A", Outputs, AllocationBasis.Mass, Energy, Bom);

        Assert.Equal(0.8m, result.AllocationShare);
        Assert.Equal(2.7755m, result.KgCo2ePerKg);
        Assert.Equal(0.6205m, result.Breakdown.Single(b => b.Kind == "Electricity").KgCo2ePerDeclaredUnit);
        Assert.Equal(1.995m, result.Breakdown.Single(b => b.Kind == "SupplierFootprint").KgCo2ePerDeclaredUnit);
    }

    [Fact]
    public void EconomicAllocation_UsesValueShares()
    {
        // Share 4,000/10,000 = 0.4: 720.5 x 0.4 / 800 = 0.36025; total 2.41525.
        Assert.Equal(2.41525m, ProductFootprintCalculator.Calculate("A", Outputs, AllocationBasis.EconomicValue, Energy, Bom).KgCo2ePerKg);
    }

    [Fact]
    public void PhysicalAllocation_UsesTheMeasure()
    {
        // Share 10/40 = 0.25: 720.5 x 0.25 / 800 = 0.22515625; total 2.28015625.
        Assert.Equal(2.28015625m, ProductFootprintCalculator.Calculate("A", Outputs, AllocationBasis.PhysicalMeasure, Energy, Bom).KgCo2ePerKg);
    }

    [Fact]
    public void UnknownProduct_IsRefused() =>
        Assert.Equal("ProductMustBeACoProductOfTheProcess",
            Assert.Throws<DomainRuleViolationException>(() => ProductFootprintCalculator.Calculate("C", Outputs, AllocationBasis.Mass, Energy, Bom)).Rule);

    [Fact]
    public void PactExport_HasThePathfinderFieldsWithDecimalStrings()
    {
        var result = ProductFootprintCalculator.Calculate("A", Outputs, AllocationBasis.Mass, Energy, Bom);
        var context = new PactContext(Guid.Parse("0193a5b0-0000-7000-8000-000000000001"), new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc),
            "绿岛钢构有限公司", "urn:uscc:91320999MA1XXXXX", "urn:gi:product:A", "Bolt A", "M12 bolt", "42944", "AR6",
            new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), "cradle-to-gate");

        var json = PactExport.Write(result, context);

        Assert.Equal("2.7755", (string?)json["pcf"]!["pCfExcludingBiogenic"]);
        Assert.Equal("kilogram", (string?)json["pcf"]!["declaredUnit"]);
        Assert.Equal("1", (string?)json["pcf"]!["unitaryProductAmount"]);
        Assert.Equal("ISO Standard 14067", (string?)json["pcf"]!["crossSectoralStandardsUsed"]![0]);
        foreach (var field in new[] { "id", "specVersion", "version", "created", "status", "comment", "companyName", "companyIds", "productDescription", "productIds", "productCategoryCpc", "productNameCompany", "pcf" })
        {
            Assert.True(json.ContainsKey(field), field);
        }
    }
}
