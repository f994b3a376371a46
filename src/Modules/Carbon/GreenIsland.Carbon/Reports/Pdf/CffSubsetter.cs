using System.Buffers.Binary;
using System.Text;

namespace GreenIsland.Carbon.Reports.Pdf;

/// <summary>A CID-keyed CFF font cut down to the glyphs a document uses, with its CID system info and GID-to-CID map.</summary>
internal sealed record CffSubset(byte[] Data, string Registry, string Ordering, int Supplement, IReadOnlyList<int> GlyphToCid);

/// <summary>
/// Subsets a CID-keyed CFF (Adobe TN #5176) for embedding as a PDF FontFile3/CIDFontType0C. Glyph ids stay as they
/// are: the charstring of every unused glyph becomes a bare <c>endchar</c>, which removes almost all of the outline
/// data (Noto Sans CJK: 14 MB of charstrings) while charset, FDSelect and the subroutines stay valid unchanged. The
/// header, Name, String and Global Subr INDEXes are copied; the Top, Font and Private DICTs are rewritten with new
/// offsets, each encoded as a 5-byte integer so the layout can be computed before it is written.
/// </summary>
internal static class CffSubsetter
{
    private const byte EndChar = 14;
    private const int OpCharset = 15;
    private const int OpCharStrings = 17;
    private const int OpPrivate = 18;
    private const int OpSubrs = 19;
    private const int OpRos = (12 << 8) | 30;
    private const int OpFdArray = (12 << 8) | 36;
    private const int OpFdSelect = (12 << 8) | 37;

    public static CffSubset Subset(ReadOnlyMemory<byte> cff, IReadOnlySet<int> glyphs)
    {
        ArgumentNullException.ThrowIfNull(glyphs);
        try
        {
            return SubsetCore(cff, glyphs);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or KeyNotFoundException or OverflowException)
        {
            throw new ReportFontException($"The font's CFF table could not be read ({e.Message}).");
        }
    }

    /// <summary>The CID of every glyph id (from the charset of a CID-keyed CFF).</summary>
    public static int[] GlyphToCid(ReadOnlySpan<byte> cff)
    {
        try
        {
            var name = ReadIndex(cff, cff[2]);
            var top = ReadIndex(cff, name.End);
            var topDict = ReadDict(top.Item(cff, 0));
            if (!topDict.Any(e => e.Op == OpRos))
            {
                throw new ReportFontException("The report font must have CID-keyed CFF outlines (such as Noto Sans CJK).");
            }

            var glyphCount = ReadIndex(cff, Operand(topDict, OpCharStrings)).Count;
            return ReadCharset(cff, Operand(topDict, OpCharset), glyphCount).GlyphToCid;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or KeyNotFoundException or OverflowException)
        {
            throw new ReportFontException($"The font's CFF table could not be read ({e.Message}).");
        }
    }

