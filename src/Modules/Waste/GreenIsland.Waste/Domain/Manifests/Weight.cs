using System.Globalization;

namespace GreenIsland.Waste.Domain.Manifests;

/// <summary>
/// Weights on manifests, stops and warehouse movements are entered as decimal kilograms and stored as whole grams
/// (<c>*_g</c> columns, 64-bit integers) so that SQLite and PostgreSQL both sum and compare them exactly in SQL.
/// A weight has gram resolution: more than three decimals is refused rather than silently rounded.
/// </summary>
internal static class Weight
{
    /// <summary>The largest weight one line or container may carry (100 t); anything above is a typing error.</summary>
    public const decimal MaxKilograms = 100_000m;

    /// <summary>Validates a weighed quantity: strictly positive, at most three decimals, at most 100 t.</summary>
    /// <returns>Null when valid, otherwise a reason a user can act on.</returns>
    public static string? CheckPositiveKilograms(decimal? kilograms)
    {
        if (kilograms is not { } kg)
        {
            return "Give the weight in kilograms.";
        }

        if (kg <= 0)
        {
            return "The weight must be greater than 0 kg.";
        }

        if (kg > MaxKilograms)
        {
            return $"The weight must not exceed {MaxKilograms.ToString(CultureInfo.InvariantCulture)} kg.";
        }

        return decimal.Round(kg, 3) != kg ? "Give the weight to at most 3 decimals (1 g)." : null;
    }

    /// <summary>Validates a weight that may be zero (an accepted quantity of a refused line).</summary>
    public static string? CheckNonNegativeKilograms(decimal? kilograms)
    {
        if (kilograms is 0m)
        {
            return null;
        }

        return kilograms is < 0 ? "The weight must not be negative." : CheckPositiveKilograms(kilograms);
    }

    /// <summary>Kilograms (already validated) to grams.</summary>
    public static long ToGrams(decimal kilograms) => decimal.ToInt64(decimal.Round(kilograms * 1000m, 0, MidpointRounding.ToEven));

    /// <summary>Grams to kilograms, exactly.</summary>
    public static decimal ToKilograms(long grams) => grams / 1000m;
}
