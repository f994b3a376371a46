using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GreenIsland.Waste.Features.Webhooks;

/// <summary>
/// Signs webhook deliveries: <c>X-GreenIsland-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>
/// where the HMAC key is the subscription's secret (UTF-8) and the message is <c>"{t}.{raw body}"</c>. Binding the
/// timestamp into the signature lets receivers reject replays older than a few minutes.
/// </summary>
internal static class WebhookSigning
{
    public const string SignatureHeader = "X-GreenIsland-Signature";
    public const string EventIdHeader = "X-GreenIsland-Event-Id";
    public const string DeliveryIdHeader = "X-GreenIsland-Delivery-Id";
    public const string EventTypeHeader = "X-GreenIsland-Event";
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: 32 random bytes, URL-safe base64, prefixed so it is recognisable in a leak scan.</summary>
    public static string NewSecret()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        return SecretPrefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return Convert.ToHexStringLower(mac);
    }

    public static string Header(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        string.Create(CultureInfo.InvariantCulture, $"t={unixSeconds},v1={Sign(secret, unixSeconds, body)}");

    /// <summary>What a receiver does: parse the header, recompute, compare in constant time, check the age.</summary>
    public static bool Verify(string secret, string header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        long? t = null;
        string? v1 = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                t = parsed;
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                v1 = part[3..];
            }
        }

        if (t is null || v1 is null || Math.Abs(now.ToUnixTimeSeconds() - t.Value) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, t.Value, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(v1));
    }
}

/// <summary>
/// When a failed delivery is tried again: exponential backoff from <see cref="InitialDelay"/> doubling per attempt,
/// capped at <see cref="MaxDelay"/>, until <see cref="MaxAttempts"/> attempts have been made (then the delivery is
/// given up and stays in the log as failed).
/// </summary>
internal sealed record WebhookRetryPolicy(TimeSpan InitialDelay, TimeSpan MaxDelay, int MaxAttempts)
{
    public static WebhookRetryPolicy Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromHours(6), 10);

    /// <summary>The delay after the <paramref name="attempt"/>-th failed attempt (1-based), or null when no attempt is left.</summary>
    public TimeSpan? DelayAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (attempt >= MaxAttempts)
        {
            return null;
        }

        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(InitialDelay.Ticks * factor, MaxDelay.Ticks));
        return delay;
    }
}
