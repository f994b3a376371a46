namespace GreenIsland.Routing.Engine;

/// <summary>Narrow access for the move-evaluation tests (compare O(1) evaluation against brute force).</summary>
internal sealed partial class Search
{
    internal Route RouteAt(int slot) => routes[slot];

    internal void Assign(int slot, int[] nodes) => SetRoute(routes[slot], nodes, nodes.Length);

    internal (double Cost, double Dist, double Excess, double Tw, double ExcessDur) Evaluate(int type, Part[] parts)
    {
        var cost = Eval(type, parts, parts.Length);
        return (cost, lastDist, lastExcess, lastTw, lastExcessDur);
    }

    internal static int[] Sequence(Part[] parts)
    {
        var buffer = new int[1024];
        var len = Materialize(parts, parts.Length, buffer);
        return buffer[..len];
    }

    internal (double Load, double Time) Weights => (wLoad, wTime);

    internal static Part PrefixPart(Route r, int j) => Prefix(r, j);

    internal static Part RangePart(Route r, int i, int j) => Range(r, i, j);

    internal static Part RevPart(Route r, int i, int j) => Rev(r, i, j);

    internal static Part NodePart(int u) => Single(u);
}
