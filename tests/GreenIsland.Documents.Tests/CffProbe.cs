using System.Buffers.Binary;
using System.Globalization;

namespace GreenIsland.Documents.Tests;

/// <summary>
/// An independent reader of CID-keyed CFF fonts for the tests: charset, FDSelect, subroutines, and each glyph's
/// charstring flattened (subroutine calls inlined), so a subset's outlines can be compared with the original's.
/// </summary>
internal sealed class CffProbe
{
    private readonly byte[] _cff;
    private readonly (int Start, int Count, int OffSize, int DataBase) _charStrings;
    private readonly (int Start, int Count, int OffSize, int DataBase) _global;
    private readonly List<(int Start, int Count, int OffSize, int DataBase)?> _locals = [];
    private readonly int[] _fdSelect;

    public CffProbe(byte[] cff)
    {
        _cff = cff;
        var name = Index(cff[2]);
        var top = Index(End(name));
        var strings = Index(End(top));
        _global = Index(End(strings));
        var (from, to) = Item(top, 0);
        var topDict = Dict(from, to);
        _charStrings = Index((int)topDict[17][0]);
        Cids = Charset((int)topDict[15][0], _charStrings.Count);
        _fdSelect = FdSelect((int)topDict[(12 << 8) | 37][0], _charStrings.Count);
        var fdArray = Index((int)topDict[(12 << 8) | 36][0]);
        for (var i = 0; i < fdArray.Count; i++)
        {
            var (fdFrom, fdTo) = Item(fdArray, i);
            var privateOperands = Dict(fdFrom, fdTo)[18];
            var (size, offset) = ((int)privateOperands[0], (int)privateOperands[1]);
            var privateDict = Dict(offset, offset + size);
            _locals.Add(privateDict.TryGetValue(19, out var subrs) ? Index(offset + (int)subrs[0]) : null);
        }

        FontDictCount = fdArray.Count;
    }

    public int GlyphCount => _charStrings.Count;

    public int FontDictCount { get; }

    /// <summary>The CID of each glyph id.</summary>
    public int[] Cids { get; }

    public int FontDictOf(int glyph) => _fdSelect[glyph];

    /// <summary>The glyph's operators and operands with every subroutine call replaced by the subroutine's content.</summary>
    public List<string> Flatten(int glyph)
    {
        var output = new List<string>();
        var stems = 0;
        var operands = 0;
        var (from, to) = Item(_charStrings, glyph);
        Walk(from, to, _locals[_fdSelect[glyph]], output, ref stems, ref operands, 0);
        return output;
    }

    private bool Walk(int from, int to, (int Start, int Count, int OffSize, int DataBase)? local, List<string> output, ref int stems, ref int operands, int depth)
    {
        Assert.True(depth <= 10, "subroutines nest deeper than Type 2 allows");
        var i = from;
        while (i < to)
        {
            var b = _cff[i];
            double? number = b switch
            {
                28 => BinaryPrimitives.ReadInt16BigEndian(_cff.AsSpan(i + 1)),
                >= 32 and <= 246 => b - 139,
                >= 247 and <= 250 => ((b - 247) * 256) + _cff[i + 1] + 108,
                >= 251 and <= 254 => -((b - 251) * 256) - _cff[i + 1] - 108,
                255 => BinaryPrimitives.ReadInt32BigEndian(_cff.AsSpan(i + 1)) / 65536d,
                _ => null,
            };
            if (number is { } value)
            {
                output.Add(value.ToString(CultureInfo.InvariantCulture));
                operands++;
                i += b == 28 ? 3 : b == 255 ? 5 : b >= 247 ? 2 : 1;
                continue;
            }

            switch (b)
            {
                case 10 or 29:
                {
                    var subrs = b == 10 ? local : _global;
                    Assert.True(subrs is not null, "callsubr without local subroutines");
                    var index = subrs.Value;
                    var n = int.Parse(output[^1], CultureInfo.InvariantCulture) + (index.Count < 1240 ? 107 : index.Count < 33900 ? 1131 : 32768);
                    output.RemoveAt(output.Count - 1);
                    operands--;
                    Assert.InRange(n, 0, index.Count - 1);
                    var (subFrom, subTo) = Item(index, n);
                    if (!Walk(subFrom, subTo, local, output, ref stems, ref operands, depth + 1))
                    {
                        return false;
                    }

                    i++;
                    break;
                }

                case 11:
                    return true;
                case 14:
                    output.Add("endchar");
                    return false;
                case 1 or 3 or 18 or 23 or 19 or 20:
                    stems += operands / 2;
                    operands = 0;
                    output.Add($"op{b}");
                    if (b is 19 or 20)
                    {
                        var maskBytes = (stems + 7) / 8;
                        output.Add(Convert.ToHexString(_cff, i + 1, maskBytes));
                        i += maskBytes;
                    }

                    i++;
                    break;
                case 12:
                    output.Add($"op12.{_cff[i + 1]}");
                    operands = 0;
                    i += 2;
                    break;
                default:
                    output.Add($"op{b}");
                    operands = 0;
                    i++;
                    break;
            }
        }

        return true;
    }

