using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Identity;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Platform.Features.Auth;

internal sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

internal static class ChangePassword
{
    public static IEndpointRouteBuilder MapChangePassword(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/change-password", HandleAsync)
            .WithName("ChangePassword")
            .WithSummary("Changes the signed-in user's password (policy: at least 10 characters with upper case, lower case and digits).")
            .WithTags("Auth")
            .RequireTenancy(TenancyRule.SignedIn);
        return api;
    }

    private static async Task<Results<NoContent, ValidationProblem, NotFound>> HandleAsync(
        ChangePasswordRequest request, HttpContext http, IActorContext actors, SignInManager<PlatformUser> signIn, PlatformDbContext db,
        ILedger ledger, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors()
            .Required("currentPassword", request.CurrentPassword, 256)
            .Required("newPassword", request.NewPassword, 256);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var users = signIn.UserManager;
        var user = await users.FindByIdAsync(actors.Current.ActorId.ToString());
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await users.ChangePasswordAsync(user, request.CurrentPassword!, request.NewPassword!);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                errors.Add(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "currentPassword" : "newPassword", error.Description);
            }

            return Problems.Validation(errors);
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await ledger.AppendAsync(db, new LedgerRecord($"user/{user.Id}", "PasswordChanged", new JsonObject { ["userName"] = user.UserName }, user.OrganisationId),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (AuthSchemes.Select(http) == IdentityConstants.ApplicationScheme)
        {
            // The security stamp changed, which ends every other session; keep this one.
            signIn.AuthenticationScheme = IdentityConstants.ApplicationScheme;
            await signIn.SignInAsync(user, isPersistent: false);
        }

        return TypedResults.NoContent();
    }
}
