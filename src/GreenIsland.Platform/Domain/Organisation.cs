using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.SharedKernel.Organisations;

namespace GreenIsland.Platform.Domain;

internal sealed class Organisation
{
    public const int NameMaxLength = 200;
    public const int ContactNameMaxLength = 100;
    public const int ContactPhoneMaxLength = 32;

    private Organisation()
    {
        Name = string.Empty;
        CreditCode = string.Empty;
    }

    public OrganisationId Id { get; private set; }

    public string Name { get; private set; }

    public OrganisationType Type { get; private set; }

    public string CreditCode { get; private set; }

    /// <summary>Town of registration; <see cref="DistrictId"/> is its parent, kept on the row for tenancy filters.</summary>
    public JurisdictionId TownId { get; private set; }

    public JurisdictionId DistrictId { get; private set; }

    /// <summary>For regulators: the jurisdiction they supervise.</summary>
    public JurisdictionId? SupervisedJurisdictionId { get; private set; }

    public string? ContactName { get; private set; }

    public string? ContactPhone { get; private set; }

    public bool IsDemo { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public static Organisation Register(OrganisationId id, string name, OrganisationType type, UnifiedSocialCreditCode creditCode,
        Jurisdiction town, Jurisdiction? supervised, string? contactName, string? contactPhone, bool isDemo, DateTime now)
    {
        var organisation = new Organisation { Id = id, Type = type, IsDemo = isDemo, CreatedAt = now };
        organisation.Update(name, creditCode, town, supervised, contactName, contactPhone, now);
        return organisation;
    }

    public void Update(string name, UnifiedSocialCreditCode creditCode, Jurisdiction town, Jurisdiction? supervised,
        string? contactName, string? contactPhone, DateTime now)
    {
        if (town.Level != JurisdictionLevel.Town || town.ParentId is null)
        {
            throw new ArgumentException("An organisation is registered in a town.", nameof(town));
        }

        Name = name.Trim();
        CreditCode = creditCode.Value;
        TownId = town.Id;
        DistrictId = town.ParentId.Value;
        SupervisedJurisdictionId = Type == OrganisationType.Regulator ? (supervised ?? throw new ArgumentException("A regulator supervises a jurisdiction.", nameof(supervised))).Id : null;
        ContactName = string.IsNullOrWhiteSpace(contactName) ? null : contactName.Trim();
        ContactPhone = string.IsNullOrWhiteSpace(contactPhone) ? null : contactPhone.Trim();
        UpdatedAt = now;
    }
}
