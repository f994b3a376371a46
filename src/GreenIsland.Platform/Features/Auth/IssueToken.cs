using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Platform.Features.Auth;

internal static class IssueToken
{
    public static IEndpointRouteBuilder MapIssueToken(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/token", HandleAsync)
            .WithName("IssueToken")
            .WithSummary("Exchanges user name and password for a bearer access token and a refresh token (API clients).")
            .WithTags("Auth")
            .Produces<AccessTokenResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(Login.Locked)
            .RequireRateLimiting(RateLimitPolicies.Credentials)
            .AllowAnonymousBecause("Exchanging credentials for a token is how an API client authenticates.");
        return api;
    }

    // The bearer handler writes the AccessTokenResponse body during sign-in; the handler then returns Empty.
    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> HandleAsync(LoginRequest request, SignInManager<PlatformUser> signIn)
    {
        var (_, failure) = await CredentialCheck.CheckAsync(request, signIn, IdentityConstants.BearerScheme);
        if (failure is not null)
        {
            return failure.Value.Validation is { } validation ? validation : failure.Value.Problem!;
        }

        return TypedResults.Empty;
    }
}
