namespace GreenIsland.Routing.Engine;

/// <summary>
/// One vehicle's route as arrays with prefix/suffix summaries: Fwd[i] covers nodes[0..i] (start depot included),
/// Bwd[i] covers the customers nodes[i..Len-2], Cum/CumRev are prefix distances forward/backward, Pre holds prefix
/// loads over all channels, PreM/SufM prefix/suffix class masks per compartment channel.
/// </summary>
internal sealed class Route
{
    public Route(int slot, int type, Instance inst)
    {
        Slot = slot;
        Type = type;
        Tc = inst.TC;
        Tcc = inst.TCC;
        Nodes = new int[4];
        Fwd = new Seg[4];
        Bwd = new Seg[4];
        Cum = new double[4];
        MultiPre = new int[4];
        CumRev = new double[4];
        Pre = new double[4 * Tc];
        PreM = new ulong[4 * Tcc];
        SufM = new ulong[4 * Tcc];
    }

    public int Slot { get; }

    public int Type { get; }

    public int Tc { get; }

    public int Tcc { get; }

    public int[] Nodes;
    public Seg[] Fwd;
    public Seg[] Bwd;
    public double[] Cum;
    public int[] MultiPre;
    public double[] CumRev;
    public double[] Pre;
    public ulong[] PreM;
    public ulong[] SufM;
    public int Len;
    public double Cost;
    public double Distance;
    public double Excess;
    public double Tw;
    public double ExcessDur;
    public long Modified;

    public int Customers => Len - 2;

    public void EnsureCapacity(int len)
    {
        if (Nodes.Length >= len)
        {
            return;
        }

        var n = Math.Max(len, Nodes.Length * 2);
        Array.Resize(ref Nodes, n);
        Array.Resize(ref Fwd, n);
        Array.Resize(ref Bwd, n);
        Array.Resize(ref Cum, n);
        Array.Resize(ref MultiPre, n);
        Array.Resize(ref CumRev, n);
        Array.Resize(ref Pre, n * Tc);
        Array.Resize(ref PreM, n * Tcc);
        Array.Resize(ref SufM, n * Tcc);
    }
}
