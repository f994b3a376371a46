using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Users;

internal static class ListUsers
{
    public static IEndpointRouteBuilder MapListUsers(this IEndpointRouteBuilder api)
    {
        api.MapGet("/users", HandleAsync)
            .WithName("ListUsers")
            .WithSummary("Accounts of the organisations the caller administers.")
            .WithTags("Users")
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<Ok<Paged<UserResponse>>, ValidationProblem>> HandleAsync(
        PlatformDbContext db, TimeProvider clock, Guid? organisationId, string? q, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var paging = Paging.Validate(page, pageSize, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.VisibleUsers;
        if (organisationId is { } org)
        {
            var id = new OrganisationId(org);
            query = query.Where(u => u.OrganisationId == id);
        }

        if (Text.Clean(q) is { } search)
        {
            var upper = search.ToUpperInvariant();
            query = query.Where(u => u.NormalizedUserName!.Contains(upper) || u.DisplayName.Contains(search));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await UserProjection.ToResponsesAsync(query.OrderBy(u => u.UserName).Skip(paging.Skip).Take(paging.PageSize), db,
            clock.GetUtcNow().UtcDateTime, cancellationToken);
        return TypedResults.Ok(new Paged<UserResponse>(items, total, paging.Page, paging.PageSize));
    }
}
