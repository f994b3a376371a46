using GreenIsland.Platform.Contracts.Identifiers;

namespace GreenIsland.Waste.Features.Dispatch;

/// <summary>Read-only view of <c>platform_users</c>: a trip's driver must be an active driver of the collector.</summary>
internal sealed class PlatformUserView
{
    public Guid Id { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public string DisplayName { get; set; } = string.Empty;

    /// <summary>The sign-in name; audit records name a person as <c>user:{UserName}</c>.</summary>
    public string? UserName { get; set; }

    public bool IsActive { get; set; }

    /// <summary>A demo account (the demo seed's users).</summary>
    public bool IsDemo { get; set; }
}

/// <summary>Read-only view of <c>platform_user_roles</c> joined to <c>platform_roles</c> by role id.</summary>
internal sealed class PlatformUserRoleView
{
    public Guid UserId { get; set; }

    public Guid RoleId { get; set; }
}

/// <summary>Read-only view of <c>platform_roles</c>.</summary>
internal sealed class PlatformRoleView
{
    public Guid Id { get; set; }

    public string? Name { get; set; }
}

/// <summary>Read-only view of <c>platform_jurisdictions</c>: the administrative division code numbers the manifests.</summary>
internal sealed class PlatformJurisdictionView
{
    public JurisdictionId Id { get; set; }

    public string Code { get; set; } = string.Empty;
}
