using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Organisations;

internal static class ListOrganisations
{
    public static IEndpointRouteBuilder MapListOrganisations(this IEndpointRouteBuilder api)
    {
        api.MapGet("/organisations", HandleAsync)
            .WithName("ListOrganisations")
            .WithSummary("Organisations the caller may see, filtered by type, town and name or credit code.")
            .WithTags("Organisations")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<Paged<OrganisationResponse>>, ValidationProblem>> HandleAsync(
        PlatformDbContext db, OrganisationType? type, Guid? townId, string? q, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var paging = Paging.Validate(page, pageSize, errors);
        if (type is { } t && !Enum.IsDefined(t))
        {
            errors.Add("type", "Unknown organisation type.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.Organisations.AsQueryable();
        if (type is { } organisationType)
        {
            query = query.Where(o => o.Type == organisationType);
        }

        if (townId is { } town)
        {
            var id = new JurisdictionId(town);
            query = query.Where(o => o.TownId == id);
        }

        if (Text.Clean(q) is { } search)
        {
            var upper = search.ToUpperInvariant();
            query = query.Where(o => o.Name.Contains(search) || o.CreditCode.Contains(upper));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await OrganisationProjection.ToResponsesAsync(
            query.OrderBy(o => o.Type).ThenBy(o => o.Name).ThenBy(o => o.Id).Skip(paging.Skip).Take(paging.PageSize), db, cancellationToken);
        return TypedResults.Ok(new Paged<OrganisationResponse>(items, total, paging.Page, paging.PageSize));
    }
}
