using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;

namespace GreenIsland.Platform.Domain;

internal sealed class Jurisdiction
{
    private Jurisdiction()
    {
        Code = string.Empty;
        Name = string.Empty;
        NameEn = string.Empty;
    }

    public JurisdictionId Id { get; private set; }

    /// <summary>Administrative division code (6 digits for a district, 9 for a town).</summary>
    public string Code { get; private set; }

    public string Name { get; private set; }

    public string NameEn { get; private set; }

    public JurisdictionLevel Level { get; private set; }

    public JurisdictionId? ParentId { get; private set; }

    public double CentreLatitudeDeg { get; private set; }

    public double CentreLongitudeDeg { get; private set; }

    public bool IsDemo { get; private set; }

    public static Jurisdiction District(JurisdictionId id, string code, string name, string nameEn, double latitude, double longitude, bool isDemo) =>
        new() { Id = id, Code = code, Name = name, NameEn = nameEn, Level = JurisdictionLevel.District, CentreLatitudeDeg = latitude, CentreLongitudeDeg = longitude, IsDemo = isDemo };

    public static Jurisdiction Town(JurisdictionId id, Jurisdiction district, string code, string name, string nameEn, double latitude, double longitude, bool isDemo) =>
        new() { Id = id, ParentId = district.Id, Code = code, Name = name, NameEn = nameEn, Level = JurisdictionLevel.Town, CentreLatitudeDeg = latitude, CentreLongitudeDeg = longitude, IsDemo = isDemo };
}
