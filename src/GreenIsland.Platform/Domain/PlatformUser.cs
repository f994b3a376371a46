using GreenIsland.Platform.Contracts.Identifiers;
using Microsoft.AspNetCore.Identity;

namespace GreenIsland.Platform.Domain;

internal sealed class PlatformUser : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 100;

    public OrganisationId OrganisationId { get; set; }

    public string DisplayName { get; set; } = string.Empty;

    public bool IsActive { get; set; } = true;

    /// <summary>Set for accounts created with an initial password chosen by someone else.</summary>
    public bool MustChangePassword { get; set; }

    public bool IsDemo { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class PlatformRole : IdentityRole<Guid>;
