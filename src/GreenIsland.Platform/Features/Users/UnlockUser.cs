using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Users;

internal static class UnlockUser
{
    public static IEndpointRouteBuilder MapUnlockUser(this IEndpointRouteBuilder api)
    {
        api.MapPost("/users/{id:guid}/unlock", HandleAsync)
            .WithName("UnlockUser")
            .WithSummary("Ends a lockout after repeated failed sign-ins and resets the failure count.")
            .WithTags("Users")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<NoContent, NotFound>> HandleAsync(Guid id, PlatformDbContext db, UserManager<PlatformUser> users, ILedger ledger,
        CancellationToken cancellationToken)
    {
        var user = await db.VisibleUsers.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await ledger.AppendAsync(db, new LedgerRecord($"user/{user.Id}", "UserUnlocked", new JsonObject { ["userName"] = user.UserName }, user.OrganisationId),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
