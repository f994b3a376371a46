namespace GreenIsland.Routing.Engine;

/// <summary>Duration/time-window summary of a route segment (Vidal et al. 2013): O(1) concatenation.</summary>
internal struct Seg
{
    public double Dur;
    public double Tw;
    public double E;
    public double L;
    public int First;
    public int Last;

    public Seg(double dur, double tw, double e, double l, int first, int last)
    {
        Dur = dur;
        Tw = tw;
        E = e;
        L = l;
        First = first;
        Last = last;
    }
}

/// <summary>Per vehicle type data in solver form.</summary>
internal sealed class TypeData
{
    public int StartNode;
    public int EndNode;
    public double Open;
    public double Close;
    public double ReturnBy;
    public double MaxDur;
    public double Fixed;
    public int ChOff;
    public int ChCount;
    public int MaskOff;
    public int MaskCount;
    public double[] Cap = [];
    public Seg StartSeg;
    public Seg EndSeg;
    public int Count;
}

/// <summary>
/// The problem compiled for the search: nodes 0..D-1 are depots, D.. are stops; flat matrices; demand spread over
/// load channels (one per compartment layout x compartment x dimension) so segments of any route can be priced for
/// any vehicle in O(channels).
/// </summary>
internal sealed class Instance
{
    public const double BigPenalty = 1e9;

