using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Charts;

internal static class ChartEndpoints
{
    public static IEndpointRouteBuilder MapCarbonCharts(this IEndpointRouteBuilder api)
    {
        api.MapGet("/inventories/{id:guid}/charts", HandleAsync)
            .WithName("GetInventoryCharts")
            .WithSummary("Monthly series of an inventory: emissions by scope, Scope 2 location- vs market-based, production output and intensity (total and per site).")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<InventoryChartsResponse>, ProblemHttpResult>> HandleAsync(Guid id, CarbonDbContext db, CancellationToken cancellationToken)
    {
        // The inventory goes through the tenancy filter; its lines and outputs are read only for it.
        var inventory = await db.Inventories.AsNoTracking().Include(i => i.Sites).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (inventory is null)
        {
            return TypedResults.Problem("No inventory you may see has this id.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        var lines = await db.InventoryLines.AsNoTracking().Where(l => l.InventoryId == id)
            .Select(l => new { l.Month, l.SiteId, l.Scope, l.Co2eKg }).ToListAsync(cancellationToken);
        var siteIds = inventory.Sites.Select(s => s.SiteId).ToList();
        var from = new DateOnly(inventory.PeriodFrom.Year, inventory.PeriodFrom.Month, 1);
        var outputs = await db.ProductionOutputs.AsNoTracking()
            .Where(o => siteIds.Contains(o.SiteId) && o.Month >= from && o.Month <= inventory.PeriodTo)
            .Select(o => new { o.Month, o.SiteId, o.QuantityValue, o.QuantityUnit, o.Product }).ToListAsync(cancellationToken);
        var names = await db.PlatformSites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        var siteNames = siteIds.ToDictionary(s => s.Value, s => names.FirstOrDefault(n => n.Id == s)?.Name ?? s.Value.ToString());

        return TypedResults.Ok(InventoryCharts.Build(inventory.Id, inventory.Name, inventory.Status.ToString(), inventory.PeriodFrom, inventory.PeriodTo,
            lines.Select(l => new ChartLine(l.Month, l.SiteId.Value, l.Scope, l.Co2eKg)).ToList(),
            outputs.Select(o => new ChartOutput(o.Month, o.SiteId.Value, o.QuantityValue, o.QuantityUnit, o.Product)).ToList(),
            siteNames));
    }
}
