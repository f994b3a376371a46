using System.Security.Claims;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Platform.Features.Auth;

internal static class Logout
{
    public static IEndpointRouteBuilder MapLogout(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/logout", HandleAsync)
            .WithName("Logout")
            .WithSummary("Ends the cookie session (bearer tokens simply expire).")
            .WithTags("Auth")
            .AllowAnonymousBecause("Clearing a session cookie is harmless and must work even when the session already expired.");
        return api;
    }

    private static async Task<NoContent> HandleAsync(HttpContext http, IAntiforgery antiforgery)
    {
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
        http.User = new ClaimsPrincipal(new ClaimsIdentity());
        AntiforgeryMiddleware.IssueToken(http, antiforgery);
        return TypedResults.NoContent();
    }
}
