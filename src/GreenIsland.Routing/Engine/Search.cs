using System.Diagnostics;

namespace GreenIsland.Routing.Engine;

internal enum PartKind : byte
{
    Prefix,
    Range,
    Rev,
    Node,
}

/// <summary>A piece of a candidate route: a route prefix (with its start depot), a customer range, or one node.</summary>
internal struct Part
{
    public PartKind Kind;
    public Route? R;
    public int I;
    public int J;
    public int Node;
}

/// <summary>Best solution snapshot found by a search.</summary>
internal sealed record SearchResult(
    List<(int Type, int[] Stops)> Routes,
    List<int> Skipped,
    double Cost,
    int Vehicles,
    bool Feasible,
    long Iterations,
    double SecondsToFirstFeasible,
    double SecondsToBest);

/// <summary>
/// Iterated local search with SISR ruin-and-recreate (Christiaens and Vanden Berghe 2020), a granular local search
/// with O(1) segment-based move evaluation, penalised infeasibility with adaptive weights, simulated-annealing
/// acceptance on an iteration-based schedule, and a fleet-minimisation phase for the hierarchical objective.
/// </summary>
internal sealed partial class Search
{
    private const double Eps = 1e-7;
    private const double FeasTol = 1e-7;

    private readonly Instance inst;
    private readonly Rng rng;
    private readonly Route[] routes;
    private readonly int[] routeOf;
    private readonly int[] posOf;
    private readonly long[] lastTested;
    private readonly int[] bufA;
    private readonly int[] bufB;
    private readonly Part[] pa = new Part[8];
    private readonly Part[] pb = new Part[8];
    private readonly Part[] pr = new Part[1];
    private readonly bool[] dirty;
    private readonly List<int> dirtyRoutes = [];
    private readonly bool[] candidate;
    private readonly double[] loadScratch;
    private readonly int[] nodeScratch;
    private readonly int[] stops;
    private readonly SolverSettings settings;
    private readonly long startTimestamp;
    private readonly CancellationToken cancel;
    private readonly bool hierarchical;
    private double wLoad;
    private double wTime;
    private long moveCount = 1;
    private int fleetLimit;
    private int nonEmpty;
    private bool stopped;

    public Search(Instance inst, SolverSettings settings, ulong seed, CancellationToken cancel)
    {
        this.inst = inst;
        this.settings = settings;
        this.cancel = cancel;
        hierarchical = settings.Objective == RoutingObjective.VehiclesThenDistance;
        rng = new Rng(seed);
        routeOf = new int[inst.N];
        posOf = new int[inst.N];
        Array.Fill(routeOf, -1);
        loadScratch = new double[Math.Max(1, inst.TC)];
        nodeScratch = new int[inst.N + 4];
        dirty = new bool[inst.SlotType.Length];
        candidate = new bool[inst.N];
        routes = new Route[inst.SlotType.Length];
        for (var s = 0; s < routes.Length; s++)
        {
            routes[s] = new Route(s, inst.SlotType[s], inst);
            SetRoute(routes[s], [], 0);
        }

        lastTested = new long[inst.N];
        bufA = new int[inst.N + 2];
        bufB = new int[inst.N + 2];
        stops = Enumerable.Range(inst.D, inst.S).ToArray();
        wLoad = Math.Max(1, inst.LoadPenaltyScale);
        wTime = 10 * inst.TimePenaltyScale;
        fleetLimit = routes.Length;
        InitSwapStar();
        startTimestamp = Stopwatch.GetTimestamp();
    }

    private double Elapsed => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;

    private bool TimeUp()
    {
        if (stopped)
        {
            return true;
        }

        if (cancel.IsCancellationRequested || (settings.TimeLimitSeconds is { } limit && Elapsed >= limit))
        {
            stopped = true;
        }

        return stopped;
    }

    // ---------------------------------------------------------------- evaluation

    private double lastDist;
    private double lastExcess;
    private double lastTw;
    private double lastExcessDur;

