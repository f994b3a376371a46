using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Sites;

internal static class ListSites
{
    public static IEndpointRouteBuilder MapListSites(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sites", HandleAsync)
            .WithName("ListSites")
            .WithSummary("Sites the caller may see, filtered by organisation, town and name or address.")
            .WithTags("Sites")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<Paged<SiteResponse>>, ValidationProblem>> HandleAsync(
        PlatformDbContext db, Guid? organisationId, Guid? townId, string? q, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var paging = Paging.Validate(page, pageSize, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.Sites.AsQueryable();
        if (organisationId is { } org)
        {
            var id = new OrganisationId(org);
            query = query.Where(s => s.OrganisationId == id);
        }

        if (townId is { } town)
        {
            var id = new JurisdictionId(town);
            query = query.Where(s => s.TownId == id);
        }

        if (Text.Clean(q) is { } search)
        {
            query = query.Where(s => s.Name.Contains(search) || s.Address.Contains(search));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await SiteProjection.ToResponsesAsync(query.OrderBy(s => s.Name).ThenBy(s => s.Id).Skip(paging.Skip).Take(paging.PageSize), db, cancellationToken);
        return TypedResults.Ok(new Paged<SiteResponse>(items, total, paging.Page, paging.PageSize));
    }
}
