using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Platform.Features.Auth;

internal static class GetAntiforgeryToken
{
    public static IEndpointRouteBuilder MapGetAntiforgeryToken(this IEndpointRouteBuilder api)
    {
        api.MapGet("/auth/antiforgery", Handle)
            .WithName("GetAntiforgeryToken")
            .WithSummary("Sets the readable XSRF-TOKEN cookie; send its value as the X-XSRF-TOKEN header on unsafe requests.")
            .WithTags("Auth")
            .AllowAnonymousBecause("The web UI needs a token before it can sign in.");
        return api;
    }

    private static NoContent Handle(HttpContext http, IAntiforgery antiforgery)
    {
        AntiforgeryMiddleware.IssueToken(http, antiforgery);
        return TypedResults.NoContent();
    }
}
