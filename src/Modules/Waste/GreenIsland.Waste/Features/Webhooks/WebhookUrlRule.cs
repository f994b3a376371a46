using System.Net;
using System.Net.Sockets;

namespace GreenIsland.Waste.Features.Webhooks;

/// <summary>Which URLs a subscription may point at (see <see cref="WebhookOptions.AllowInsecureUrls"/>).</summary>
internal static class WebhookUrlRule
{
    /// <summary>The reason <paramref name="url"/> is refused, or null when it is acceptable.</summary>
    public static string? Check(string? url, bool allowInsecure, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return "This field is required.";
        }

        if (url.Length > WebhookSubscription.UrlMaxLength)
        {
            return $"At most {WebhookSubscription.UrlMaxLength} characters.";
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            return "Must be an absolute http(s) URL.";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            return "Must not carry a user name or password; authenticate deliveries with the signature.";
        }

        if (!string.IsNullOrEmpty(parsed.Fragment))
        {
            return "Must not have a fragment (#...).";
        }

        if (!allowInsecure)
        {
            if (parsed.Scheme != Uri.UriSchemeHttps)
            {
                return "Must use https.";
            }

            if (parsed.IsLoopback || parsed.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(parsed.DnsSafeHost, out var ip) && IsPrivate(ip)
                || parsed.Host.EndsWith(".local", StringComparison.OrdinalIgnoreCase) || parsed.Host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase))
            {
                return "Must point at a public host, not a loopback, private or link-local address.";
            }
        }

        uri = parsed;
        return null;
    }

    private static bool IsPrivate(IPAddress ip)
    {
        if (IPAddress.IsLoopback(ip))
        {
            return true;
        }

        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal || (ip.IsIPv4MappedToIPv6 && IsPrivate(ip.MapToIPv4()));
        }

        var b = ip.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }
}
