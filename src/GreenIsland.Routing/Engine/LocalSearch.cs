namespace GreenIsland.Routing.Engine;

/// <summary>Granular local search: relocate 1-2 (and reversed), swap 1-1/2-1/2-2, 2-opt, 2-opt*, empty routes, skips.</summary>
internal sealed partial class Search
{
    private void LocalSearch()
    {
        var order = (int[])stops.Clone();
        rng.Shuffle(order);
        var improved = true;
        var loop = 0;
        while (improved && !TimeUp())
        {
            improved = false;
            MarkCandidates();
            foreach (var u in order)
            {
                if (!candidate[u])
                {
                    continue;
                }

                candidate[u] = false;
                var last = lastTested[u];
                lastTested[u] = moveCount;
                if (routeOf[u] < 0)
                {
                    improved |= TryInsertUnassigned(u);
                    continue;
                }

                if (inst.Optional[u] && TryRemoveOptional(u))
                {
                    improved = true;
                    continue;
                }

                foreach (var v in inst.Neighbours[u])
                {
                    if (routeOf[v] < 0 || routeOf[u] < 0)
                    {
                        continue;
                    }

                    if (Math.Max(routes[routeOf[u]].Modified, routes[routeOf[v]].Modified) <= last)
                    {
                        continue;
                    }

                    if (TryMoves(u, v))
                    {
                        improved = true;
                    }
                }

                if (routeOf[u] >= 0 && routes[routeOf[u]].Modified > last && TryEmptyRoute(u))
                {
                    improved = true;
                }
            }

            if (SwapStarPass())
            {
                improved = true;
            }

            loop++;
            if (TimeUp())
            {
                return;
            }
        }
    }

    /// <summary>
    /// Stops worth testing: those in routes changed since the last pass and those with a neighbour there (the
    /// per-pair time stamps then skip unchanged pairs), plus unassigned stops.
    /// </summary>
    private void MarkCandidates()
    {
        foreach (var slot in dirtyRoutes)
        {
            dirty[slot] = false;
            var r = routes[slot];
            for (var k = 1; k < r.Len - 1; k++)
            {
                var w = r.Nodes[k];
                candidate[w] = true;
                foreach (var x in inst.ReverseNeighbours[w])
                {
                    candidate[x] = true;
                }
            }
        }

        dirtyRoutes.Clear();
        foreach (var s in stops)
        {
            if (routeOf[s] < 0)
            {
                candidate[s] = true;
            }
        }
    }

    private bool TryInsertUnassigned(int u)
    {
        // Cheapest neighbour-based insertion; accepted when it beats the skip penalty.
        var (route, pos, delta) = BestInsertion(u, blink: 0, allowFallback: !inst.Optional[u]);
        if (route is null || delta - inst.Skip[u] > -Eps)
        {
            return false;
        }

        InsertAt(route, pos, u);
        return true;
    }

    private void InsertAt(Route r, int pos, int u)
    {
        pa[0] = Prefix(r, pos);
        pa[1] = Single(u);
        pa[2] = Range(r, pos + 1, r.Len - 2);
        Apply(r, 3, null, 0);
    }

    private bool TryRemoveOptional(int u)
    {
        var r = routes[routeOf[u]];
        var p = posOf[u];
        pa[0] = Prefix(r, p - 1);
        pa[1] = Range(r, p + 1, r.Len - 2);
        if (TrySingle(r, 2, inst.Skip[u]))
        {
            routeOf[u] = -1;
            return true;
        }

        return false;
    }

    private Route? EmptyRouteOf(int type)
    {
        if (nonEmpty >= fleetLimit)
        {
            return null;
        }

        // Cyclic scan from the last empty slot found for this type: O(1) amortised when most slots are empty.
        emptyHint ??= new int[inst.Types.Length];
        var start = emptyHint[type];
        for (var k = 0; k < routes.Length; k++)
        {
            var slot = start + k;
            if (slot >= routes.Length)
            {
                slot -= routes.Length;
            }

            var r = routes[slot];
            if (r.Type == type && r.Len <= 2)
            {
                emptyHint[type] = slot;
                return r;
            }
        }

        return null;
    }

    private int[]? emptyHint;

