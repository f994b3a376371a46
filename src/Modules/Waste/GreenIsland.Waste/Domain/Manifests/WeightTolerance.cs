namespace GreenIsland.Waste.Domain.Manifests;

/// <summary>
/// The receipt-versus-shipped weight rule: a line whose received weight differs from the shipped weight by more than
/// <see cref="Percent"/> of the shipped weight is a discrepancy, reported to the generator and the regulator.
/// The tolerance is configuration (<c>Waste:Manifests:WeightTolerancePercent</c>), not law.
/// </summary>
internal sealed record WeightTolerance
{
    public WeightTolerance(decimal percent)
    {
        if (percent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "The tolerance is a percentage between 0 and 100.");
        }

        Percent = percent;
    }

    public decimal Percent { get; }

    /// <summary>|received - shipped| as a percentage of shipped, to two decimals.</summary>
    public static decimal DeviationPercent(long shippedGrams, long receivedGrams)
    {
        if (shippedGrams <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(shippedGrams), shippedGrams, "Shipped weight must be positive.");
        }

        return decimal.Round(Math.Abs(receivedGrams - shippedGrams) * 100m / shippedGrams, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Whether the difference is beyond the tolerance (a deviation equal to the tolerance is accepted).</summary>
    public bool IsDiscrepancy(long shippedGrams, long receivedGrams) =>
        Math.Abs(receivedGrams - shippedGrams) * 100m > Percent * shippedGrams;
}