    private (int Start, int Count, int OffSize, int DataBase) Index(int at)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(_cff.AsSpan(at));
        if (count == 0)
        {
            return (at, 0, 0, at + 2);
        }

        var offSize = _cff[at + 2];
        return (at, count, offSize, at + 3 + ((count + 1) * offSize) - 1);
    }

    private int End((int Start, int Count, int OffSize, int DataBase) index) =>
        index.Count == 0 ? index.Start + 2 : index.DataBase + Offset(index.Start + 3 + (index.Count * index.OffSize), index.OffSize);

    private (int From, int To) Item((int Start, int Count, int OffSize, int DataBase) index, int i) =>
        (index.DataBase + Offset(index.Start + 3 + (i * index.OffSize), index.OffSize), index.DataBase + Offset(index.Start + 3 + ((i + 1) * index.OffSize), index.OffSize));

    private int Offset(int at, int size)
    {
        var value = 0;
        for (var i = 0; i < size; i++)
        {
            value = (value << 8) | _cff[at + i];
        }

        return value;
    }

    private Dictionary<int, List<double>> Dict(int from, int to)
    {
        var entries = new Dictionary<int, List<double>>();
        var operands = new List<double>();
        var i = from;
        while (i < to)
        {
            var b = _cff[i];
            switch (b)
            {
                case 28:
                    operands.Add(BinaryPrimitives.ReadInt16BigEndian(_cff.AsSpan(i + 1)));
                    i += 3;
                    break;
                case 29:
                    operands.Add(BinaryPrimitives.ReadInt32BigEndian(_cff.AsSpan(i + 1)));
                    i += 5;
                    break;
                case 30:
                    i++;
                    while ((_cff[i] & 0x0F) != 0x0F && (_cff[i] >> 4) != 0x0F)
                    {
                        i++;
                    }

                    i++;
                    operands.Add(0);
                    break;
                case >= 32 and <= 246:
                    operands.Add(b - 139);
                    i++;
                    break;
                case >= 247 and <= 250:
                    operands.Add(((b - 247) * 256) + _cff[i + 1] + 108);
                    i += 2;
                    break;
                case >= 251 and <= 254:
                    operands.Add(-((b - 251) * 256) - _cff[i + 1] - 108);
                    i += 2;
                    break;
                default:
                    entries[b == 12 ? (12 << 8) | _cff[i + 1] : b] = operands;
                    operands = [];
                    i += b == 12 ? 2 : 1;
                    break;
            }
        }

        return entries;
    }

    private int[] Charset(int at, int glyphs)
    {
        var cids = new int[glyphs];
        var format = _cff[at];
        var p = at + 1;
        for (var g = 1; g < glyphs;)
        {
            if (format == 0)
            {
                cids[g++] = BinaryPrimitives.ReadUInt16BigEndian(_cff.AsSpan(p));
                p += 2;
                continue;
            }

            var first = BinaryPrimitives.ReadUInt16BigEndian(_cff.AsSpan(p));
            var left = format == 1 ? _cff[p + 2] : BinaryPrimitives.ReadUInt16BigEndian(_cff.AsSpan(p + 2));
            p += format == 1 ? 3 : 4;
            for (var k = 0; k <= left && g < glyphs; k++)
            {
                cids[g++] = first + k;
            }
        }

        return cids;
    }

    private int[] FdSelect(int at, int glyphs)
    {
        var fds = new int[glyphs];
        if (_cff[at] == 0)
        {
            for (var g = 0; g < glyphs; g++)
            {
                fds[g] = _cff[at + 1 + g];
            }

            return fds;
        }

        Assert.Equal(3, _cff[at]);
        var ranges = BinaryPrimitives.ReadUInt16BigEndian(_cff.AsSpan(at + 1));
        for (var r = 0; r < ranges; r++)
        {
            var p = at + 3 + (3 * r);
            var next = BinaryPrimitives.ReadUInt16BigEndian(_cff.AsSpan(p + 3));
            for (int g = BinaryPrimitives.ReadUInt16BigEndian(_cff.AsSpan(p)); g < next && g < glyphs; g++)
            {
                fds[g] = _cff[p + 2];
            }
        }

        return fds;
    }
}
