using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Platform.Features.Sites;

internal static class GetSite
{
    public static IEndpointRouteBuilder MapGetSite(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sites/{id:guid}", HandleAsync)
            .WithName("GetSite")
            .WithSummary("One site (404 when it does not exist or lies outside the caller's scope).")
            .WithTags("Sites")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<SiteResponse>, NotFound>> HandleAsync(Guid id, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var siteId = new SiteId(id);
        var found = await SiteProjection.ToResponsesAsync(db.Sites.Where(s => s.Id == siteId), db, cancellationToken);
        return found.Count == 1 ? TypedResults.Ok(found[0]) : TypedResults.NotFound();
    }
}
