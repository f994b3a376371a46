using GreenIsland.Platform.Contracts.Identifiers;

namespace GreenIsland.Carbon.Persistence;

/// <summary>A production installation of an exporting enterprise (CBAM), with its operator and contact.</summary>
internal sealed class CbamInstallationRow
{
    public Guid Id { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public JurisdictionId? DistrictId { get; set; }

    public JurisdictionId? TownId { get; set; }

    /// <summary>The installation's identifier as communicated to importers (schema an..17).</summary>
    public string InstallationCode { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? EconomicActivity { get; set; }

    public string Country { get; set; } = string.Empty;

    public string? SubDivision { get; set; }

    public string City { get; set; } = string.Empty;

    public string? Street { get; set; }

    public string? Number { get; set; }

    public string? Postcode { get; set; }

    public string? UnLocode { get; set; }

    public string OperatorId { get; set; } = string.Empty;

    public string OperatorName { get; set; } = string.Empty;

    public string ContactName { get; set; } = string.Empty;

    public string ContactPhone { get; set; } = string.Empty;

    public string ContactEmail { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;
}

/// <summary>A good (8-digit CN code) produced at an installation by a named production process / route.</summary>
internal sealed class CbamGoodRow
{
    public Guid Id { get; set; }

    public Guid InstallationId { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public JurisdictionId? DistrictId { get; set; }

    public JurisdictionId? TownId { get; set; }

    public string CnCode { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    /// <summary>The production process / route (e.g. "BF-BOF", "EAF scrap").</summary>
    public string ProductionRoute { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One reporting period of a good: activity level, attributed emissions, electricity and its factor, precursors, and
/// the specific embedded emissions computed from them (exact and as reported, per the rounding rule).
/// </summary>
internal sealed class CbamPeriodRow
{
    public Guid Id { get; set; }

    public Guid GoodId { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public JurisdictionId? DistrictId { get; set; }

    public JurisdictionId? TownId { get; set; }

    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    public decimal ActivityLevelT { get; set; }

    public decimal AttributedDirectTco2e { get; set; }

    public decimal ElectricityMwh { get; set; }

    public string ElectricitySource { get; set; } = string.Empty;

    public decimal ElectricityFactorTco2PerMwh { get; set; }

    public string ElectricityFactorSource { get; set; } = string.Empty;

    public decimal SeeDirectExact { get; set; }

    public decimal SeeIndirectExact { get; set; }

    public decimal SeeDirect { get; set; }

    public decimal SeeIndirect { get; set; }

    public DateTime CalculatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public List<CbamPrecursorRow> Precursors { get; set; } = [];
}

/// <summary>A precursor consumed in a period: its mass and SEE, either supplier-communicated or taken from one of our own saved periods.</summary>
internal sealed class CbamPrecursorRow
{
    public Guid Id { get; set; }

    public Guid PeriodId { get; set; }

    public string CnCode { get; set; } = string.Empty;

    public decimal MassT { get; set; }

    public decimal SeeDirect { get; set; }

    public decimal SeeIndirect { get; set; }

    /// <summary>Our own saved period the SEE was taken from, if the precursor is produced in-house.</summary>
    public Guid? SourcePeriodId { get; set; }

    /// <summary>Where the SEE comes from (supplier and document, or "own installation").</summary>
    public string Source { get; set; } = string.Empty;
}
