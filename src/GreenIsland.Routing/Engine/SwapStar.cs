namespace GreenIsland.Routing.Engine;

/// <summary>
/// SWAP* (Vidal 2022): exchange u in A and v in B, each inserted at its best position in the other route (not
/// necessarily in place of the other). Preselected with distance and load penalty from the three cheapest insertion
/// positions per customer, then verified with the exact evaluation. Used for capacity-only problems.
/// </summary>
internal sealed partial class Search
{
    private double[] angleOf = [];
    private double[] sectorStart = [];
    private double[] sectorWidth = [];
    private long[] swapTested = [];
    private double[] top3Cost = [];
    private int[] top3Pos = [];
    private double[] angleScratch = [];

    private bool SwapStarEnabled => !inst.HasTime && !inst.HasCompat && inst.Types.Length == 1 && inst.Problem.Convention != DistanceConvention.Matrix;

    private void InitSwapStar()
    {
        if (!SwapStarEnabled)
        {
            return;
        }

        angleOf = new double[inst.N];
        var depot = inst.Problem.Locations[inst.Problem.Depots[inst.Types[0].StartNode].Location];
        for (var i = inst.D; i < inst.N; i++)
        {
            var p = inst.Problem.Locations[inst.Problem.Stops[i - inst.D].Location];
            angleOf[i] = Math.Atan2(p.Y - depot.Y, p.X - depot.X);
        }

        top3Cost = new double[3 * (inst.N + 2)];
        top3Pos = new int[3 * (inst.N + 2)];
        angleScratch = new double[inst.N + 2];
        sectorStart = new double[routes.Length];
        sectorWidth = new double[routes.Length];
        swapTested = new long[routes.Length];
    }

    private void ComputeSector(Route r)
    {
        var n = r.Customers;
        var span = angleScratch.AsSpan(0, n);
        for (var k = 0; k < n; k++)
        {
            span[k] = angleOf[r.Nodes[k + 1]];
        }

        span.Sort();
        // The smallest arc containing all angles is the complement of the largest gap between consecutive angles.
        var bestGap = span[0] + (2 * Math.PI) - span[n - 1];
        var start = span[0];
        for (var k = 1; k < n; k++)
        {
            var gap = span[k] - span[k - 1];
            if (gap > bestGap)
            {
                bestGap = gap;
                start = span[k];
            }
        }

        sectorStart[r.Slot] = start;
        sectorWidth[r.Slot] = (2 * Math.PI) - bestGap;
    }

    private bool SectorsOverlap(Route a, Route b)
    {
        static double Mod(double x) => x - (2 * Math.PI * Math.Floor(x / (2 * Math.PI)));
        return Mod(sectorStart[b.Slot] - sectorStart[a.Slot]) <= sectorWidth[a.Slot] + 1e-9
            || Mod(sectorStart[a.Slot] - sectorStart[b.Slot]) <= sectorWidth[b.Slot] + 1e-9;
    }

    private bool SwapStarPass()
    {
        if (!SwapStarEnabled)
        {
            return false;
        }

        var improved = false;
        foreach (var r in routes)
        {
            if (r.Len > 2)
            {
                ComputeSector(r);
            }
        }

        for (var i = 0; i < routes.Length; i++)
        {
            var a = routes[i];
            if (a.Len <= 2)
            {
                continue;
            }

            var last = swapTested[i];
            swapTested[i] = moveCount;
            for (var j = i + 1; j < routes.Length && a.Len > 2; j++)
            {
                var b = routes[j];
                if (b.Len <= 2 || Math.Max(a.Modified, b.Modified) <= last || !SectorsOverlap(a, b))
                {
                    continue;
                }

                if (SwapStar(a, b))
                {
                    improved = true;
                    ComputeSector(a);
                    if (b.Len > 2)
                    {
                        ComputeSector(b);
                    }
                }
            }
        }

        return improved;
    }

    /// <summary>Fills the three cheapest insertion positions (after position k) of node u into route r.</summary>
    private void Top3(int u, Route r, int slot)
    {
        var n = inst.N;
        double c0 = double.MaxValue, c1 = double.MaxValue, c2 = double.MaxValue;
        int p0 = -1, p1 = -1, p2 = -1;
        for (var k = 0; k < r.Len - 1; k++)
        {
            var x = r.Nodes[k];
            var y = r.Nodes[k + 1];
            var c = inst.Dist[(x * n) + u] + inst.Dist[(u * n) + y] - inst.Dist[(x * n) + y];
            if (c < c2)
            {
                if (c < c1)
                {
                    c2 = c1;
                    p2 = p1;
                    if (c < c0)
                    {
                        c1 = c0;
                        p1 = p0;
                        c0 = c;
                        p0 = k;
                    }
                    else
                    {
                        c1 = c;
                        p1 = k;
                    }
                }
                else
                {
                    c2 = c;
                    p2 = k;
                }
            }
        }

        top3Cost[(slot * 3) + 0] = c0;
        top3Cost[(slot * 3) + 1] = c1;
        top3Cost[(slot * 3) + 2] = c2;
        top3Pos[(slot * 3) + 0] = p0;
        top3Pos[(slot * 3) + 1] = p1;
        top3Pos[(slot * 3) + 2] = p2;
    }

