namespace GreenIsland.Telemetry.Domain;

internal readonly record struct RegisterPoint(DateTime TimestampUtc, double Value, bool IsNew);

internal readonly record struct ConsumptionChange(DateTime TimestampUtc, double Delta);

/// <summary>
/// Consumption of a cumulative register is attributed to the bucket of the later of two consecutive readings.
/// When new readings arrive (in order or late, between stored ones), the consumption of the affected stretch
/// changes; this computes exactly how, so rollup sums stay equal to a recomputation from the raw readings.
/// </summary>
internal static class RegisterSeries
{
    /// <param name="window">
    /// Ordered by timestamp: the stored reading just before the earliest new one (if any), every new and stored
    /// reading in between, and the stored reading just after the latest new one (if any).
    /// </param>
    /// <param name="modulus">Register modulus for rollover detection.</param>
    public static List<ConsumptionChange> Changes(IReadOnlyList<RegisterPoint> window, double modulus)
    {
        var changes = new List<ConsumptionChange>();
        RegisterPoint? previousAll = null;
        RegisterPoint? previousStored = null;
        foreach (var point in window)
        {
            if (previousAll is { } p)
            {
                changes.Add(new(point.TimestampUtc, RegisterConversion.Delta(p.Value, point.Value, modulus).Delta));
            }

            if (!point.IsNew)
            {
                if (previousStored is { } s)
                {
                    changes.Add(new(point.TimestampUtc, -RegisterConversion.Delta(s.Value, point.Value, modulus).Delta));
                }

                previousStored = point;
            }

            previousAll = point;
        }

        return changes;
    }
}
