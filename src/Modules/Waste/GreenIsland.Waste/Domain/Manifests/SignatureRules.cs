using System.Globalization;

namespace GreenIsland.Waste.Domain.Manifests;

/// <summary>
/// Signatures follow the waste: generator &lt;= carrier &lt;= receipt &lt;= decision &lt;= disposal, and none may be dated
/// after the server's clock (e-Manifest's rule). Signing instants come from the client because a driver's phone
/// may queue actions offline and sync later; the order and the clock are what keep them honest.
/// </summary>
internal static class SignatureRules
{
    /// <summary>Checks a signing instant (UTC) against the server clock and the previous signature.</summary>
    /// <returns>Null when acceptable, otherwise the reason.</returns>
    public static string? Check(DateTime at, DateTime now, DateTime? previous, string previousName)
    {
        if (at > now)
        {
            return $"A signature cannot be dated in the future (it says {Format(at)}, the server's clock says {Format(now)}).";
        }

        return previous is { } p && at < p
            ? $"Signatures must follow the waste: this one ({Format(at)}) is earlier than the {previousName} ({Format(p)})."
            : null;
    }

    private static string Format(DateTime instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