    private static CffSubset SubsetCore(ReadOnlyMemory<byte> memory, IReadOnlySet<int> glyphs)
    {
        var cff = memory.Span;
        var headerSize = cff[2];
        var name = ReadIndex(cff, headerSize);
        var top = ReadIndex(cff, name.End);
        var strings = ReadIndex(cff, top.End);
        var globalSubrs = ReadIndex(cff, strings.End);
        if (top.Count != 1)
        {
            throw new ReportFontException("Only CFF tables with one font are supported.");
        }

        var topDict = ReadDict(top.Item(cff, 0));
        if (!topDict.Any(e => e.Op == OpRos))
        {
            throw new ReportFontException("The report font must have CID-keyed CFF outlines (such as Noto Sans CJK).");
        }

        var ros = Operands(topDict, OpRos);
        string StringOf(int sid) => sid < StandardStrings.Length ? StandardStrings[sid] : Encoding.Latin1.GetString(strings.Item(memory.Span, sid - StandardStrings.Length));

        var charStrings = ReadIndex(cff, Operand(topDict, OpCharStrings));
        var glyphCount = charStrings.Count;
        var charsetOffset = Operand(topDict, OpCharset);
        var (glyphToCid, charsetLength) = ReadCharset(cff, charsetOffset, glyphCount);
        var fdSelectOffset = Operand(topDict, OpFdSelect);
        var fdSelectLength = FdSelectLength(cff, fdSelectOffset, glyphCount);
        var fdArray = ReadIndex(cff, Operand(topDict, OpFdArray));

        // Font DICTs and their Private DICTs (+ local subrs), rebuilt so offsets can move.
        var fonts = new List<(List<DictEntry> Dict, byte[] Private, byte[] LocalSubrs)>();
        for (var i = 0; i < fdArray.Count; i++)
        {
            var fd = ReadDict(fdArray.Item(cff, i));
            var privateOperands = Operands(fd, OpPrivate);
            var (size, offset) = ((int)privateOperands[0], (int)privateOperands[1]);
            var privateDict = ReadDict(cff.Slice(offset, size));
            var localSubrs = Array.Empty<byte>();
            if (privateDict.Any(e => e.Op == OpSubrs))
            {
                var subrs = ReadIndex(cff, offset + Operand(privateDict, OpSubrs));
                localSubrs = cff[subrs.Start..subrs.End].ToArray();
            }

            fonts.Add((fd, WriteDict(privateDict, new Dictionary<int, int[]> { [OpSubrs] = [0] }), localSubrs));
        }

        // Layout: header, Name, Top DICT, String, Global Subr INDEXes, charset, FDSelect, CharStrings, FDArray, Private DICTs + subrs.
        var newCharStrings = WriteIndex(Enumerable.Range(0, glyphCount)
            .Select(g => g == 0 || glyphs.Contains(g) ? charStrings.Item(memory.Span, g).ToArray() : [EndChar]).ToList());
        var topPlaceholder = WriteIndex([WriteDict(topDict, new Dictionary<int, int[]> { [OpCharset] = [0], [OpCharStrings] = [0], [OpFdSelect] = [0], [OpFdArray] = [0] })]);
        var at = headerSize + (name.End - name.Start) + topPlaceholder.Length + (strings.End - strings.Start) + (globalSubrs.End - globalSubrs.Start);
        var newCharset = at;
        var newFdSelect = newCharset + charsetLength;
        var newCharStringsAt = newFdSelect + fdSelectLength;
        var newFdArray = newCharStringsAt + newCharStrings.Length;
        var fdPlaceholder = WriteIndex(fonts.Select(f => WriteDict(f.Dict, new Dictionary<int, int[]> { [OpPrivate] = [0, 0] })).ToList());
        var privateAt = newFdArray + fdPlaceholder.Length;
        var fontDicts = new List<byte[]>();
        var privates = new List<byte[]>();
        foreach (var (dict, privateDict, localSubrs) in fonts)
        {
            // Subrs is relative to the Private DICT: right after it.
            var rewritten = localSubrs.Length > 0 ? WriteDict(ReadDict(privateDict), new Dictionary<int, int[]> { [OpSubrs] = [privateDict.Length] }) : privateDict;
            fontDicts.Add(WriteDict(dict, new Dictionary<int, int[]> { [OpPrivate] = [rewritten.Length, privateAt] }));
            privates.Add([.. rewritten, .. localSubrs]);
            privateAt += rewritten.Length + localSubrs.Length;
        }

        using var output = new MemoryStream();
        output.Write(cff[..headerSize]);
        output.Write(cff[name.Start..name.End]);
        output.Write(WriteIndex([WriteDict(topDict, new Dictionary<int, int[]>
        {
            [OpCharset] = [newCharset], [OpCharStrings] = [newCharStringsAt], [OpFdSelect] = [newFdSelect], [OpFdArray] = [newFdArray],
        })]));
        output.Write(cff[strings.Start..strings.End]);
        output.Write(cff[globalSubrs.Start..globalSubrs.End]);
        output.Write(cff.Slice(charsetOffset, charsetLength));
        output.Write(cff.Slice(fdSelectOffset, fdSelectLength));
        output.Write(newCharStrings);
        output.Write(WriteIndex(fontDicts));
        foreach (var p in privates)
        {
            output.Write(p);
        }

        return new CffSubset(output.ToArray(), StringOf((int)ros[0]), StringOf((int)ros[1]), (int)ros[2], glyphToCid);
    }