    public Instance(RoutingProblem p, int granularity)
    {
        Problem = p;
        D = p.Depots.Count;
        S = p.Stops.Count;
        N = D + S;
        var loc = new int[N];
        for (var i = 0; i < D; i++)
        {
            loc[i] = p.Depots[i].Location;
        }

        for (var s = 0; s < S; s++)
        {
            loc[D + s] = p.Stops[s].Location;
        }

        Dist = new double[N * N];
        Dur = new double[N * N];
        var m = p.Travel.Size;
        for (var i = 0; i < N; i++)
        {
            for (var j = 0; j < N; j++)
            {
                Dist[(i * N) + j] = p.Travel.Distance[(loc[i] * m) + loc[j]];
                Dur[(i * N) + j] = p.Travel.Duration[(loc[i] * m) + loc[j]];
            }
        }

        Service = new double[N];
        IsMulti = new bool[N];
        Open = new double[N];
        Close = new double[N];
        TwStart = new int[N + 1];
        var twOpen = new List<double>();
        var twClose = new List<double>();
        Skip = new double[N];
        Optional = new bool[N];
        ClassMask = new ulong[N];
        PermitMask = new ulong[N];
        for (var i = 0; i < N; i++)
        {
            TwStart[i] = twOpen.Count;
            if (i < D)
            {
                Open[i] = p.Depots[i].Hours.Open;
                Close[i] = p.Depots[i].Hours.Close;
                continue;
            }

            var st = p.Stops[i - D];
            Service[i] = st.ServiceTime;
            if (st.TimeWindows.Count == 0)
            {
                Open[i] = double.NegativeInfinity;
                Close[i] = double.PositiveInfinity;
            }
            else
            {
                Open[i] = st.TimeWindows[0].Open;
                Close[i] = st.TimeWindows[^1].Close;
                if (st.TimeWindows.Count > 1)
                {
                    HasMultiTw = true;
                    IsMulti[i] = true;
                }

                foreach (var w in st.TimeWindows)
                {
                    twOpen.Add(w.Open);
                    twClose.Add(w.Close);
                }

                HasTime = true;
            }

            Optional[i] = st.SkipPenalty is not null;
            Skip[i] = st.SkipPenalty ?? BigPenalty;
            foreach (var c in st.Classes)
            {
                ClassMask[i] |= 1UL << c;
            }

            foreach (var c in st.RequiredPermits)
            {
                PermitMask[i] |= 1UL << c;
            }
        }

        TwStart[N] = twOpen.Count;
        TwOpen = [.. twOpen];
        TwClose = [.. twClose];

        foreach (var (a, b) in p.IncompatibleClasses)
        {
            if (a == b)
            {
                continue;
            }

            Conflict[a] |= 1UL << b;
            Conflict[b] |= 1UL << a;
            HasCompat = true;
        }

        // Compartment layouts: vehicle types whose compartments accept the same classes share load channels.
        var layoutKeys = new List<string>();
        var layoutOf = new int[p.VehicleTypes.Count];
        var layoutCompartments = new List<ulong[]>();
        for (var t = 0; t < p.VehicleTypes.Count; t++)
        {
            var masks = p.VehicleTypes[t].Compartments.Select(c => c.AllowedClasses.Count == 0 ? ulong.MaxValue : c.AllowedClasses.Aggregate(0UL, (acc, x) => acc | (1UL << x))).ToArray();
            var key = string.Join(',', masks);
            var idx = layoutKeys.IndexOf(key);
            if (idx < 0)
            {
                idx = layoutKeys.Count;
                layoutKeys.Add(key);
                layoutCompartments.Add(masks);
            }

            layoutOf[t] = idx;
        }

        var dims = p.Dimensions;
        var chOff = new int[layoutKeys.Count];
        var maskOff = new int[layoutKeys.Count];
        for (var l = 0; l < layoutKeys.Count; l++)
        {
            chOff[l] = TC;
            maskOff[l] = TCC;
            TC += layoutCompartments[l].Length * dims;
            TCC += layoutCompartments[l].Length;
        }

        Load = new double[N * TC];
        Mask = new ulong[N * TCC];
        var compartmentOf = new int[layoutKeys.Count * N];
        for (var l = 0; l < layoutKeys.Count; l++)
        {
            for (var i = D; i < N; i++)
            {
                var comp = Array.FindIndex(layoutCompartments[l], a => (a & ClassMask[i]) == ClassMask[i]);
                compartmentOf[(l * N) + i] = comp;
                if (comp < 0)
                {
                    continue;
                }

                var st = p.Stops[i - D];
                for (var d = 0; d < dims; d++)
                {
                    Load[(i * TC) + chOff[l] + (comp * dims) + d] = st.Demand[d];
                }

                Mask[(i * TCC) + maskOff[l] + comp] = ClassMask[i];
            }
        }

        Types = new TypeData[p.VehicleTypes.Count];
        CanServe = new bool[p.VehicleTypes.Count * N];
        var slots = new List<int>();
        for (var t = 0; t < p.VehicleTypes.Count; t++)
        {
            var vt = p.VehicleTypes[t];
            var l = layoutOf[t];
            var start = vt.StartDepot;
            var end = vt.EndDepot;
            var td = new TypeData
            {
                StartNode = start,
                EndNode = end,
                Open = Math.Max(vt.Shift.Open, p.Depots[start].Hours.Open),
                Close = Math.Min(vt.Shift.Close, p.Depots[start].Hours.Close),
                ReturnBy = Math.Min(vt.Shift.Close, p.Depots[end].Hours.Close),
                MaxDur = vt.MaxDuration,
                Fixed = vt.FixedCost,
                ChOff = chOff[l],
                ChCount = layoutCompartments[l].Length * dims,
                MaskOff = maskOff[l],
                MaskCount = layoutCompartments[l].Length,
                Count = vt.Count,
            };
            td.Cap = new double[td.ChCount];
            for (var c = 0; c < vt.Compartments.Count; c++)
            {
                for (var d = 0; d < dims; d++)
                {
                    td.Cap[(c * dims) + d] = vt.Compartments[c].Capacity[d];
                }
            }

            td.StartSeg = new Seg(0, 0, td.Open, td.Close, start, start);
            td.EndSeg = new Seg(0, 0, td.Open, td.ReturnBy, end, end);
            // Without stop windows, an open-ended shift and no duration limit, time cannot constrain a route.
            if (!double.IsPositiveInfinity(td.Close) || !double.IsPositiveInfinity(td.ReturnBy) || !double.IsPositiveInfinity(td.MaxDur))
            {
                HasTime = true;
            }

            var permits = vt.Permits.Aggregate(0UL, (acc, x) => acc | (1UL << x));
            for (var i = D; i < N; i++)
            {
                CanServe[(t * N) + i] = compartmentOf[(l * N) + i] >= 0 && (PermitMask[i] & ~permits) == 0;
            }

            Types[t] = td;
            for (var k = 0; k < vt.Count; k++)
            {
                slots.Add(t);
            }
        }

        SlotType = [.. slots];
        var sumDist = 0.0;
        var sumDur = 0.0;
        for (var i = 0; i < Dist.Length; i++)
        {
            sumDist += Dist[i];
            sumDur += Dur[i];
        }

        DistPerDur = sumDur > 0 && sumDist > 0 ? sumDist / sumDur : 1;
        Neighbours = BuildNeighbours(Math.Min(granularity, Math.Max(1, S - 1)), timeAware: HasTime);
        var reverse = new List<int>[N];
        for (var i = 0; i < N; i++)
        {
            reverse[i] = [];
        }

        for (var i = D; i < N; i++)
        {
            foreach (var j in Neighbours[i])
            {
                reverse[j].Add(i);
            }
        }

        ReverseNeighbours = reverse.Select(l => l.ToArray()).ToArray();
        Adjacent = BuildNeighbours(Math.Min(100, Math.Max(1, S - 1)), timeAware: false);
        MaxDist = Dist.Length == 0 ? 1 : Math.Max(1, Dist.Max());
        var maxDemand = 0.0;
        for (var i = 0; i < Load.Length; i++)
        {
            maxDemand = Math.Max(maxDemand, Load[i]);
        }

        // The largest stop demand in its own unit (kg, tonnes, litres): not floored at 1, so that small units are not
        // under-penalised.
        MaxDemand = maxDemand > 0 ? maxDemand : 1;

        // Penalty scales. A violation must be able to cost more than the cheapest way to avoid it: a detour (an edge),
        // opening another vehicle (a fixed cost) or skipping an optional stop. With real distances the longest edge
        // dominates and the scales are the classic ones (longest edge per unit of demand; distance per unit of time).
        // With every site at the depot, or within a metre of it, there are no edges to speak of, and a scale made of
        // distances alone left an overloaded or late vehicle cheaper than a second, free one.
        var cheapestVehicle = Types.Where(t => t.Count > 0 && t.Fixed > 0).Select(t => t.Fixed).DefaultIfEmpty(0).Min();
        var cheapestSkip = Enumerable.Range(D, S).Where(i => Optional[i] && Skip[i] > 0 && double.IsFinite(Skip[i])).Select(i => Skip[i]).DefaultIfEmpty(0).Min();
        // The cheapest of the ways that exist (a zero means that way is not available): using the dearest instead (a
        // skip priced far above any vehicle, say) blows the penalties up and leaves the search skipping stops rather
        // than opening the free vehicle.
        var cheapestAvoidance = cheapestVehicle > 0 && cheapestSkip > 0 ? Math.Min(cheapestVehicle, cheapestSkip) : Math.Max(cheapestVehicle, cheapestSkip);
        CostScale = Math.Max(MaxDist, cheapestAvoidance);
        LoadPenaltyScale = CostScale / MaxDemand;
        var longestTime = Math.Max(Dur.Length == 0 ? 0 : Dur.Max(), Service.Length == 0 ? 0 : Service.Max());
        TimePenaltyScale = sumDist > 0 && sumDur > 0
            ? (CostScale == MaxDist ? DistPerDur : DistPerDur * (CostScale / MaxDist))
            : CostScale / (longestTime > 0 ? longestTime : 1);
    }

