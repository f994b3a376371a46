using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Supervision;

internal sealed record EmitterRow(Guid OrganisationId, string OrganisationName, Guid InventoryId, string InventoryName, string Status, decimal Scope1Tco2e, decimal Scope2LocationTco2e,
    decimal Scope2MarketTco2e, decimal EnergyTce);

internal sealed record SupervisionOverview(int Year, int Inventories, decimal Scope1Tco2e, decimal Scope2LocationTco2e, decimal Scope2MarketTco2e,
    decimal EnergyTce, IReadOnlyList<EmitterRow> TopEmitters);

internal static class SupervisionOverviewEndpoint
{
    public static IEndpointRouteBuilder MapCarbonSupervision(this IEndpointRouteBuilder api)
    {
        api.MapCarbonSupervisionTrends();
        api.MapGet("/supervision/overview", HandleAsync)
            .WithName("GetCarbonSupervisionOverview")
            .WithSummary("District (or town) totals of submitted and approved inventories for a year and the top emitters (Scope 1 + location-based Scope 2).")
            .WithTags("Carbon")
            .RequireTenancy(TenancyRule.Supervision);
        return api;
    }

    private static async Task<Results<Ok<SupervisionOverview>, ValidationProblem>> HandleAsync(int? year, int? top, CarbonDbContext db, CancellationToken cancellationToken)
    {
        if (year is not (>= 2000 and <= 2100))
        {
            return CarbonProblems.Validation("year", "Give a calendar year between 2000 and 2100.");
        }

        var from = new DateOnly(year.Value, 1, 1);
        // Decimals cannot be summed in SQL on SQLite; the rows of one jurisdiction and year are few, so totals are exact sums in memory.
        var rows = await db.Inventories.AsNoTracking()
            .Where(i => i.PeriodFrom == from && (i.Status == InventoryStatus.Submitted || i.Status == InventoryStatus.Approved))
            .ToListAsync(cancellationToken);
        var organisationIds = rows.Select(i => i.OrganisationId).Distinct().ToList();
        var names = await db.PlatformOrganisations.AsNoTracking().Where(o => organisationIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var emitters = rows.Select(i => new EmitterRow(i.OrganisationId.Value, names.GetValueOrDefault(i.OrganisationId, string.Empty), i.Id, i.Name, i.Status.ToString(), i.Scope1Tco2e ?? 0, i.Scope2LocationTco2e ?? 0,
                i.Scope2MarketTco2e ?? 0, i.EnergyTce ?? 0))
            .OrderByDescending(e => e.Scope1Tco2e + e.Scope2LocationTco2e).ThenBy(e => e.InventoryId).ToList();
        return TypedResults.Ok(new SupervisionOverview(year.Value, rows.Count, emitters.Sum(e => e.Scope1Tco2e), emitters.Sum(e => e.Scope2LocationTco2e),
            emitters.Sum(e => e.Scope2MarketTco2e), emitters.Sum(e => e.EnergyTce), emitters.Take(Math.Clamp(top ?? 10, 1, 100)).ToList()));
    }
}