    /// <summary>Penalised cost of the route formed by the parts for a vehicle of the given type (0 if empty).</summary>
    /// <remarks>
    /// Routes with multi-window stops are first priced with each stop's hull window (a relaxation, so a lower
    /// bound); when that already reaches <paramref name="threshold"/> the bound is returned and the exact O(n) pass
    /// is skipped. Callers only use such a result to reject.
    /// </remarks>
    private double Eval(int type, Part[] parts, int count, double threshold = double.PositiveInfinity)
    {
        var td = inst.Types[type];
        var n = inst.N;
        var dist = 0.0;
        var last = td.StartNode;
        var seg = td.StartSeg;
        var customers = 0;
        var tc = inst.TC;
        var off = td.ChOff;
        var chs = td.ChCount;
        var load = loadScratch;
        for (var c = 0; c < chs; c++)
        {
            load[c] = 0;
        }

        var time = inst.HasTime;
        var multi = 0;
        for (var k = 0; k < count; k++)
        {
            ref var part = ref parts[k];
            switch (part.Kind)
            {
                case PartKind.Prefix:
                {
                    var r = part.R!;
                    var j = part.J;
                    dist = r.Cum[j];
                    seg = r.Fwd[j];
                    last = r.Nodes[j];
                    customers += j;
                    multi += r.MultiPre[j];
                    var b = j * tc;
                    for (var c = 0; c < chs; c++)
                    {
                        load[c] += r.Pre[b + off + c];
                    }

                    break;
                }

                case PartKind.Range:
                case PartKind.Rev:
                {
                    var r = part.R!;
                    int i = part.I, j = part.J;
                    if (i > j)
                    {
                        break;
                    }

                    var rev = part.Kind == PartKind.Rev;
                    var first = rev ? r.Nodes[j] : r.Nodes[i];
                    dist += inst.Dist[(last * n) + first] + (rev ? r.CumRev[j] - r.CumRev[i] : r.Cum[j] - r.Cum[i]);
                    if (time)
                    {
                        Seg s2;
                        if (rev)
                        {
                            s2 = inst.NodeSeg(r.Nodes[j]);
                            for (var m = j - 1; m >= i; m--)
                            {
                                s2 = inst.Merge(s2, inst.NodeSeg(r.Nodes[m]));
                            }
                        }
                        else if (j == r.Len - 2)
                        {
                            s2 = r.Bwd[i];
                        }
                        else
                        {
                            s2 = inst.NodeSeg(r.Nodes[i]);
                            for (var m = i + 1; m <= j; m++)
                            {
                                s2 = inst.Merge(s2, inst.NodeSeg(r.Nodes[m]));
                            }
                        }

                        seg = inst.Merge(seg, s2);
                    }

                    last = rev ? r.Nodes[i] : r.Nodes[j];
                    customers += j - i + 1;
                    multi += r.MultiPre[j] - r.MultiPre[i - 1];
                    var bj = j * tc;
                    var bi = (i - 1) * tc;
                    for (var c = 0; c < chs; c++)
                    {
                        load[c] += r.Pre[bj + off + c] - r.Pre[bi + off + c];
                    }

                    break;
                }

                default:
                {
                    var u = part.Node;
                    dist += inst.Dist[(last * n) + u];
                    if (time)
                    {
                        seg = inst.Merge(seg, inst.NodeSeg(u));
                    }

                    last = u;
                    customers++;
                    multi += inst.IsMulti[u] ? 1 : 0;
                    var b = u * tc;
                    for (var c = 0; c < chs; c++)
                    {
                        load[c] += inst.Load[b + off + c];
                    }

                    break;
                }
            }
        }

        if (customers == 0)
        {
            lastDist = lastExcess = lastTw = lastExcessDur = 0;
            return 0;
        }

        dist += inst.Dist[(last * n) + td.EndNode];
        double tw = 0, excessDur = 0;
        if (time)
        {
            seg = inst.Merge(seg, td.EndSeg);
            tw = seg.Tw;
            excessDur = Math.Max(0, seg.Dur - td.MaxDur);
        }

        var excess = 0.0;
        for (var c = 0; c < chs; c++)
        {
            var e = load[c] - td.Cap[c];
            if (e > 0)
            {
                excess += e;
            }
        }

        if (multi > 0)
        {
            var relaxed = dist + td.Fixed + (wLoad * excess) + (wTime * (tw + excessDur));
            if (relaxed >= threshold)
            {
                return relaxed;
            }

            (tw, excessDur) = SimulateMulti(type, parts, count);
        }

        lastDist = dist;
        lastExcess = excess;
        lastTw = tw;
        lastExcessDur = excessDur;
        return dist + td.Fixed + (wLoad * excess) + (wTime * (tw + excessDur));
    }

