using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Dashboard;

internal sealed record SiteMapPoint(Guid SiteId, string Name, Guid OrganisationId, string OrganisationName, OrganisationType OrganisationType,
    string TownName, double Latitude, double Longitude, string IndustryClassCode);

internal static class GetSiteMap
{
    public static IEndpointRouteBuilder MapGetSiteMap(this IEndpointRouteBuilder api)
    {
        api.MapGet("/dashboard/site-map", HandleAsync)
            .WithName("GetSiteMap")
            .WithSummary("Every site the caller may see with WGS-84 coordinates, for the map.")
            .WithTags("Dashboard")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Ok<List<SiteMapPoint>>> HandleAsync(PlatformDbContext db, CancellationToken cancellationToken)
    {
        var rows = await (
                from s in db.Sites
                join t in db.Jurisdictions on s.TownId equals t.Id
                orderby s.Name, s.Id
                select new { s.Id, s.Name, s.OrganisationId, TownName = t.Name, s.LatitudeDeg, s.LongitudeDeg, s.IndustryClassCode })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.OrganisationId).Distinct().ToList();
        var organisations = (await db.Organisations.IgnoreQueryFilters().AsNoTracking().Where(o => ids.Contains(o.Id))
                .Select(o => new { o.Id, o.Name, o.Type }).ToListAsync(cancellationToken))
            .ToDictionary(o => o.Id);
        return TypedResults.Ok(rows.Select(r => new SiteMapPoint(r.Id.Value, r.Name, r.OrganisationId.Value, organisations[r.OrganisationId].Name,
            organisations[r.OrganisationId].Type, r.TownName, r.LatitudeDeg, r.LongitudeDeg, r.IndustryClassCode)).ToList());
    }
}