    private bool TryEmptyRoute(int u)
    {
        var a = routes[routeOf[u]];
        if (a.Customers <= 1 || nonEmpty >= fleetLimit)
        {
            return false;
        }

        var p = posOf[u];
        for (var t = 0; t < inst.Types.Length; t++)
        {
            if (!inst.CanServe[(t * inst.N) + u])
            {
                continue;
            }

            var e = EmptyRouteOf(t);
            if (e is null)
            {
                continue;
            }

            pa[0] = Prefix(a, p - 1);
            pa[1] = Range(a, p + 1, a.Len - 2);
            pb[0] = Prefix(e, 0);
            pb[1] = Single(u);
            if (TryPair(a, 2, e, 2))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryMoves(int u, int v)
    {
        var a = routes[routeOf[u]];
        var b = routes[routeOf[v]];
        var p = posOf[u];
        var q = posOf[v];
        var la = a.Len - 2;
        var lb = b.Len - 2;
        var x = a.Nodes[p + 1];
        var xCust = p + 1 <= la;
        var y = b.Nodes[q + 1];
        var yCust = q + 1 <= lb;
        if (a != b)
        {
            var uOk = Serves(b, u);
            var xOk = xCust && Serves(b, x);
            var vOk = Serves(a, v);
            var yOk = yCust && Serves(a, y);

            // Relocate u after v.
            if (uOk && CompatOk(b, q, q + 1, u, -1))
            {
                pa[0] = Prefix(a, p - 1);
                pa[1] = Range(a, p + 1, la);
                pb[0] = Prefix(b, q);
                pb[1] = Single(u);
                pb[2] = Range(b, q + 1, lb);
                if (TryPair(a, 2, b, 3))
                {
                    return true;
                }

                // Relocate u before v when v is first.
                if (q == 1)
                {
                    pb[0] = Prefix(b, 0);
                    pb[1] = Single(u);
                    pb[2] = Range(b, 1, lb);
                    if (TryPair(a, 2, b, 3))
                    {
                        return true;
                    }
                }
            }

            // Relocate (u, x) and (x, u) after v.
            if (uOk && xOk && CompatOk(b, q, q + 1, u, x))
            {
                pa[0] = Prefix(a, p - 1);
                pa[1] = Range(a, p + 2, la);
                pb[0] = Prefix(b, q);
                pb[1] = Single(u);
                pb[2] = Single(x);
                pb[3] = Range(b, q + 1, lb);
                if (TryPair(a, 2, b, 4))
                {
                    return true;
                }

                pb[1] = Single(x);
                pb[2] = Single(u);
                if (TryPair(a, 2, b, 4))
                {
                    return true;
                }
            }

            // Swap u and v.
            if (uOk && vOk && CompatOk(b, q - 1, q + 1, u, -1) && CompatOk(a, p - 1, p + 1, v, -1))
            {
                pa[0] = Prefix(a, p - 1);
                pa[1] = Single(v);
                pa[2] = Range(a, p + 1, la);
                pb[0] = Prefix(b, q - 1);
                pb[1] = Single(u);
                pb[2] = Range(b, q + 1, lb);
                if (TryPair(a, 3, b, 3))
                {
                    return true;
                }
            }

            // Swap (u, x) with v.
            if (uOk && xOk && vOk && CompatOk(b, q - 1, q + 1, u, x) && CompatOk(a, p - 1, p + 2, v, -1))
            {
                pa[0] = Prefix(a, p - 1);
                pa[1] = Single(v);
                pa[2] = Range(a, p + 2, la);
                pb[0] = Prefix(b, q - 1);
                pb[1] = Single(u);
                pb[2] = Single(x);
                pb[3] = Range(b, q + 1, lb);
                if (TryPair(a, 3, b, 4))
                {
                    return true;
                }
            }

            // Swap (u, x) with (v, y).
            if (uOk && xOk && vOk && yOk && CompatOk(b, q - 1, q + 2, u, x) && CompatOk(a, p - 1, p + 2, v, y))
            {
                pa[0] = Prefix(a, p - 1);
                pa[1] = Single(v);
                pa[2] = Single(y);
                pa[3] = Range(a, p + 2, la);
                pb[0] = Prefix(b, q - 1);
                pb[1] = Single(u);
                pb[2] = Single(x);
                pb[3] = Range(b, q + 2, lb);
                if (TryPair(a, 4, b, 4))
                {
                    return true;
                }
            }

            // 2-opt*: u -> y and v -> x (tails exchanged).
            if (TailsServable(a, p, b, q) && CompatJoin(a, p, b, q + 1) && CompatJoin(b, q, a, p + 1))
            {
                pa[0] = Prefix(a, p);
                pa[1] = Range(b, q + 1, lb);
                pb[0] = Prefix(b, q);
                pb[1] = Range(a, p + 1, la);
                if (TryPair(a, 2, b, 2))
                {
                    return true;
                }
            }

            return false;
        }

        // Intra-route moves.
        if (q != p - 1)
        {
            // Relocate u after v.
            if (q < p)
            {
                pa[0] = Prefix(a, q);
                pa[1] = Single(u);
                pa[2] = Range(a, q + 1, p - 1);
                pa[3] = Range(a, p + 1, la);
            }
            else
            {
                pa[0] = Prefix(a, p - 1);
                pa[1] = Range(a, p + 1, q);
                pa[2] = Single(u);
                pa[3] = Range(a, q + 1, la);
            }

            if (TrySingle(a, 4, 0))
            {
                return true;
            }
        }

        // Swap u and v.
        {
            int i = Math.Min(p, q), j = Math.Max(p, q);
            pa[0] = Prefix(a, i - 1);
            pa[1] = Single(a.Nodes[j]);
            pa[2] = Range(a, i + 1, j - 1);
            pa[3] = Single(a.Nodes[i]);
            pa[4] = Range(a, j + 1, la);
            if (TrySingle(a, 5, 0))
            {
                return true;
            }
        }

        // 2-opt: reverse the path between u's successor and v (u before v), or v's successor and u.
        {
            int i = Math.Min(p, q), j = Math.Max(p, q);
            if (j > i + 1)
            {
                pa[0] = Prefix(a, i);
                pa[1] = Rev(a, i + 1, j);
                pa[2] = Range(a, j + 1, la);
                if (TrySingle(a, 3, 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool TailsServable(Route a, int p, Route b, int q)
    {
        if (a.Type == b.Type)
        {
            return true;
        }

        for (var k = q + 1; k <= b.Len - 2; k++)
        {
            if (!Serves(a, b.Nodes[k]))
            {
                return false;
            }
        }

        for (var k = p + 1; k <= a.Len - 2; k++)
        {
            if (!Serves(b, a.Nodes[k]))
            {
                return false;
            }
        }

        return true;
    }

    private Route? insRoute;
    private int insPos;
    private double insDelta;

    /// <summary>Cheapest insertion of u next to its granular neighbours (and into an empty route).</summary>
    private (Route? Route, int Pos, double Delta) BestInsertion(int u, double blink, bool allowFallback)
    {
        insRoute = null;
        insPos = 0;
        insDelta = double.PositiveInfinity;
        foreach (var v in inst.Neighbours[u])
        {
            var rv = routeOf[v];
            if (rv < 0)
            {
                continue;
            }

            var r = routes[rv];
            if (!Serves(r, u))
            {
                continue;
            }

            ConsiderInsertion(u, r, posOf[v], blink);
            ConsiderInsertion(u, r, posOf[v] - 1, blink);
        }

        for (var t = 0; t < inst.Types.Length; t++)
        {
            if (inst.CanServe[(t * inst.N) + u] && EmptyRouteOf(t) is { } e)
            {
                ConsiderInsertion(u, e, 0, blink);
            }
        }

        if (insRoute is null && allowFallback)
        {
            foreach (var r in routes)
            {
                if (r.Len <= 2 || !Serves(r, u))
                {
                    continue;
                }

                for (var pos = 0; pos <= r.Len - 2; pos++)
                {
                    ConsiderInsertion(u, r, pos, 0);
                }
            }
        }

        return (insRoute, insPos, insDelta);
    }

    private void ConsiderInsertion(int u, Route r, int pos, double blink)
    {
        if (blink > 0 && rng.NextDouble() < blink)
        {
            return;
        }

        if (!CompatOk(r, pos, pos + 1, u, -1))
        {
            return;
        }

        pa[0] = Prefix(r, pos);
        pa[1] = Single(u);
        pa[2] = Range(r, pos + 1, r.Len - 2);
        if (Bound(r.Type, pa, 3) - r.Cost >= insDelta - Eps)
        {
            return;
        }

        var delta = Eval(r.Type, pa, 3, insDelta + r.Cost - Eps) - r.Cost;
        if (delta < insDelta - Eps)
        {
            insDelta = delta;
            insRoute = r;
            insPos = pos;
        }
    }
}