    /// <summary>
    /// Lower bound of <see cref="Eval"/>: exact distance, fixed cost and load penalty, plus the time warp already
    /// inside the route pieces (time warp never decreases under concatenation).
    /// </summary>
    private double Bound(int type, Part[] parts, int count)
    {
        var td = inst.Types[type];
        var n = inst.N;
        var tc = inst.TC;
        var off = td.ChOff;
        var chs = td.ChCount;
        var load = loadScratch;
        for (var c = 0; c < chs; c++)
        {
            load[c] = 0;
        }

        var dist = 0.0;
        var tw = 0.0;
        var last = td.StartNode;
        var customers = 0;
        for (var k = 0; k < count; k++)
        {
            ref var part = ref parts[k];
            switch (part.Kind)
            {
                case PartKind.Prefix:
                {
                    var r = part.R!;
                    var j = part.J;
                    dist = r.Cum[j];
                    last = r.Nodes[j];
                    customers += j;
                    tw += r.Fwd[j].Tw;
                    var b = j * tc;
                    for (var c = 0; c < chs; c++)
                    {
                        load[c] += r.Pre[b + off + c];
                    }

                    break;
                }

                case PartKind.Range:
                case PartKind.Rev:
                    if (part.I <= part.J)
                    {
                        var r = part.R!;
                        int i = part.I, j = part.J;
                        if (part.Kind == PartKind.Range)
                        {
                            dist += inst.Dist[(last * n) + r.Nodes[i]] + r.Cum[j] - r.Cum[i];
                            last = r.Nodes[j];
                            if (j == r.Len - 2)
                            {
                                tw += r.Bwd[i].Tw;
                            }
                        }
                        else
                        {
                            dist += inst.Dist[(last * n) + r.Nodes[j]] + r.CumRev[j] - r.CumRev[i];
                            last = r.Nodes[i];
                        }

                        customers += j - i + 1;
                        var bj = j * tc;
                        var bi = (i - 1) * tc;
                        for (var c = 0; c < chs; c++)
                        {
                            load[c] += r.Pre[bj + off + c] - r.Pre[bi + off + c];
                        }
                    }

                    break;
                default:
                {
                    var u = part.Node;
                    dist += inst.Dist[(last * n) + u];
                    last = u;
                    customers++;
                    var b = u * tc;
                    for (var c = 0; c < chs; c++)
                    {
                        load[c] += inst.Load[b + off + c];
                    }

                    break;
                }
            }
        }

        if (customers == 0)
        {
            return 0;
        }

        var excess = 0.0;
        for (var c = 0; c < chs; c++)
        {
            var e = load[c] - td.Cap[c];
            if (e > 0)
            {
                excess += e;
            }
        }

        return dist + inst.Dist[(last * n) + td.EndNode] + td.Fixed + (wLoad * excess) + (inst.HasTime ? wTime * tw : 0);
    }

    /// <summary>
    /// Routes with multi-window stops: one exact forward pass (earliest schedule, earliest feasible window) for the
    /// time warp; the duration is that of leaving the depot just in time for the first service, an upper bound on
    /// the minimum over departures, so a route the solver deems feasible is feasible for the checker too.
    /// </summary>
    private (double Tw, double ExcessDur) SimulateMulti(int type, Part[] parts, int count)
    {
        var len = Materialize(parts, count, nodeScratch);
        var td = inst.Types[type];
        var (tw, end, firstStart) = Forward(td, len, td.Open);
        if (double.IsPositiveInfinity(td.MaxDur) || len == 0)
        {
            return (tw, 0);
        }

        var leave = Math.Clamp(firstStart - inst.Dur[(td.StartNode * inst.N) + nodeScratch[0]], td.Open, Math.Max(td.Open, td.Close));
        return (tw, Math.Max(0, end - leave - td.MaxDur));
    }

    private (double Tw, double End, double FirstStart) Forward(TypeData td, int len, double departure)
    {
        var t = departure;
        var tw = 0.0;
        var firstStart = departure;
        var prev = td.StartNode;
        for (var k = 0; k < len; k++)
        {
            var u = nodeScratch[k];
            t += inst.Dur[(prev * inst.N) + u];
            var ws = inst.TwStart[u];
            var we = inst.TwStart[u + 1];
            if (we > ws)
            {
                var w = ws;
                while (w < we && inst.TwClose[w] < t)
                {
                    w++;
                }

                if (w == we)
                {
                    tw += t - inst.TwClose[we - 1];
                    t = inst.TwClose[we - 1];
                }
                else
                {
                    t = Math.Max(t, inst.TwOpen[w]);
                }
            }

            if (k == 0)
            {
                firstStart = t;
            }

            t += inst.Service[u];
            prev = u;
        }

        t += inst.Dur[(prev * inst.N) + td.EndNode];
        if (t > td.ReturnBy)
        {
            tw += t - td.ReturnBy;
            t = td.ReturnBy;
        }

        return (tw, t, firstStart);
    }