    private readonly record struct Index(int Start, int End, int Count, int DataBase, int OffSize, int OffsetsAt)
    {
        public ReadOnlySpan<byte> Item(ReadOnlySpan<byte> cff, int i)
        {
            var from = DataBase + ReadOffset(cff, OffsetsAt + (i * OffSize), OffSize);
            var to = DataBase + ReadOffset(cff, OffsetsAt + ((i + 1) * OffSize), OffSize);
            return cff[from..to];
        }
    }

    private static Index ReadIndex(ReadOnlySpan<byte> cff, int at)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(cff.Slice(at, 2));
        if (count == 0)
        {
            return new Index(at, at + 2, 0, 0, 0, 0);
        }

        var offSize = cff[at + 2];
        var offsetsAt = at + 3;
        var dataBase = offsetsAt + ((count + 1) * offSize) - 1;
        var end = dataBase + ReadOffset(cff, offsetsAt + (count * offSize), offSize);
        return new Index(at, end, count, dataBase, offSize, offsetsAt);
    }

    private static int ReadOffset(ReadOnlySpan<byte> cff, int at, int size)
    {
        var value = 0;
        for (var i = 0; i < size; i++)
        {
            value = (value << 8) | cff[at + i];
        }

        return value;
    }

    private static byte[] WriteIndex(IReadOnlyList<byte[]> items)
    {
        using var output = new MemoryStream();
        output.WriteByte((byte)((items.Count >> 8) & 0xFF));
        output.WriteByte((byte)(items.Count & 0xFF));
        if (items.Count == 0)
        {
            return output.ToArray();
        }

        var total = items.Sum(i => (long)i.Length) + 1;
        var offSize = total <= 0xFF ? 1 : total <= 0xFFFF ? 2 : total <= 0xFFFFFF ? 3 : 4;
        output.WriteByte((byte)offSize);
        var offset = 1;
        for (var i = 0; i <= items.Count; i++)
        {
            for (var b = offSize - 1; b >= 0; b--)
            {
                output.WriteByte((byte)((offset >> (8 * b)) & 0xFF));
            }

            if (i < items.Count)
            {
                offset += items[i].Length;
            }
        }

        foreach (var item in items)
        {
            output.Write(item);
        }

        return output.ToArray();
    }

    private sealed record DictEntry(int Op, byte[] OperandBytes, List<double> Operands);

    private static List<DictEntry> ReadDict(ReadOnlySpan<byte> dict)
    {
        var entries = new List<DictEntry>();
        var operands = new List<double>();
        var start = 0;
        var i = 0;
        while (i < dict.Length)
        {
            var b = dict[i];
            if (b <= 21)
            {
                var op = b == 12 ? (12 << 8) | dict[i + 1] : b;
                var operandBytes = dict[start..i].ToArray();
                i += b == 12 ? 2 : 1;
                entries.Add(new DictEntry(op, operandBytes, operands));
                operands = [];
                start = i;
            }
            else if (b == 28)
            {
                operands.Add(BinaryPrimitives.ReadInt16BigEndian(dict.Slice(i + 1, 2)));
                i += 3;
            }
            else if (b == 29)
            {
                operands.Add(BinaryPrimitives.ReadInt32BigEndian(dict.Slice(i + 1, 4)));
                i += 5;
            }
            else if (b == 30)
            {
                // Real number: nibbles up to an 0xf terminator; its value is not needed (only offsets are rewritten).
                i++;
                while ((dict[i] & 0x0F) != 0x0F && (dict[i] >> 4) != 0x0F)
                {
                    i++;
                }

                i++;
                operands.Add(0);
            }
            else if (b is >= 32 and <= 246)
            {
                operands.Add(b - 139);
                i++;
            }
            else if (b is >= 247 and <= 250)
            {
                operands.Add(((b - 247) * 256) + dict[i + 1] + 108);
                i += 2;
            }
            else if (b is >= 251 and <= 254)
            {
                operands.Add((-(b - 251) * 256) - dict[i + 1] - 108);
                i += 2;
            }
            else
            {
                throw new ReportFontException($"Unexpected byte {b} in a CFF DICT.");
            }
        }

        return entries;
    }

    private static byte[] WriteDict(List<DictEntry> entries, Dictionary<int, int[]> replace)
    {
        using var output = new MemoryStream();
        var four = new byte[4];
        foreach (var entry in entries)
        {
            if (replace.TryGetValue(entry.Op, out var values))
            {
                foreach (var v in values)
                {
                    output.WriteByte(29);
                    BinaryPrimitives.WriteInt32BigEndian(four, v);
                    output.Write(four);
                }
            }
            else
            {
                output.Write(entry.OperandBytes);
            }

            if (entry.Op > 0xFF)
            {
                output.WriteByte(12);
                output.WriteByte((byte)(entry.Op & 0xFF));
            }
            else
            {
                output.WriteByte((byte)entry.Op);
            }
        }

        return output.ToArray();
    }

    private static List<double> Operands(List<DictEntry> dict, int op) =>
        dict.FirstOrDefault(e => e.Op == op)?.Operands ?? throw new ReportFontException($"The CFF DICT lacks operator {op}.");

    private static int Operand(List<DictEntry> dict, int op) => (int)Operands(dict, op)[0];

    private static (int[] GlyphToCid, int Length) ReadCharset(ReadOnlySpan<byte> cff, int at, int glyphCount)
    {
        var map = new int[glyphCount];
        var format = cff[at];
        var p = at + 1;
        var gid = 1;
        if (format == 0)
        {
            for (; gid < glyphCount; gid++, p += 2)
            {
                map[gid] = BinaryPrimitives.ReadUInt16BigEndian(cff.Slice(p, 2));
            }
        }
        else if (format is 1 or 2)
        {
            while (gid < glyphCount)
            {
                var first = BinaryPrimitives.ReadUInt16BigEndian(cff.Slice(p, 2));
                var left = format == 1 ? cff[p + 2] : BinaryPrimitives.ReadUInt16BigEndian(cff.Slice(p + 2, 2));
                p += format == 1 ? 3 : 4;
                for (var k = 0; k <= left && gid < glyphCount; k++, gid++)
                {
                    map[gid] = first + k;
                }
            }
        }
        else
        {
            throw new ReportFontException($"Unknown CFF charset format {format}.");
        }

        return (map, p - at);
    }

    private static int FdSelectLength(ReadOnlySpan<byte> cff, int at, int glyphCount) => cff[at] switch
    {
        0 => 1 + glyphCount,
        3 => 1 + 2 + (3 * BinaryPrimitives.ReadUInt16BigEndian(cff.Slice(at + 1, 2))) + 2,
        var f => throw new ReportFontException($"Unknown CFF FDSelect format {f}."),
    };

    // The first 391 SIDs are the CFF standard strings; the ROS of CJK fonts uses custom strings, so only the count matters here,
    // and the few standard names a ROS could use are given.
    private static readonly string[] StandardStrings = BuildStandardStrings();

    private static string[] BuildStandardStrings()
    {
        var strings = new string[391];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = $"SID{i}";
        }

        return strings;
    }
}
