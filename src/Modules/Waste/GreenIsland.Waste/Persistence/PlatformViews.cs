using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;

namespace GreenIsland.Waste.Persistence;

/// <summary>Read-only view of <c>platform_sites</c> (owned and migrated by the Platform module).</summary>
internal sealed class PlatformSiteView
{
    public SiteId Id { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public JurisdictionId DistrictId { get; set; }

    public JurisdictionId TownId { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Address { get; set; } = string.Empty;

    public double Latitude { get; set; }

    public double Longitude { get; set; }
}

/// <summary>Read-only view of <c>platform_organisations</c> (owned and migrated by the Platform module).</summary>
internal sealed class PlatformOrganisationView
{
    public OrganisationId Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public OrganisationType Type { get; set; }

    public string CreditCode { get; set; } = string.Empty;

    public JurisdictionId DistrictId { get; set; }

    public JurisdictionId TownId { get; set; }

    public string? ContactName { get; set; }

    public string? ContactPhone { get; set; }
}

/// <summary>
/// Read-only view of <c>telemetry_devices</c> (owned and migrated by the Telemetry module): a cabinet must be a
/// registered device of type <c>StorageCabinet</c>. Readings still reach Waste only through Telemetry's events.
/// </summary>
internal sealed class TelemetryDeviceView
{
    public const string StorageCabinet = "StorageCabinet";

    public DeviceId DeviceId { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public SiteId SiteId { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;

    public bool IsActive { get; set; }
}
