using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Platform.Features.Auth;

internal static class GetMe
{
    public static IEndpointRouteBuilder MapGetMe(this IEndpointRouteBuilder api)
    {
        api.MapGet("/auth/me", HandleAsync)
            .WithName("GetMe")
            .WithSummary("The signed-in user, their organisation and roles.")
            .WithTags("Auth")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .RequireTenancy(TenancyRule.SignedIn);
        return api;
    }

    private static async Task<Results<Ok<MeResponse>, NotFound>> HandleAsync(IActorContext actors, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var me = await MeQuery.LoadAsync(db, actors.Current.ActorId, cancellationToken);
        return me is null ? TypedResults.NotFound() : TypedResults.Ok(me);
    }
}
