namespace GreenIsland.Waste.Domain.Dispatch;

/// <summary>Pairs of compatibility groups that may not share a compartment (symmetrical).</summary>
internal sealed record IncompatibleGroups(IReadOnlyList<(int A, int B)> Pairs)
{
    public static IncompatibleGroups None { get; } = new([]);

    public bool Conflict(int a, int b) => Pairs.Any(p => (p.A == a && p.B == b) || (p.A == b && p.B == a));
}