    /// <summary>Writes the customers of the parts (no depots) into buf; returns the count.</summary>
    private static int Materialize(Part[] parts, int count, int[] buf)
    {
        var len = 0;
        for (var k = 0; k < count; k++)
        {
            ref var part = ref parts[k];
            switch (part.Kind)
            {
                case PartKind.Prefix:
                    for (var m = 1; m <= part.J; m++)
                    {
                        buf[len++] = part.R!.Nodes[m];
                    }

                    break;
                case PartKind.Range:
                    for (var m = part.I; m <= part.J; m++)
                    {
                        buf[len++] = part.R!.Nodes[m];
                    }

                    break;
                case PartKind.Rev:
                    for (var m = part.J; m >= part.I; m--)
                    {
                        buf[len++] = part.R!.Nodes[m];
                    }

                    break;
                default:
                    buf[len++] = part.Node;
                    break;
            }
        }

        return len;
    }

    private void SetRoute(Route r, int[] buf, int len)
    {
        var wasEmpty = r.Len <= 2;
        var td = inst.Types[r.Type];
        r.EnsureCapacity(len + 2);
        r.Len = len + 2;
        r.Nodes[0] = td.StartNode;
        for (var k = 0; k < len; k++)
        {
            r.Nodes[k + 1] = buf[k];
        }

        r.Nodes[len + 1] = td.EndNode;
        Recompute(r);
        {
            for (var k = 1; k <= len; k++)
            {
                routeOf[r.Nodes[k]] = r.Slot;
                posOf[r.Nodes[k]] = k;
            }

            var isEmpty = len == 0;
            if (wasEmpty != isEmpty)
            {
                nonEmpty += isEmpty ? -1 : 1;
            }
        }

        r.Modified = ++moveCount;
        if (!dirty[r.Slot])
        {
            dirty[r.Slot] = true;
            dirtyRoutes.Add(r.Slot);
        }
    }

    private void Recompute(Route r)
    {
        var n = inst.N;
        var tc = inst.TC;
        var tcc = inst.TCC;
        var td = inst.Types[r.Type];
        var len = r.Len;
        r.Fwd[0] = td.StartSeg;
        r.Cum[0] = 0;
        r.CumRev[0] = 0;
        r.MultiPre[0] = 0;
        for (var c = 0; c < tc; c++)
        {
            r.Pre[c] = 0;
        }

        for (var c = 0; c < tcc; c++)
        {
            r.PreM[c] = 0;
            r.SufM[((len - 1) * tcc) + c] = 0;
        }

        for (var i = 1; i < len; i++)
        {
            var a = r.Nodes[i - 1];
            var b = r.Nodes[i];
            r.Cum[i] = r.Cum[i - 1] + inst.Dist[(a * n) + b];
            r.MultiPre[i] = r.MultiPre[i - 1] + (inst.IsMulti[b] ? 1 : 0);
            r.CumRev[i] = r.CumRev[i - 1] + inst.Dist[(b * n) + a];
            if (inst.HasTime)
            {
                r.Fwd[i] = inst.Merge(r.Fwd[i - 1], i < len - 1 ? inst.NodeSeg(b) : td.EndSeg);
            }

            for (var c = 0; c < tc; c++)
            {
                r.Pre[(i * tc) + c] = r.Pre[((i - 1) * tc) + c] + (i < len - 1 ? inst.Load[(b * tc) + c] : 0);
            }

            for (var c = 0; c < tcc; c++)
            {
                r.PreM[(i * tcc) + c] = r.PreM[((i - 1) * tcc) + c] | (i < len - 1 ? inst.Mask[(b * tcc) + c] : 0);
            }
        }

        for (var i = len - 2; i >= 1; i--)
        {
            var b = r.Nodes[i];
            if (inst.HasTime)
            {
                r.Bwd[i] = i == len - 2 ? inst.NodeSeg(b) : inst.Merge(inst.NodeSeg(b), r.Bwd[i + 1]);
            }

            for (var c = 0; c < tcc; c++)
            {
                r.SufM[(i * tcc) + c] = r.SufM[((i + 1) * tcc) + c] | inst.Mask[(b * tcc) + c];
            }
        }

        pr[0] = new Part { Kind = PartKind.Prefix, R = r, J = len - 2 };
        r.Cost = Eval(r.Type, pr, 1);
        r.Distance = lastDist;
        r.Excess = lastExcess;
        r.Tw = lastTw;
        r.ExcessDur = lastExcessDur;
    }

    private void RecomputeAll()
    {
        foreach (var r in routes)
        {
            Recompute(r);
        }
    }

