using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Reference;

internal sealed record JurisdictionResponse(Guid Id, string Code, string Name, string NameEn, JurisdictionLevel Level, Guid? ParentId,
    double Latitude, double Longitude, IReadOnlyList<JurisdictionResponse> Children);

internal static class ListJurisdictions
{
    public static IEndpointRouteBuilder MapListJurisdictions(this IEndpointRouteBuilder api)
    {
        api.MapGet("/jurisdictions", HandleAsync)
            .WithName("ListJurisdictions")
            .WithSummary("Districts with their towns (administrative divisions; public reference data for signed-in users).")
            .WithTags("Reference")
            .RequireTenancy(TenancyRule.SignedIn);
        return api;
    }

    private static async Task<Ok<List<JurisdictionResponse>>> HandleAsync(PlatformDbContext db, CancellationToken cancellationToken)
    {
        var all = await db.Jurisdictions.AsNoTracking().OrderBy(j => j.Code).ToListAsync(cancellationToken);
        var districts = all
            .Where(j => j.Level == JurisdictionLevel.District)
            .Select(d => new JurisdictionResponse(d.Id.Value, d.Code, d.Name, d.NameEn, d.Level, null, d.CentreLatitudeDeg, d.CentreLongitudeDeg,
                all.Where(t => t.ParentId == d.Id)
                    .Select(t => new JurisdictionResponse(t.Id.Value, t.Code, t.Name, t.NameEn, t.Level, d.Id.Value, t.CentreLatitudeDeg, t.CentreLongitudeDeg, []))
                    .ToList()))
            .ToList();
        return TypedResults.Ok(districts);
    }
}
