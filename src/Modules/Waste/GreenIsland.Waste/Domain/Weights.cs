namespace GreenIsland.Waste.Domain;

/// <summary>Weights are stored as integer grams and exchanged as decimal kilograms with at most 3 decimals.</summary>
internal static class Weights
{
    public const decimal MaxKg = 1_000_000_000m;

    public static bool TryToGrams(decimal? kg, bool allowZero, out long grams, out string reason)
    {
        grams = 0;
        if (kg is not { } value)
        {
            reason = "This field is required.";
            return false;
        }

        if (value < 0 || (!allowZero && value == 0))
        {
            reason = allowZero ? "The weight cannot be negative." : "The weight must be greater than zero.";
            return false;
        }

        if (value > MaxKg)
        {
            reason = $"At most {MaxKg} kg.";
            return false;
        }

        var g = value * 1000m;
        if (g != decimal.Truncate(g))
        {
            reason = "Give the weight in kg with at most 3 decimals (grams).";
            return false;
        }

        grams = (long)g;
        reason = string.Empty;
        return true;
    }

    public static decimal ToKg(long grams) => grams / 1000m;
}
