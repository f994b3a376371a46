using System.Diagnostics.CodeAnalysis;

namespace GreenIsland.SharedKernel.Organisations;

/// <summary>
/// The 18-character unified social credit code (统一社会信用代码) of GB 32100-2015: registration authority (1),
/// organisation category (1), administrative division code (6 digits), organisation identifier (9) and a check
/// character computed modulo 31 over the first 17 characters.
/// </summary>
public readonly record struct UnifiedSocialCreditCode
{
    /// <summary>The 31 characters allowed by GB 32100-2015 (digits and upper-case letters except I, O, Z, S, V), in value order.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>Length of a code.</summary>
    public const int Length = 18;

    // Weights are 3^i mod 31 for positions 1..17, as tabulated in GB 32100-2015.
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private UnifiedSocialCreditCode(string value) => Value = value;

    /// <summary>The code as 18 upper-case characters.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Parses and validates a code; surrounding whitespace is ignored and letters are upper-cased.</summary>
    /// <param name="text">The candidate code.</param>
    /// <param name="code">The parsed code when valid.</param>
    /// <param name="reason">Why the code is invalid, otherwise <see langword="null"/>.</param>
    /// <returns>Whether the code is valid.</returns>
    public static bool TryParse(string? text, out UnifiedSocialCreditCode code, [NotNullWhen(false)] out string? reason)
    {
        code = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            reason = "The unified social credit code is required.";
            return false;
        }

        var candidate = text.Trim().ToUpperInvariant();
        if (candidate.Length != Length)
        {
            reason = $"The unified social credit code must have {Length} characters; it has {candidate.Length}.";
            return false;
        }

        for (var i = 0; i < Length; i++)
        {
            if (Alphabet.IndexOf(candidate[i], StringComparison.Ordinal) < 0)
            {
                reason = $"Character {i + 1} ('{candidate[i]}') is not allowed in a unified social credit code.";
                return false;
            }
        }

        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(candidate[i]))
            {
                reason = "Characters 3 to 8 (the administrative division code) must be digits.";
                return false;
            }
        }

        var expected = ComputeCheckCharacter(candidate.AsSpan(0, Length - 1));
        if (candidate[Length - 1] != expected)
        {
            reason = $"The check character is '{candidate[Length - 1]}' but GB 32100-2015 requires '{expected}'.";
            return false;
        }

        code = new UnifiedSocialCreditCode(candidate);
        reason = null;
        return true;
    }

    /// <summary>Parses a code that is known to be valid (throws otherwise).</summary>
    /// <param name="text">The code.</param>
    /// <returns>The parsed code.</returns>
    public static UnifiedSocialCreditCode Parse(string text) =>
        TryParse(text, out var code, out var reason) ? code : throw new FormatException(reason);

    /// <summary>Computes the check character for the first 17 characters of a code.</summary>
    /// <param name="first17">The first 17 characters (upper case, from <see cref="Alphabet"/>).</param>
    /// <returns>The 18th character.</returns>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            throw new ArgumentException($"Exactly {Length - 1} characters are required.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"Character '{first17[i]}' is not allowed.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }
}