    /// <summary>Best insertion cost of node (slot in top-3 tables) into route r with the node at position q removed.</summary>
    private (double Cost, int After) InsertWithout(int u, int slot, Route r, int q)
    {
        var n = inst.N;
        var pred = r.Nodes[q - 1];
        var succ = r.Nodes[q + 1];
        // In place of the removed node.
        var best = inst.Dist[(pred * n) + u] + inst.Dist[(u * n) + succ] - inst.Dist[(pred * n) + succ];
        var after = q - 1;
        for (var t = 0; t < 3; t++)
        {
            var k = top3Pos[(slot * 3) + t];
            if (k < 0 || k == q - 1 || k == q)
            {
                continue;
            }

            var c = top3Cost[(slot * 3) + t];
            if (c < best)
            {
                best = c;
                after = k;
            }

            break;
        }

        return (best, after);
    }

    private bool SwapStar(Route a, Route b)
    {
        var n = inst.N;
        var la = a.Customers;
        var lb = b.Customers;
        // Top-3 positions: customers of A into B use slots 0..la-1; customers of B into A use slots la..la+lb-1.
        for (var k = 1; k <= la; k++)
        {
            Top3(a.Nodes[k], b, k - 1);
        }

        for (var k = 1; k <= lb; k++)
        {
            Top3(b.Nodes[k], a, la + k - 1);
        }

        var td = inst.Types[a.Type];
        var tc = inst.TC;
        var bestDelta = -Eps;
        int bestP = -1, bestQ = -1, bestAfterU = -1, bestAfterV = -1;
        var oldPenalty = (wLoad * a.Excess) + (wLoad * b.Excess);
        for (var p = 1; p <= la; p++)
        {
            var u = a.Nodes[p];
            var removeU = inst.Dist[(a.Nodes[p - 1] * n) + a.Nodes[p + 1]] - inst.Dist[(a.Nodes[p - 1] * n) + u] - inst.Dist[(u * n) + a.Nodes[p + 1]];
            for (var q = 1; q <= lb; q++)
            {
                var v = b.Nodes[q];
                var excessA = 0.0;
                var excessB = 0.0;
                for (var c = 0; c < td.ChCount; c++)
                {
                    var ch = td.ChOff + c;
                    var qu = inst.Load[(u * tc) + ch];
                    var qv = inst.Load[(v * tc) + ch];
                    excessA += Math.Max(0, a.Pre[((a.Len - 1) * tc) + ch] - qu + qv - td.Cap[c]);
                    excessB += Math.Max(0, b.Pre[((b.Len - 1) * tc) + ch] - qv + qu - td.Cap[c]);
                }

                var penalty = (wLoad * (excessA + excessB)) - oldPenalty;
                var removeV = inst.Dist[(b.Nodes[q - 1] * n) + b.Nodes[q + 1]] - inst.Dist[(b.Nodes[q - 1] * n) + v] - inst.Dist[(v * n) + b.Nodes[q + 1]];
                var partial = removeU + removeV + penalty;
                var (insU, afterU) = InsertWithout(u, p - 1, b, q);
                var (insV, afterV) = InsertWithout(v, la + q - 1, a, p);
                var delta = partial + insU + insV;
                if (delta < bestDelta)
                {
                    bestDelta = delta;
                    bestP = p;
                    bestQ = q;
                    bestAfterU = afterU;
                    bestAfterV = afterV;
                }
            }
        }

        if (bestP < 0)
        {
            return false;
        }

        var na = BuildExchange(pa, a, bestP, b.Nodes[bestQ], bestAfterV);
        var nb = BuildExchange(pb, b, bestQ, a.Nodes[bestP], bestAfterU);
        return TryPair(a, na, b, nb);
    }

    /// <summary>Parts for route r without the node at position p, with node w inserted after position k (k != p).</summary>
    private static int BuildExchange(Part[] parts, Route r, int p, int w, int k)
    {
        var last = r.Len - 2;
        if (k == p - 1)
        {
            parts[0] = Prefix(r, p - 1);
            parts[1] = Single(w);
            parts[2] = Range(r, p + 1, last);
            return 3;
        }

        if (k < p)
        {
            parts[0] = Prefix(r, k);
            parts[1] = Single(w);
            parts[2] = Range(r, k + 1, p - 1);
            parts[3] = Range(r, p + 1, last);
            return 4;
        }

        parts[0] = Prefix(r, p - 1);
        parts[1] = Range(r, p + 1, k);
        parts[2] = Single(w);
        parts[3] = Range(r, k + 1, last);
        return 4;
    }
}
