using System.Globalization;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Identity;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Platform.Features.Auth;

internal sealed record LoginRequest(string? UserName, string? Password);

internal static class Login
{
    public const int Locked = StatusCodes.Status423Locked;

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/login", HandleAsync)
            .WithName("Login")
            .WithSummary("Signs in with user name and password and sets the gi.auth session cookie.")
            .WithTags("Auth")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(Locked)
            .RequireRateLimiting(RateLimitPolicies.Credentials)
            .AllowAnonymousBecause("Signing in is how an anonymous caller becomes a user.");
        return api;
    }

    private static async Task<Results<Ok<MeResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        LoginRequest request, HttpContext http, SignInManager<PlatformUser> signIn, PlatformDbContext db, IAntiforgery antiforgery,
        CancellationToken cancellationToken)
    {
        var (user, failure) = await CredentialCheck.CheckAsync(request, signIn, IdentityConstants.ApplicationScheme);
        if (failure is not null)
        {
            return failure.Value.Validation is { } validation ? validation : failure.Value.Problem!;
        }

        http.User = await signIn.CreateUserPrincipalAsync(user!);
        AntiforgeryMiddleware.IssueToken(http, antiforgery);
        var me = await MeQuery.LoadAsync(db, user!.Id, cancellationToken);
        return TypedResults.Ok(me!);
    }
}

/// <summary>Shared by cookie login and token issue: the same policy, lockout and answers for both.</summary>
internal static class CredentialCheck
{
    public const string BadCredentials = "The user name or password is wrong.";

    public static async Task<(PlatformUser? User, (ValidationProblem? Validation, ProblemHttpResult? Problem)? Failure)> CheckAsync(
        LoginRequest request, SignInManager<PlatformUser> signIn, string scheme)
    {
        var errors = new FieldErrors()
            .Required("userName", request.UserName, 256)
            .Required("password", request.Password, 256);
        if (errors.Any)
        {
            return (null, (Problems.Validation(errors), null));
        }

        var user = await signIn.UserManager.FindByNameAsync(request.UserName!.Trim());
        if (user is null || !user.IsActive)
        {
            return (null, (null, Problems.Unauthorized(BadCredentials)));
        }

        signIn.AuthenticationScheme = scheme;
        var result = await signIn.PasswordSignInAsync(user, request.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            var until = user.LockoutEnd?.UtcDateTime;
            var problem = TypedResults.Problem(
                detail: until is null
                    ? "The account is locked."
                    : $"The account is locked after repeated failed sign-ins until {until.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}.",
                statusCode: Login.Locked,
                title: "AccountLockedOut",
                extensions: new Dictionary<string, object?> { ["lockedOutUntil"] = until });
            return (null, (null, problem));
        }

        return result.Succeeded ? (user, null) : (null, (null, Problems.Unauthorized(BadCredentials)));
    }
}
