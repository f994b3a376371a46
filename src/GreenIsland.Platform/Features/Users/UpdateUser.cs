using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Users;

internal sealed record UpdateUserRequest(string? DisplayName, string? Email, string? Phone, IReadOnlyList<string>? Roles, bool? IsActive);

internal static class UpdateUser
{
    public static IEndpointRouteBuilder MapUpdateUser(this IEndpointRouteBuilder api)
    {
        api.MapPut("/users/{id:guid}", HandleAsync)
            .WithName("UpdateUser")
            .WithSummary("Updates an account's contact data, roles and whether it is active; role or status changes end its sessions.")
            .WithTags("Users")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(
        Guid id, UpdateUserRequest request, PlatformDbContext db, UserManager<PlatformUser> users, IActorContext actors, ILedger ledger,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await db.VisibleUsers.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var organisation = await db.Organisations.SingleAsync(o => o.Id == user.OrganisationId, cancellationToken);
        var errors = new FieldErrors();
        UserInput.ValidateContact(errors, request.DisplayName, request.Email, request.Phone);
        var roles = UserInput.ValidateRoles(errors, request.Roles, organisation);
        if (request.IsActive is null)
        {
            errors.Add("isActive", "This field is required.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (user.Id == actors.Current.ActorId && request.IsActive == false)
        {
            return Problems.Conflict("UsersCannotDeactivateThemselves", "You cannot deactivate your own account.");
        }

        var currentRoles = await users.GetRolesAsync(user);
        var rolesChanged = !currentRoles.ToHashSet(StringComparer.Ordinal).SetEquals(roles);
        var statusChanged = user.IsActive != request.IsActive;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user.DisplayName = request.DisplayName!.Trim();
        user.Email = Text.Clean(request.Email);
        user.PhoneNumber = Text.Clean(request.Phone);
        user.IsActive = request.IsActive!.Value;
        Check(await users.UpdateAsync(user));
        if (rolesChanged)
        {
            Check(await users.RemoveFromRolesAsync(user, currentRoles.Except(roles, StringComparer.Ordinal)));
            Check(await users.AddToRolesAsync(user, roles.Except(currentRoles, StringComparer.Ordinal)));
        }

        if (rolesChanged || statusChanged)
        {
            Check(await users.UpdateSecurityStampAsync(user));
        }

        await ledger.AppendAsync(db, new LedgerRecord($"user/{user.Id}", "UserUpdated", UserProjection.Payload(user, roles), user.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var response = (await UserProjection.ToResponsesAsync(db.Users.Where(u => u.Id == user.Id), db, clock.GetUtcNow().UtcDateTime, cancellationToken)).Single();
        return TypedResults.Ok(response);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
