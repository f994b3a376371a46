using GreenIsland.Platform.Contracts.Identifiers;

namespace GreenIsland.Carbon.Persistence;

/// <summary>
/// Read-only view of the platform's organisations (the name shown on reports and in the regulator's lists).
/// Interim, like <see cref="PlatformSiteView"/>: excluded from Carbon's migrations, no query filter of its own;
/// callers reach it only with organisation ids they obtained through Carbon's filtered sets.
/// </summary>
internal sealed class PlatformOrganisationView
{
    public OrganisationId Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string CreditCode { get; set; } = string.Empty;
}