    public RoutingProblem Problem { get; }

    public int D { get; }

    public int S { get; }

    public int N { get; }

    public int TC { get; }

    public int TCC { get; }

    public double[] Dist { get; }

    public double[] Dur { get; }

    public double[] Service { get; }

    public double[] Open { get; }

    public double[] Close { get; }

    public int[] TwStart { get; }

    public double[] TwOpen { get; }

    public double[] TwClose { get; }

    public double[] Skip { get; }

    public bool[] Optional { get; }

    public ulong[] ClassMask { get; }

    public ulong[] PermitMask { get; }

    public ulong[] Conflict { get; } = new ulong[64];

    public double[] Load { get; }

    public ulong[] Mask { get; }

    public TypeData[] Types { get; }

    public bool[] CanServe { get; }

    public int[] SlotType { get; }

    public int[][] Neighbours { get; }

    public int[][] Adjacent { get; }

    /// <summary>For each stop, the stops that have it in their neighbour list.</summary>
    public int[][] ReverseNeighbours { get; }

    public bool HasTime { get; }

    public bool HasMultiTw { get; }

    /// <summary>Stops with several time windows: routes containing one are evaluated by an exact O(n) pass.</summary>
    public bool[] IsMulti { get; }

    public bool HasCompat { get; }

    public double MaxDist { get; }