    private double TotalCost()
    {
        var sum = 0.0;
        foreach (var r in routes)
        {
            sum += r.Cost;
        }

        foreach (var s in stops)
        {
            if (routeOf[s] < 0)
            {
                sum += inst.Skip[s];
            }
        }

        return sum;
    }

    private double TrueCost()
    {
        var sum = 0.0;
        foreach (var r in routes)
        {
            if (r.Len > 2)
            {
                sum += r.Distance + inst.Types[r.Type].Fixed;
            }
        }

        foreach (var s in stops)
        {
            if (routeOf[s] < 0)
            {
                sum += inst.Skip[s];
            }
        }

        return sum;
    }

    private (bool LoadOk, bool TimeOk, bool AllServed) Feasibility()
    {
        bool loadOk = true, timeOk = true, served = true;
        foreach (var r in routes)
        {
            if (r.Len <= 2)
            {
                continue;
            }

            loadOk &= r.Excess <= FeasTol;
            timeOk &= r.Tw <= FeasTol && r.ExcessDur <= FeasTol;
        }

        foreach (var s in stops)
        {
            if (routeOf[s] < 0 && !inst.Optional[s])
            {
                served = false;
            }
        }

        return (loadOk, timeOk, served);
    }

    // ---------------------------------------------------------------- hard filters

    private bool Serves(Route r, int u) => inst.CanServe[(r.Type * inst.N) + u];

    /// <summary>Classes of route r with positions (a, b) exclusive removed, plus up to two added nodes.</summary>
    private bool CompatOk(Route r, int keepPrefixEnd, int keepSuffixStart, int add1, int add2)
    {
        if (!inst.HasCompat)
        {
            return true;
        }

        var td = inst.Types[r.Type];
        var tcc = inst.TCC;
        for (var k = td.MaskOff; k < td.MaskOff + td.MaskCount; k++)
        {
            var m = r.PreM[(keepPrefixEnd * tcc) + k] | r.SufM[(keepSuffixStart * tcc) + k];
            if (add1 >= 0)
            {
                m |= inst.Mask[(add1 * tcc) + k];
            }

            if (add2 >= 0)
            {
                m |= inst.Mask[(add2 * tcc) + k];
            }

            if (inst.Conflicts(m))
            {
                return false;
            }
        }

        return true;
    }

    private bool CompatJoin(Route a, int aPrefixEnd, Route b, int bSuffixStart)
    {
        if (!inst.HasCompat)
        {
            return true;
        }

        var td = inst.Types[a.Type];
        var tcc = inst.TCC;
        for (var k = td.MaskOff; k < td.MaskOff + td.MaskCount; k++)
        {
            if (inst.Conflicts(a.PreM[(aPrefixEnd * tcc) + k] | b.SufM[(bSuffixStart * tcc) + k]))
            {
                return false;
            }
        }

        return true;
    }

    private static Part Prefix(Route r, int j) => new() { Kind = PartKind.Prefix, R = r, J = j };

    private static Part Range(Route r, int i, int j) => new() { Kind = PartKind.Range, R = r, I = i, J = j };

    private static Part Rev(Route r, int i, int j) => new() { Kind = PartKind.Rev, R = r, I = i, J = j };

    private static Part Single(int u) => new() { Kind = PartKind.Node, Node = u };

    private void Apply(Route a, int na, Route? b, int nb)
    {
        var la = Materialize(pa, na, bufA);
        var lb = b is null ? 0 : Materialize(pb, nb, bufB);
        SetRoute(a, bufA, la);
        if (b is not null)
        {
            SetRoute(b, bufB, lb);
        }
    }

    private bool TryPair(Route a, int na, Route b, int nb)
    {
        var boundB = Bound(b.Type, pb, nb);
        if (Bound(a.Type, pa, na) + boundB - a.Cost - b.Cost > -Eps)
        {
            return false;
        }

        var costA = Eval(a.Type, pa, na, a.Cost + b.Cost - boundB - Eps);
        var delta = costA - a.Cost;
        if (delta + boundB - b.Cost >= -Eps)
        {
            return false;
        }

        delta += Eval(b.Type, pb, nb, a.Cost + b.Cost - costA - Eps) - b.Cost;
        if (delta < -Eps)
        {
            Apply(a, na, b, nb);
            return true;
        }

        return false;
    }

    private bool TrySingle(Route a, int na, double extra)
    {
        if (Bound(a.Type, pa, na) - a.Cost + extra > -Eps)
        {
            return false;
        }

        var delta = Eval(a.Type, pa, na, a.Cost - extra - Eps) - a.Cost + extra;
        if (delta < -Eps)
        {
            Apply(a, na, null, 0);
            return true;
        }

        return false;
    }
}
