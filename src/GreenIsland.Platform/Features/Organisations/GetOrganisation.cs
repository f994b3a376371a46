using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Platform.Features.Organisations;

internal static class GetOrganisation
{
    public static IEndpointRouteBuilder MapGetOrganisation(this IEndpointRouteBuilder api)
    {
        api.MapGet("/organisations/{id:guid}", HandleAsync)
            .WithName("GetOrganisation")
            .WithSummary("One organisation (404 when it does not exist or lies outside the caller's scope).")
            .WithTags("Organisations")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<OrganisationResponse>, NotFound>> HandleAsync(Guid id, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var organisationId = new OrganisationId(id);
        var found = await OrganisationProjection.ToResponsesAsync(db.Organisations.Where(o => o.Id == organisationId), db, cancellationToken);
        return found.Count == 1 ? TypedResults.Ok(found[0]) : TypedResults.NotFound();
    }
}