    public double MaxDemand { get; }

    public double DistPerDur { get; }

    /// <summary>Cost of the cheapest way to avoid a violation: the longest edge, the cheapest vehicle's fixed cost or the cheapest skip.</summary>
    public double CostScale { get; }

    /// <summary>Penalty scale per unit of excess load: <see cref="CostScale"/> per largest stop demand. Never 0.</summary>
    public double LoadPenaltyScale { get; }

    /// <summary>
    /// Penalty scale per unit of time warp or excess duration: distance per unit of time (scaled like the load) when
    /// the instance has distances and durations, otherwise <see cref="CostScale"/> per longest travel or service time.
    /// Never 0.
    /// </summary>
    public double TimePenaltyScale { get; }

    public Seg NodeSeg(int n) => new(Service[n], 0, Open[n], Close[n], n, n);

    public Seg Merge(in Seg a, in Seg b)
    {
        var t = Dur[(a.Last * N) + b.First];
        var delta = a.Dur - a.Tw + t;
        var dWait = Math.Max(b.E - delta - a.L, 0);
        var dTw = Math.Max(a.E + delta - b.L, 0);
        return new Seg(
            a.Dur + b.Dur + t + dWait,
            a.Tw + b.Tw + dTw,
            Math.Max(b.E - delta, a.E) - dWait,
            Math.Min(b.L - delta, a.L) + dTw,
            a.First,
            b.Last);
    }

    /// <summary>True when some class in <paramref name="m"/> conflicts with another class in it.</summary>
    public bool Conflicts(ulong m)
    {
        var bits = m;
        while (bits != 0)
        {
            var c = System.Numerics.BitOperations.TrailingZeroCount(bits);
            if ((Conflict[c] & m) != 0)
            {
                return true;
            }

            bits &= bits - 1;
        }

        return false;
    }

    private int[][] BuildNeighbours(int k, bool timeAware)
    {
        var result = new int[N][];
        var buffer = new (double Key, int Node)[Math.Max(0, S - 1)];
        for (var i = 0; i < N; i++)
        {
            if (i < D)
            {
                result[i] = [];
                continue;
            }

            var c = 0;
            for (var j = D; j < N; j++)
            {
                if (j == i)
                {
                    continue;
                }

                buffer[c++] = (timeAware ? Proximity(i, j) : Dist[(i * N) + j], j);
            }

            Array.Sort(buffer, 0, c, Comparer<(double Key, int Node)>.Create((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Node.CompareTo(b.Node)));
            result[i] = buffer.Take(Math.Min(k, c)).Select(x => x.Node).ToArray();
        }

        return result;
    }

    // Time-aware correlation (Vidal 2013, PyVRP): distance plus penalties for waiting and for infeasible timing.
    private double Proximity(int i, int j)
    {
        double Dir(int a, int b)
        {
            var d = Dist[(a * N) + b];
            var travel = Dur[(a * N) + b];
            var wait = Math.Max(0, Open[b] - Service[a] - travel - Close[a]);
            var warp = Math.Max(0, Open[a] + Service[a] + travel - Close[b]);
            if (double.IsNaN(wait))
            {
                wait = 0;
            }

            if (double.IsNaN(warp))
            {
                warp = 0;
            }

            return d + (DistPerDur * ((0.2 * wait) + warp));
        }

        return Math.Min(Dir(i, j), Dir(j, i));
    }
}
