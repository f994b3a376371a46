using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.SharedKernel.Results;

namespace GreenIsland.Carbon.Domain.Footprints;

/// <summary>How process emissions are shared between the co-products of a process (ISO 14067 6.4.6).</summary>
internal enum AllocationBasis
{
    Mass = 1,
    EconomicValue = 2,
    PhysicalMeasure = 3,
}

/// <summary>A co-product of the process in the reference period: mass produced, sales value and a physical measure (e.g. energy content).</summary>
internal sealed record CoProduct(string Code, decimal MassKg, decimal EconomicValue, decimal PhysicalMeasure);

/// <summary>
/// A bill-of-materials line per declared unit (1 kg of product): quantity in kg and either a material factor from a
/// library or a supplier-provided footprint, both in kgCO2e per kg.
/// </summary>
internal sealed record BomLine(string Material, decimal QuantityKg, decimal FactorKgCo2ePerKg, bool SupplierProvided, string FactorSource);

/// <summary>The process's energy in the reference period: electricity at the product-footprint factor, and direct fuel emissions.</summary>
internal sealed record ProcessEnergy(decimal ElectricityKwh, decimal ElectricityFactorKgCo2ePerKwh, string ElectricityFactorSource, decimal FuelKgCo2e);

internal sealed record FootprintContribution(string Kind, string Name, decimal KgCo2ePerDeclaredUnit, string Source);

/// <summary>Cradle-to-gate footprint per declared unit (1 kg) with its breakdown.</summary>
internal sealed record FootprintResult(string ProductCode, decimal KgCo2ePerKg, decimal AllocationShare, IReadOnlyList<FootprintContribution> Breakdown);

/// <summary>
/// Cradle-to-gate product carbon footprint (ISO 14067): materials from the bill of materials plus the process
/// energy allocated to the product by mass, economic value or a physical measure, per kg of product.
/// </summary>
internal static class ProductFootprintCalculator
{
    public static FootprintResult Calculate(string productCode, IReadOnlyList<CoProduct> coProducts, AllocationBasis basis, ProcessEnergy energy, IReadOnlyList<BomLine> bom)
    {
        ArgumentNullException.ThrowIfNull(coProducts);
        ArgumentNullException.ThrowIfNull(energy);
        ArgumentNullException.ThrowIfNull(bom);
        var product = coProducts.SingleOrDefault(c => c.Code == productCode)
                      ?? throw new DomainRuleViolationException("ProductMustBeACoProductOfTheProcess", $"{productCode} is not among the process outputs.");
        if (coProducts.Any(c => c.MassKg < 0 || c.EconomicValue < 0 || c.PhysicalMeasure < 0) || product.MassKg <= 0)
        {
            throw new DomainRuleViolationException("CoProductQuantitiesMustBePositive", "Co-product masses, values and measures cannot be negative, and the product's mass must be positive.");
        }

        if (energy.ElectricityKwh < 0 || energy.ElectricityFactorKgCo2ePerKwh < 0 || energy.FuelKgCo2e < 0 || bom.Any(b => b.QuantityKg < 0 || b.FactorKgCo2ePerKg < 0))
        {
            throw new DomainRuleViolationException("FootprintInputsCannotBeNegative", "Energy, emissions and bill-of-materials quantities cannot be negative.");
        }

        decimal Basis(CoProduct c) => basis switch
        {
            AllocationBasis.Mass => c.MassKg,
            AllocationBasis.EconomicValue => c.EconomicValue,
            _ => c.PhysicalMeasure,
        };

        var totalBasis = coProducts.Sum(Basis);
        if (totalBasis <= 0)
        {
            throw new DomainRuleViolationException("AllocationBasisMustBePositive", $"The co-products' total {basis} is zero, so nothing can be allocated.");
        }

        var share = Basis(product) / totalBasis;
        var breakdown = bom.Select(b => new FootprintContribution(b.SupplierProvided ? "SupplierFootprint" : "Material", b.Material, b.QuantityKg * b.FactorKgCo2ePerKg, b.FactorSource)).ToList();
        breakdown.Add(new FootprintContribution("Electricity", "electricity", energy.ElectricityKwh * energy.ElectricityFactorKgCo2ePerKwh * share / product.MassKg, energy.ElectricityFactorSource));
        breakdown.Add(new FootprintContribution("Fuel", "fuel combustion", energy.FuelKgCo2e * share / product.MassKg, "process fuel emissions"));
        return new FootprintResult(productCode, breakdown.Sum(b => b.KgCo2ePerDeclaredUnit), share, breakdown);
    }
}

/// <summary>Identity and context of a footprint for the PACT (Pathfinder) exchange format.</summary>
internal sealed record PactContext(
    Guid Id, DateTime CreatedUtc, string CompanyName, string CompanyUrn, string ProductUrn, string ProductName, string ProductDescription,
    string ProductCategoryCpc, string CharacterizationFactors, DateTime PeriodStartUtc, DateTime PeriodEndUtc, string BoundaryDescription);

/// <summary>
/// Writes a footprint as a PACT (Pathfinder) v2 ProductFootprint: decimals as strings, declared unit kilogram,
/// ISO 14067 as the cross-sectoral standard, fossil emissions equal to the footprint (no biogenic part is modelled).
/// </summary>
internal static class PactExport
{
    public const string SpecVersion = "2.2.0";

    public static JsonObject Write(FootprintResult result, PactContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        var pcf = Decimal6(result.KgCo2ePerKg);
        return new JsonObject
        {
            ["id"] = context.Id.ToString(),
            ["specVersion"] = SpecVersion,
            ["version"] = 1,
            ["created"] = context.CreatedUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["status"] = "Active",
            ["companyName"] = context.CompanyName,
            ["companyIds"] = new JsonArray(context.CompanyUrn),
            ["productDescription"] = context.ProductDescription,
            ["productIds"] = new JsonArray(context.ProductUrn),
            ["productCategoryCpc"] = context.ProductCategoryCpc,
            ["productNameCompany"] = context.ProductName,
            ["comment"] = $"Cradle-to-gate, allocation share {result.AllocationShare.ToString(CultureInfo.InvariantCulture)}; breakdown: "
                          + string.Join("; ", result.Breakdown.Select(b => $"{b.Name} {Decimal6(b.KgCo2ePerDeclaredUnit)}")),
            ["pcf"] = new JsonObject
            {
                ["declaredUnit"] = "kilogram",
                ["unitaryProductAmount"] = "1",
                ["pCfExcludingBiogenic"] = pcf,
                ["fossilGhgEmissions"] = pcf,
                ["fossilCarbonContent"] = "0",
                ["biogenicCarbonContent"] = "0",
                ["characterizationFactors"] = context.CharacterizationFactors,
                ["ipccCharacterizationFactorsSources"] = new JsonArray(context.CharacterizationFactors),
                ["crossSectoralStandardsUsed"] = new JsonArray("ISO Standard 14067"),
                ["productOrSectorSpecificRules"] = new JsonArray(),
                ["boundaryProcessesDescription"] = context.BoundaryDescription,
                ["referencePeriodStart"] = context.PeriodStartUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["referencePeriodEnd"] = context.PeriodEndUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["exemptedEmissionsPercent"] = 0,
                ["exemptedEmissionsDescription"] = string.Empty,
                ["packagingEmissionsIncluded"] = false,
            },
        };
    }

    /// <summary>Rounded half away from zero to 6 places, without trailing zeros (PACT decimals are strings).</summary>
    private static string Decimal6(decimal value) =>
        Math.Round(value, 6, MidpointRounding.AwayFromZero).ToString("0.######", CultureInfo.InvariantCulture);
}
