using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace GreenIsland.Platform.Identity;

/// <summary>
/// Cookie-authenticated unsafe requests must echo the XSRF-TOKEN cookie in the X-XSRF-TOKEN header. Bearer and
/// device-key requests carry their credential explicitly and cannot be forged cross-site, so they are exempt.
/// </summary>
internal sealed class AntiforgeryMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-XSRF-TOKEN";
    public const string RequestTokenCookie = "XSRF-TOKEN";

    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var method = context.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
        if (!safe
            && context.User.Identity?.IsAuthenticated == true
            && AuthSchemes.Select(context) == IdentityConstants.ApplicationScheme
            && !await antiforgery.IsRequestValidAsync(context))
        {
            throw new AntiforgeryValidationException(
                $"Missing or invalid anti-forgery token: send the value of the {RequestTokenCookie} cookie in the {HeaderName} header.");
        }

        await next(context);
    }

    /// <summary>Issues a request token bound to the current user into the readable XSRF-TOKEN cookie.</summary>
    public static void IssueToken(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Cookies.Append(RequestTokenCookie, tokens.RequestToken ?? string.Empty, new CookieOptions
        {
            HttpOnly = false,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
    }
}
