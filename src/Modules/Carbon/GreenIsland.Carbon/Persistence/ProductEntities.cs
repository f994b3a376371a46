using GreenIsland.Platform.Contracts.Identifiers;

namespace GreenIsland.Carbon.Persistence;

/// <summary>
/// A product with its bill of materials (per kg of product) and the process data of a reference period (co-products,
/// electricity, fuel emissions, allocation basis); the last calculated footprint is kept with the factor version it used.
/// </summary>
internal sealed class ProductRow
{
    public const int NameMaxLength = 200;

    public Guid Id { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public JurisdictionId? DistrictId { get; set; }

    public JurisdictionId? TownId { get; set; }

    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    /// <summary>UN CPC code of the product category (PACT productCategoryCpc).</summary>
    public string ProductCategoryCpc { get; set; } = string.Empty;

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    public string AllocationBasis { get; set; } = string.Empty;

    public decimal ElectricityKwh { get; set; }

    public decimal FuelKgco2e { get; set; }

    public string GwpSet { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public decimal? PcfKgco2ePerKg { get; set; }

    public decimal? AllocationShare { get; set; }

    public Guid? ElectricityFactorVersionId { get; set; }

    public decimal? ElectricityFactorKgco2ePerKwh { get; set; }

    /// <summary>The breakdown of the last calculation as JSON (kind, name, kgCO2e per kg, source).</summary>
    public string? BreakdownJson { get; set; }

    public DateTime? CalculatedAt { get; set; }

    public List<ProductBomLineRow> Bom { get; set; } = [];

    public List<ProductCoProductRow> CoProducts { get; set; } = [];
}

internal sealed class ProductBomLineRow
{
    public Guid Id { get; set; }

    public Guid ProductId { get; set; }

    public int Position { get; set; }

    public string Material { get; set; } = string.Empty;

    public decimal QuantityKg { get; set; }

    public decimal FactorKgco2ePerKg { get; set; }

    public bool SupplierProvided { get; set; }

    public string FactorSource { get; set; } = string.Empty;
}

internal sealed class ProductCoProductRow
{
    public Guid Id { get; set; }

    public Guid ProductId { get; set; }

    public string Code { get; set; } = string.Empty;

    public decimal MassKg { get; set; }

    public decimal EconomicValue { get; set; }

    public decimal PhysicalMeasure { get; set; }
}
