using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace GreenIsland.Platform.Features.Auth;

internal sealed record RefreshRequest(string? RefreshToken);

internal static class RefreshToken
{
    public static IEndpointRouteBuilder MapRefreshToken(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/refresh", HandleAsync)
            .WithName("RefreshToken")
            .WithSummary("Exchanges a refresh token for a new access token; fails once the password or roles changed.")
            .WithTags("Auth")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .RequireRateLimiting(RateLimitPolicies.Credentials)
            .AllowAnonymousBecause("The refresh token itself is the credential.");
        return api;
    }

    private static async Task<Results<SignInHttpResult, ValidationProblem, ProblemHttpResult>> HandleAsync(
        RefreshRequest request, SignInManager<PlatformUser> signIn, IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider clock)
    {
        var errors = new FieldErrors().Required("refreshToken", request.RefreshToken, 8192);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var ticket = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { IsActive: true } user)
        {
            return Problems.Unauthorized("The refresh token is invalid or expired.");
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
