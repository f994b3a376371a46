using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Net.Http.Headers;

namespace GreenIsland.Platform.Identity;

internal static class AuthSchemes
{
    /// <summary>The default policy scheme; forwards to cookie, bearer or device key per request.</summary>
    public const string Selector = "GreenIsland";
    public const string DeviceKey = "DeviceKey";
    public const string DeviceKeyHeader = "X-Device-Key";
    public const string CookieName = "gi.auth";

    public static string Select(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(DeviceKeyHeader))
        {
            return DeviceKey;
        }

        var authorization = context.Request.Headers[HeaderNames.Authorization].ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? IdentityConstants.BearerScheme
            : IdentityConstants.ApplicationScheme;
    }
}

internal static class PlatformClaims
{
    public const string Kind = "gi:kind";
    public const string Organisation = "gi:org";
    public const string Site = "gi:site";
    public const string DisplayName = "gi:display";
    public const string UserKind = "user";
    public const string DeviceKind = "device";
}
