using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.SharedKernel.Geography;

namespace GreenIsland.Platform.Domain;

internal sealed class Site
{
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 300;

    private Site()
    {
        Name = string.Empty;
        Address = string.Empty;
        IndustryClassCode = string.Empty;
    }

    public SiteId Id { get; private set; }

    public OrganisationId OrganisationId { get; private set; }

    public string Name { get; private set; }

    public string Address { get; private set; }

    public JurisdictionId TownId { get; private set; }

    public JurisdictionId DistrictId { get; private set; }

    /// <summary>WGS-84 latitude in degrees.</summary>
    public double LatitudeDeg { get; private set; }

    /// <summary>WGS-84 longitude in degrees.</summary>
    public double LongitudeDeg { get; private set; }

    /// <summary>GB/T 4754-2017 class code (4 digits).</summary>
    public string IndustryClassCode { get; private set; }

    public bool IsDemo { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public GeoPoint Location => GeoPoint.TryCreate(LatitudeDeg, LongitudeDeg, out var p, out _, out _) ? p : default;

    public static Site Open(SiteId id, OrganisationId organisationId, string name, string address, Jurisdiction town, GeoPoint location,
        string industryClassCode, bool isDemo, DateTime now)
    {
        var site = new Site { Id = id, OrganisationId = organisationId, IsDemo = isDemo, CreatedAt = now };
        site.Update(name, address, town, location, industryClassCode, now);
        return site;
    }

    public void Update(string name, string address, Jurisdiction town, GeoPoint location, string industryClassCode, DateTime now)
    {
        if (town.Level != JurisdictionLevel.Town || town.ParentId is null)
        {
            throw new ArgumentException("A site lies in a town.", nameof(town));
        }

        Name = name.Trim();
        Address = address.Trim();
        TownId = town.Id;
        DistrictId = town.ParentId.Value;
        LatitudeDeg = location.Latitude;
        LongitudeDeg = location.Longitude;
        IndustryClassCode = industryClassCode;
        UpdatedAt = now;
    }
}
