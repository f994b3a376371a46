using GreenIsland.Platform.Contracts.Identifiers;
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

internal sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Email, string? Phone, Guid? OrganisationId,
    IReadOnlyList<string>? Roles, string? Password);

internal static class CreateUser
{
    public static IEndpointRouteBuilder MapCreateUser(this IEndpointRouteBuilder api)
    {
        api.MapPost("/users", HandleAsync)
            .WithName("CreateUser")
            .WithSummary("Creates an account with an initial password the user must change at first sign-in.")
            .WithTags("Users")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        CreateUserRequest request, PlatformDbContext db, UserManager<PlatformUser> users, ILedger ledger, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Required("userName", request.UserName, UserInput.UserNameMaxLength).Required("password", request.Password, 256);
        UserInput.ValidateContact(errors, request.DisplayName, request.Email, request.Phone);
        Organisation? organisation = null;
        if (request.OrganisationId is not { } organisationGuid)
        {
            errors.Add("organisationId", "This field is required.");
        }
        else
        {
            var organisationId = new OrganisationId(organisationGuid);
            organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
            if (organisation is null)
            {
                errors.Add("organisationId", "No organisation you administer has this id.");
            }
        }

        var roles = UserInput.ValidateRoles(errors, request.Roles, organisation);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = new PlatformUser
        {
            Id = Guid.CreateVersion7(),
            UserName = request.UserName?.Trim(),
            DisplayName = request.DisplayName?.Trim() ?? string.Empty,
            Email = Text.Clean(request.Email),
            PhoneNumber = Text.Clean(request.Phone),
            OrganisationId = organisation?.Id ?? default,
            IsActive = true,
            MustChangePassword = true,
            CreatedAt = now,
        };
        if (!string.IsNullOrWhiteSpace(request.Password))
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user, request.Password);
                foreach (var error in result.Errors)
                {
                    errors.Add("password", error.Description);
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(user.UserName) && user.UserName.Any(c => !users.Options.User.AllowedUserNameCharacters.Contains(c)))
        {
            errors.Add("userName", "Use letters, digits and - . _ @ + only.");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        if (await users.FindByNameAsync(user.UserName!) is not null)
        {
            return Problems.Conflict("UserNameMustBeUnique", $"The user name '{user.UserName}' is taken.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, request.Password!);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                errors.Add(error.Code.Contains("Password", StringComparison.Ordinal) ? "password" : "userName", error.Description);
            }

            return Problems.Validation(errors);
        }

        var added = await users.AddToRolesAsync(user, roles);
        if (!added.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", added.Errors.Select(e => e.Description)));
        }

        await ledger.AppendAsync(db, new LedgerRecord($"user/{user.Id}", "UserCreated", UserProjection.Payload(user, roles), user.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var response = (await UserProjection.ToResponsesAsync(db.Users.Where(u => u.Id == user.Id), db, now, cancellationToken)).Single();
        return TypedResults.Created($"/api/users/{user.Id}", response);
    }
}
