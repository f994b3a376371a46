using System.Security.Cryptography;
using System.Text;

namespace GreenIsland.Waste.Domain.Driver;

/// <summary>
/// The generator's one-time security code for a stop (Trackdéchets' pattern): six digits issued when the trip is
/// published, shown to the generator in its own account, and typed by the generator's representative on the driver's
/// phone to sign. It is used once; the phone may submit it later when it syncs after being offline.
/// </summary>
internal static class SecurityCode
{
    public const int Length = 6;

    public static string New() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsWellFormed(string? code) => code is { Length: Length } && !code.AsSpan().ContainsAnyExceptInRange('0', '9');

    /// <summary>Compares in constant time.</summary>
    public static bool Matches(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(given));
}
