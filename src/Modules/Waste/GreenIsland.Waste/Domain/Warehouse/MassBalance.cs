namespace GreenIsland.Waste.Domain.Warehouse;

/// <summary>What happened to a container in the collector's custody (rows of <c>waste_warehouse_movements</c>).</summary>
internal enum MovementKind
{
    /// <summary>Weighed and signed for at the generator's site: the container enters the collector's custody.</summary>
    Collected = 1,

    /// <summary>Weighed again on arrival at the collector's transfer warehouse (replaces the weight in custody).</summary>
    ReceivedAtWarehouse = 2,

    /// <summary>Handed over to a receiver (disposal facility) that signed the receipt: leaves custody.</summary>
    Delivered = 3,

    /// <summary>A recorded physical loss from stock (evaporation, spillage) with a reason: reduces the stock.</summary>
    Loss = 4,

    /// <summary>
    /// A recorded explanation of a weighing difference (the container weighed less on arrival than at pickup): counts
    /// as a loss in the balance but does not change the stock, which the weighing already set.
    /// </summary>
    WeighingDifference = 5,
}

/// <summary>One movement as the balance needs it.</summary>
internal sealed record MovementFact(Guid ContainerId, string ContainerCode, MovementKind Kind, long Grams, DateTime At);

/// <summary>
/// Mass balance of one container over a period: what was in stock at the start plus what was collected equals what
/// is in stock at the end plus what was delivered plus recorded losses. <see cref="UnexplainedG"/> is what is left
/// over (for example a lighter weight on arrival with no loss recorded); the balance holds when it is zero.
/// </summary>
internal sealed record ContainerBalance(
    Guid ContainerId,
    string ContainerCode,
    long OpeningStockG,
    long CollectedG,
    long DeliveredG,
    long LossesG,
    long ClosingStockG,
    long UnexplainedG)
{
    public bool Holds => UnexplainedG == 0;
}

/// <summary>The balance of every container with movements, and their totals.</summary>
internal sealed record BalanceReport(IReadOnlyList<ContainerBalance> Containers)
{
    public long OpeningStockG => Containers.Sum(c => c.OpeningStockG);

    public long CollectedG => Containers.Sum(c => c.CollectedG);

    public long DeliveredG => Containers.Sum(c => c.DeliveredG);

    public long LossesG => Containers.Sum(c => c.LossesG);

    public long ClosingStockG => Containers.Sum(c => c.ClosingStockG);

    public long UnexplainedG => Containers.Sum(c => c.UnexplainedG);

    public bool Holds => Containers.All(c => c.Holds);
}

/// <summary>
/// Replays movements to compute stock and the mass balance. Stock is the latest weight measured in custody minus
/// losses recorded since; a delivery takes the container out of custody at the weight written on the manifest.
/// </summary>
internal static class MassBalance
{
    /// <summary>The balance over [<paramref name="from"/>, <paramref name="to"/>) (null bounds are open).</summary>
    public static BalanceReport Compute(IEnumerable<MovementFact> movements, DateTime? from, DateTime? to)
    {
        ArgumentNullException.ThrowIfNull(movements);
        var result = new List<ContainerBalance>();
        foreach (var container in movements.GroupBy(m => m.ContainerId))
        {
            var ordered = container.OrderBy(m => m.At).ThenBy(m => m.Kind).ToList();
            var opening = from is null ? 0 : Replay(ordered.Where(m => m.At < from));
            var inPeriod = ordered.Where(m => (from is null || m.At >= from) && (to is null || m.At < to)).ToList();
            var closing = Replay(ordered.Where(m => to is null || m.At < to));
            var collected = inPeriod.Where(m => m.Kind == MovementKind.Collected).Sum(m => m.Grams);
            var delivered = inPeriod.Where(m => m.Kind == MovementKind.Delivered).Sum(m => m.Grams);
            var losses = inPeriod.Where(m => m.Kind is MovementKind.Loss or MovementKind.WeighingDifference).Sum(m => m.Grams);
            result.Add(new ContainerBalance(container.Key, ordered[0].ContainerCode, opening, collected, delivered, losses, closing,
                opening + collected - closing - delivered - losses));
        }

        return new BalanceReport(result.OrderBy(c => c.ContainerCode, StringComparer.Ordinal).ToList());
    }

    /// <summary>The weight in custody after the movements (0 when delivered or never collected).</summary>
    public static long Stock(IEnumerable<MovementFact> movements) => Replay(movements.OrderBy(m => m.At).ThenBy(m => m.Kind));

    private static long Replay(IEnumerable<MovementFact> movements)
    {
        long stock = 0;
        foreach (var m in movements)
        {
            stock = m.Kind switch
            {
                MovementKind.Collected => m.Grams,
                MovementKind.ReceivedAtWarehouse => m.Grams,
                MovementKind.Loss => stock - m.Grams,
                MovementKind.Delivered => 0,
                _ => stock,
            };
        }

        return stock;
    }
}
