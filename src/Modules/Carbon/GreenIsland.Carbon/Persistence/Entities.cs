using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Platform.Contracts.Identifiers;

namespace GreenIsland.Carbon.Persistence;

/// <summary>
/// One immutable version of a factor library, stored as its canonical CSV (the exchange format) with a SHA-256
/// of the content. A correction is a new row with the next version number; rows are never updated.
/// </summary>
internal sealed class FactorLibraryVersionRow
{
    public const int CodeMaxLength = 64;
    public const int NameMaxLength = 200;
    public const int SourceMaxLength = 500;

    public Guid Id { get; set; }

    public string Code { get; set; } = string.Empty;

    public int Version { get; set; }

    public string Name { get; set; } = string.Empty;

    public string SourceDocument { get; set; } = string.Empty;

    public string ContentCsv { get; set; } = string.Empty;

    public string ContentSha256 { get; set; } = string.Empty;

    public bool IsShipped { get; set; }

    public string? ChangeNote { get; set; }

    public DateTime PublishedAt { get; set; }

    public string PublishedBy { get; set; } = string.Empty;
}

/// <summary>Where an activity record came from.</summary>
internal enum ActivitySource
{
    Manual = 1,
    CsvImport = 2,
    Telemetry = 3,
}

/// <summary>An activity record: a quantity as entered (value and case-sensitive unit symbol) for a site and month.</summary>
internal sealed class ActivityRecord
{
    public const int CodeMaxLength = 64;
    public const int UnitMaxLength = 16;
    public const int SourceMetricMaxLength = 64;
    public const int NoteMaxLength = 500;

    public Guid Id { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public SiteId SiteId { get; set; }

    public JurisdictionId? DistrictId { get; set; }

    public JurisdictionId? TownId { get; set; }

    public DateOnly Month { get; set; }

    public ActivityKind Kind { get; set; }

    public string? ActivityCode { get; set; }

    public decimal QuantityValue { get; set; }

    public string QuantityUnit { get; set; } = string.Empty;

    public ActivitySource Source { get; set; }

    public string? Note { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    /// <summary>Provenance of a record imported from a meter: the device (null for a site-level derived value such as self-consumed PV).</summary>
    public Guid? SourceDeviceId { get; set; }

    /// <summary>Provenance of a record imported from meters: the Telemetry metric code(s) it was summed from.</summary>
    public string? SourceMetric { get; set; }

    /// <summary>When a re-import last changed the quantity.</summary>
    public DateTime? UpdatedAt { get; set; }
}

/// <summary>An evidence file (invoice scan) of an activity record, stored in the database so the host stays stateless.</summary>
internal sealed class EvidenceFile
{
    public const int FileNameMaxLength = 255;

    public Guid Id { get; set; }

    public Guid ActivityRecordId { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public JurisdictionId? DistrictId { get; set; }

    public JurisdictionId? TownId { get; set; }

    public string FileName { get; set; } = string.Empty;

    public string ContentType { get; set; } = string.Empty;

    public long SizeBytes { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    public byte[] Content { get; set; } = [];

    public DateTime UploadedAt { get; set; }

    public string UploadedBy { get; set; } = string.Empty;
}

/// <summary>A calculated inventory line with the exact factor (library version row, code, region, start) it used.</summary>
internal sealed class InventoryLine
{
    public const int GasMaxLength = 32;

    public Guid Id { get; set; }

    public Guid InventoryId { get; set; }

    public Guid? ActivityRecordId { get; set; }

    public SiteId SiteId { get; set; }

    public DateOnly Month { get; set; }

    public EmissionScope Scope { get; set; }

    public EmissionCategory Category { get; set; }

    public string Gas { get; set; } = string.Empty;

    public decimal GasMassKg { get; set; }

    public decimal Gwp { get; set; }

    public decimal Co2eKg { get; set; }

    public Guid FactorLibraryVersionId { get; set; }

    public string FactorCode { get; set; } = string.Empty;

    public string FactorRegion { get; set; } = string.Empty;

    public DateOnly FactorValidFrom { get; set; }

    public Guid? GwpLibraryVersionId { get; set; }
}

/// <summary>Standard coal equivalent of one activity record, with the coefficient version it used.</summary>
internal sealed class InventoryEnergyLine
{
    public Guid Id { get; set; }

    public Guid InventoryId { get; set; }

    public Guid ActivityRecordId { get; set; }

    public SiteId SiteId { get; set; }

    public DateOnly Month { get; set; }

    public decimal Kgce { get; set; }

    public Guid FactorLibraryVersionId { get; set; }

    public string FactorCode { get; set; } = string.Empty;
}

/// <summary>A recalculation of an inventory that already had results: what changed (library versions) and the totals before and after.</summary>
internal sealed class Recalculation
{
    public const int ReasonMaxLength = 1000;

    public Guid Id { get; set; }

    public Guid InventoryId { get; set; }

    public DateTime At { get; set; }

    public string By { get; set; } = string.Empty;

    public string Reason { get; set; } = string.Empty;

    public decimal? PreviousScope1Tco2e { get; set; }

    public decimal? PreviousScope2LocationTco2e { get; set; }

    public decimal? PreviousScope2MarketTco2e { get; set; }

    public decimal Scope1Tco2e { get; set; }

    public decimal Scope2LocationTco2e { get; set; }

    public decimal Scope2MarketTco2e { get; set; }
}

/// <summary>
/// Read-only view of the platform's sites (organisation and jurisdiction of a site). Interim: Platform.Contracts
/// has no site directory yet; this mapping is excluded from Carbon's migrations and is the one place to switch.
/// </summary>
internal sealed class PlatformSiteView
{
    public SiteId Id { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public JurisdictionId DistrictId { get; set; }

    public JurisdictionId TownId { get; set; }

    public string Name { get; set; } = string.Empty;
}
