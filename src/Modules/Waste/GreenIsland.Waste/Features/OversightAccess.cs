using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Features.ServiceAgreements;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features;

/// <summary>
/// Which enterprises (generators) the caller may read oversight data of: its own; a regulator's jurisdiction; the
/// generators a collector serves today; everything for the operator. Answers "not visible" as null, so endpoints
/// return 404 without revealing whether the enterprise exists.
/// </summary>
internal sealed class OversightAccess(WasteDbContext db, IActorContext actors, ITenantScopeProvider scopes, TimeProvider clock)
{
    public Actor Actor => actors.Current;

    public async Task<PlatformOrganisationView?> VisibleEnterpriseAsync(OrganisationId organisation, CancellationToken cancellationToken)
    {
        var org = await db.Set<PlatformOrganisationView>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == organisation, cancellationToken);
        if (org is null || org.Type != OrganisationType.Enterprise)
        {
            return null;
        }

        return await CanSeeAsync(org, cancellationToken) ? org : null;
    }

    public async Task<bool> CanSeeAsync(PlatformOrganisationView org, CancellationToken cancellationToken)
    {
        var scope = scopes.Current;
        if (scope.SeesEverything || org.Id == Actor.OrganisationId)
        {
            return true;
        }

        if (Actor.IsInRole(PlatformRoles.Regulator))
        {
            return (scope.DistrictId != default && org.DistrictId == scope.DistrictId) || (scope.TownId != default && org.TownId == scope.TownId);
        }

        if (Actor.OrganisationType == OrganisationType.Collector)
        {
            var today = WasteTime.Today(clock);
            return await db.Set<ServiceAgreement>().IgnoreQueryFilters().AnyAsync(a => a.CollectorId == Actor.OrganisationId && a.GeneratorId == org.Id
                && a.ValidFrom <= today && (a.ValidTo == null || a.ValidTo >= today), cancellationToken);
        }

        return false;
    }

    /// <summary>The enterprises the caller may see (for lists and rankings), optionally within one town.</summary>
    public async Task<List<PlatformOrganisationView>> VisibleEnterprisesAsync(JurisdictionId? town, CancellationToken cancellationToken)
    {
        var scope = scopes.Current;
        var query = db.Set<PlatformOrganisationView>().AsNoTracking().Where(o => o.Type == OrganisationType.Enterprise);
        if (town is { } t)
        {
            query = query.Where(o => o.TownId == t);
        }

        if (!scope.SeesEverything)
        {
            if (Actor.IsInRole(PlatformRoles.Regulator))
            {
                var district = scope.DistrictId;
                var townId = scope.TownId;
                query = query.Where(o => (district != default && o.DistrictId == district) || (townId != default && o.TownId == townId));
            }
            else if (Actor.OrganisationType == OrganisationType.Collector)
            {
                var today = WasteTime.Today(clock);
                var collector = Actor.OrganisationId;
                query = query.Where(o => db.Set<ServiceAgreement>().IgnoreQueryFilters().Any(a => a.CollectorId == collector && a.GeneratorId == o.Id
                    && a.ValidFrom <= today && (a.ValidTo == null || a.ValidTo >= today)));
            }
            else
            {
                var own = Actor.OrganisationId;
                query = query.Where(o => o.Id == own);
            }
        }

        return await query.OrderBy(o => o.Name).ToListAsync(cancellationToken);
    }
}
