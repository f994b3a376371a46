using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Demo;
using GreenIsland.Platform.Persistence;
using GreenIsland.Platform.Reference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GreenIsland.Platform.Features.Dashboard;

internal sealed record DashboardKpis(int Enterprises, int Sites, int Collectors, int DisposalFacilities, int Towns, int Users);

internal sealed record TownBreakdown(Guid TownId, string TownName, int Enterprises, int Sites);

internal sealed record IndustryBreakdown(string Code, string Name, int Enterprises);

internal sealed record DashboardOverviewResponse(bool IsDemo, string? DistrictName, DashboardKpis Kpis, IReadOnlyList<TownBreakdown> ByTown,
    IReadOnlyList<IndustryBreakdown> ByIndustry);

internal static class GetDashboardOverview
{
    public static IEndpointRouteBuilder MapGetDashboardOverview(this IEndpointRouteBuilder api)
    {
        api.MapGet("/dashboard/overview", HandleAsync)
            .WithName("GetDashboardOverview")
            .WithSummary("Key figures of what the caller may see: organisations by type, sites, towns, accounts; breakdowns by town and industry.")
            .WithTags("Dashboard")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Ok<DashboardOverviewResponse>> HandleAsync(PlatformDbContext db, IOptions<DemoOptions> demo, CancellationToken cancellationToken)
    {
        var byType = await db.Organisations.GroupBy(o => o.Type).Select(g => new { Type = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int CountOf(OrganisationType type) => byType.SingleOrDefault(t => t.Type == type)?.Count ?? 0;

        var sites = await db.Sites.CountAsync(cancellationToken);
        var users = await db.VisibleUsers.CountAsync(cancellationToken);
        var enterprises = db.Organisations.Where(o => o.Type == OrganisationType.Enterprise);

        var enterprisesByTown = await enterprises.GroupBy(o => o.TownId).Select(g => new { TownId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var sitesByTown = await db.Sites.GroupBy(s => s.TownId).Select(g => new { TownId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var townIds = enterprisesByTown.Select(t => t.TownId).Union(sitesByTown.Select(t => t.TownId)).ToList();
        var towns = await db.Jurisdictions.AsNoTracking().Where(j => townIds.Contains(j.Id)).OrderBy(j => j.Code).ToListAsync(cancellationToken);
        var byTown = towns.Select(t => new TownBreakdown(t.Id.Value, t.Name,
            enterprisesByTown.SingleOrDefault(e => e.TownId == t.Id)?.Count ?? 0,
            sitesByTown.SingleOrDefault(s => s.TownId == t.Id)?.Count ?? 0)).ToList();

        var industryPairs = await (
                from s in db.Sites
                join o in enterprises on s.OrganisationId equals o.Id
                select new { s.IndustryClassCode, o.Id })
            .Distinct()
            .ToListAsync(cancellationToken);
        var byIndustry = industryPairs
            .GroupBy(p => p.IndustryClassCode)
            .Select(g => new IndustryBreakdown(g.Key, IndustryClassCatalogue.NameOf(g.Key), g.Count()))
            .OrderByDescending(i => i.Enterprises).ThenBy(i => i.Code, StringComparer.Ordinal)
            .ToList();

        var district = await db.Jurisdictions.AsNoTracking().Where(j => j.Level == JurisdictionLevel.District).OrderBy(j => j.Code)
            .Select(j => new { j.Name, j.IsDemo }).FirstOrDefaultAsync(cancellationToken);
        var kpis = new DashboardKpis(CountOf(OrganisationType.Enterprise), sites, CountOf(OrganisationType.Collector), CountOf(OrganisationType.DisposalFacility),
            towns.Count, users);
        return TypedResults.Ok(new DashboardOverviewResponse(demo.Value.Enabled || district?.IsDemo == true, district?.Name, kpis, byTown, byIndustry));
    }
}
