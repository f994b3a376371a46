using System.Globalization;
using GreenIsland.SharedKernel.Results;

namespace GreenIsland.Waste.Domain.Manifests;

/// <summary>
/// The 14-digit transfer-manifest number: year (4) + province (2) + city (2) + serial (6), the province and city
/// being the first four digits of the generator's administrative division code (GB/T 2260, e.g. 320583 -> 3205).
/// The layout is recalled from the national system ([R] in WASTE.md); it lives here only.
/// </summary>
internal static class ManifestNumber
{
    public const int Length = 14;
    public const int MaxSerial = 999_999;

    /// <summary>The first eight digits (year + province + city) shared by every manifest of that year and city.</summary>
    public static string Prefix(int year, string divisionCode)
    {
        if (year is < 1000 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "The year must have four digits.");
        }

        ArgumentNullException.ThrowIfNull(divisionCode);
        if (divisionCode.Length < 4 || !divisionCode.AsSpan(0, 4).ContainsOnlyDigits())
        {
            throw new ArgumentException($"'{divisionCode}' is not an administrative division code (at least 4 digits).", nameof(divisionCode));
        }

        return year.ToString("D4", CultureInfo.InvariantCulture) + divisionCode[..4];
    }

    /// <summary>Formats a number from its parts.</summary>
    public static string Format(int year, string divisionCode, int serial)
    {
        if (serial is < 1 or > MaxSerial)
        {
            throw new DomainRuleViolationException("ManifestSerialMustFitSixDigits", $"Serial {serial} is outside 1..{MaxSerial} for this year and city.");
        }

        return Prefix(year, divisionCode) + serial.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>The serial of the number after <paramref name="lastNumber"/> with the same prefix (1 when none).</summary>
    public static int NextSerial(string? lastNumber) =>
        lastNumber is null ? 1 : int.Parse(lastNumber.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture) + 1;

    /// <summary>Whether a text is a well-formed manifest number.</summary>
    public static bool IsValid(string? number) =>
        number is { Length: Length } && number.AsSpan().ContainsOnlyDigits() && number.AsSpan(8) is var serial && !serial.SequenceEqual("000000");
}

internal static class SpanDigits
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}
