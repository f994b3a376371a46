using System.Buffers.Binary;
using System.Text;

namespace GreenIsland.Documents.Pdf;

/// <summary>A CID-keyed CFF font cut down to the glyphs a document uses, with its CID system info.</summary>
internal sealed record CffSubset(byte[] Data, string Registry, string Ordering, int Supplement, int GlyphCount);

/// <summary>
/// Subsets a CID-keyed CFF (Adobe TN #5176) for embedding as a PDF FontFile3/CIDFontType0C. The used glyphs are
/// renumbered densely (glyph 0, then the rest in their original order) while keeping their CIDs: the new charset maps
/// each new glyph id to its original CID, so the codes a PDF shows (CIDs, through Identity-H) do not change. FDSelect
/// is rebuilt for the new glyph ids. Subroutines are kept in place (their numbering, and so the bias the charstrings
/// rely on, stays the same) but every subroutine no kept glyph calls becomes a bare <c>return</c>: the charstrings are
/// walked (Type 2, with hint counting for hintmask) to find the calls. If a charstring uses something the walk does
/// not follow (the deprecated arithmetic operators), every subroutine is kept, which is larger but still correct.
/// The header, Name and String INDEXes are copied; the Top, Font and Private DICTs are rewritten with new offsets,
/// each encoded as a 5-byte integer so the layout can be computed before it is written.
/// </summary>
internal static class CffSubsetter
{
    private const byte EndChar = 14;
    private const byte Return = 11;
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
            throw new PdfFontException($"The font's CFF table could not be read ({e.Message}).");
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
                throw new PdfFontException("The font must have CID-keyed CFF outlines (such as Noto Sans CJK).");
            }

            var glyphCount = ReadIndex(cff, Operand(topDict, OpCharStrings)).Count;
            return ReadCharset(cff, Operand(topDict, OpCharset), glyphCount).GlyphToCid;
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or KeyNotFoundException or OverflowException)
        {
            throw new PdfFontException($"The font's CFF table could not be read ({e.Message}).");
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
            throw new PdfFontException("Only CFF tables with one font are supported.");
        }

        var topDict = ReadDict(top.Item(cff, 0));
        if (!topDict.Any(e => e.Op == OpRos))
        {
            throw new PdfFontException("The font must have CID-keyed CFF outlines (such as Noto Sans CJK).");
        }

        var ros = Operands(topDict, OpRos);
        string StringOf(int sid) => sid < StandardStringCount ? $"SID{sid}" : Encoding.Latin1.GetString(strings.Item(memory.Span, sid - StandardStringCount));

        var charStrings = ReadIndex(cff, Operand(topDict, OpCharStrings));
        var glyphCount = charStrings.Count;
        var (glyphToCid, _) = ReadCharset(cff, Operand(topDict, OpCharset), glyphCount);
        var fdOfGlyph = ReadFdSelect(cff, Operand(topDict, OpFdSelect), glyphCount);
        var fdArray = ReadIndex(cff, Operand(topDict, OpFdArray));

        // The kept glyphs in new glyph-id order: .notdef first, then the used ones in their original order.
        var kept = new List<int> { 0 };
        kept.AddRange(glyphs.Where(g => g > 0 && g < glyphCount).Order());

        // Font DICTs with their Private DICTs and local subroutines.
        var fonts = new List<(List<DictEntry> Dict, List<DictEntry> Private, Index? LocalSubrs)>();
        for (var i = 0; i < fdArray.Count; i++)
        {
            var fd = ReadDict(fdArray.Item(cff, i));
            var privateOperands = Operands(fd, OpPrivate);
            var (size, offset) = ((int)privateOperands[0], (int)privateOperands[1]);
            var privateDict = ReadDict(cff.Slice(offset, size));
            Index? localSubrs = privateDict.Any(e => e.Op == OpSubrs) ? ReadIndex(cff, offset + Operand(privateDict, OpSubrs)) : null;
            fonts.Add((fd, privateDict, localSubrs));
        }

        // Which subroutines the kept glyphs call (null: keep them all).
        var locals = fonts.Select(f => f.LocalSubrs).ToList();
        var usage = SubrUsage.Find(memory, kept, fdOfGlyph, charStrings, globalSubrs, locals);
        var renumbering = usage?.Renumbering(globalSubrs, locals);
        byte[] Charstring(Index index, int item)
        {
            var (from, to) = index.ItemRange(memory.Span, item);
            return renumbering is null ? memory.Span[from..to].ToArray() : renumbering.Rewrite(memory.Span, from, to);
        }

        byte[] Subrs(Index subrs, IReadOnlySet<int>? used, IReadOnlyList<int>? compacted) =>
            compacted is not null ? WriteIndex(compacted.Select(i => Charstring(subrs, i)).ToList())
            : used is not null ? WriteIndex(Enumerable.Range(0, subrs.Count).Select(i => used.Contains(i) ? Charstring(subrs, i) : [Return]).ToList())
            : memory.Span[subrs.Start..subrs.End].ToArray();

        var newGlobalSubrs = Subrs(globalSubrs, usage?.Global, renumbering?.Global);
        var newLocalSubrs = fonts.Select((f, i) => f.LocalSubrs is { } local ? Subrs(local, usage?.Local[i], renumbering?.Local[i]) : []).ToList();

        var newCharset = new byte[1 + (2 * (kept.Count - 1))];
        for (var g = 1; g < kept.Count; g++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(newCharset.AsSpan(1 + (2 * (g - 1))), checked((ushort)glyphToCid[kept[g]]));
        }

        var newFdSelect = new byte[1 + kept.Count];
        for (var g = 0; g < kept.Count; g++)
        {
            newFdSelect[1 + g] = checked((byte)fdOfGlyph[kept[g]]);
        }

        var newCharStrings = WriteIndex(kept.Select(g => Charstring(charStrings, g)).ToList());

        // Layout: header, Name, Top DICT, String, Global Subr INDEXes, charset, FDSelect, CharStrings, FDArray, Private DICTs + subrs.
        var topPlaceholder = WriteIndex([WriteDict(topDict, new Dictionary<int, int[]> { [OpCharset] = [0], [OpCharStrings] = [0], [OpFdSelect] = [0], [OpFdArray] = [0] })]);
        var charsetAt = headerSize + (name.End - name.Start) + topPlaceholder.Length + (strings.End - strings.Start) + newGlobalSubrs.Length;
        var fdSelectAt = charsetAt + newCharset.Length;
        var charStringsAt = fdSelectAt + newFdSelect.Length;
        var fdArrayAt = charStringsAt + newCharStrings.Length;
        var fdPlaceholder = WriteIndex(fonts.Select(f => WriteDict(f.Dict, new Dictionary<int, int[]> { [OpPrivate] = [0, 0] })).ToList());
        var privateAt = fdArrayAt + fdPlaceholder.Length;
        var fontDicts = new List<byte[]>();
        var privates = new List<byte[]>();
        for (var i = 0; i < fonts.Count; i++)
        {
            var (dict, privateDict, localSubrs) = fonts[i];
            // Subrs is relative to the Private DICT: right after it. The placeholder has the same length as the result.
            var placeholder = WriteDict(privateDict, new Dictionary<int, int[]> { [OpSubrs] = [0] });
            var rewritten = localSubrs is null ? placeholder : WriteDict(privateDict, new Dictionary<int, int[]> { [OpSubrs] = [placeholder.Length] });
            fontDicts.Add(WriteDict(dict, new Dictionary<int, int[]> { [OpPrivate] = [rewritten.Length, privateAt] }));
            privates.Add([.. rewritten, .. newLocalSubrs[i]]);
            privateAt += rewritten.Length + newLocalSubrs[i].Length;
        }

        using var output = new MemoryStream();
        output.Write(cff[..headerSize]);
        output.Write(cff[name.Start..name.End]);
        output.Write(WriteIndex([WriteDict(topDict, new Dictionary<int, int[]>
        {
            [OpCharset] = [charsetAt], [OpCharStrings] = [charStringsAt], [OpFdSelect] = [fdSelectAt], [OpFdArray] = [fdArrayAt],
        })]));
        output.Write(cff[strings.Start..strings.End]);
        output.Write(newGlobalSubrs);
        output.Write(newCharset);
        output.Write(newFdSelect);
        output.Write(newCharStrings);
        output.Write(WriteIndex(fontDicts));
        foreach (var p in privates)
        {
            output.Write(p);
        }

        return new CffSubset(output.ToArray(), StringOf((int)ros[0]), StringOf((int)ros[1]), (int)ros[2], kept.Count);
    }

    /// <summary>
    /// Walks Type 2 charstrings (Adobe TN #5177) to find the global and local subroutines they call. Only what finding
    /// calls needs: operand stack for the subroutine numbers, stem counting for the hintmask bytes.
    /// </summary>
    private sealed class SubrUsage
    {
        private const int MaxDepth = 10;
        private readonly ReadOnlyMemory<byte> _cff;
        private readonly Index _global;
        // Each operand with where it was read (its first byte and length in the CFF), so a subroutine number can be rewritten.
        private readonly List<(double Value, int At, int Length)> _stack = [];

        // Call sites: the operand of each callsubr/callgsubr, with the font DICT a local call resolves in (-1: global).
        private readonly Dictionary<int, (int Length, int Fd, int Number)> _calls = [];
        private bool _callsRewritable = true;
        private Index? _local;
        private int _localFd;
        private int _stems;

        private SubrUsage(ReadOnlyMemory<byte> cff, Index global, int fontCount)
        {
            _cff = cff;
            _global = global;
            Local = Enumerable.Range(0, fontCount).Select(_ => new HashSet<int>()).ToList();
        }

        public HashSet<int> Global { get; } = [];

        public List<HashSet<int>> Local { get; }

        public static SubrUsage? Find(ReadOnlyMemory<byte> cff, IReadOnlyList<int> glyphs, int[] fdOfGlyph, Index charStrings, Index global, IReadOnlyList<Index?> locals)
        {
            var usage = new SubrUsage(cff, global, locals.Count);
            foreach (var glyph in glyphs)
            {
                usage._stack.Clear();
                usage._stems = 0;
                usage._localFd = fdOfGlyph[glyph];
                usage._local = locals[usage._localFd];
                var start = charStrings.ItemRange(cff.Span, glyph);
                if (usage.Walk(start.From, start.To, 0) == Outcome.Unsupported)
                {
                    return null;
                }
            }

            return usage;
        }

        private enum Outcome
        {
            Returned,
            Ended,
            Unsupported,
        }

        private Outcome Walk(int from, int to, int depth)
        {
            if (depth > MaxDepth)
            {
                return Outcome.Unsupported;
            }

            var i = from;
            while (i < to)
            {
                var cs = _cff.Span;
                var b = cs[i];
                if (b == 28)
                {
                    _stack.Add((BinaryPrimitives.ReadInt16BigEndian(cs.Slice(i + 1, 2)), i, 3));
                    i += 3;
                }
                else if (b >= 32 && b <= 246)
                {
                    _stack.Add((b - 139, i, 1));
                    i++;
                }
                else if (b >= 247 && b <= 250)
                {
                    _stack.Add((((b - 247) * 256) + cs[i + 1] + 108, i, 2));
                    i += 2;
                }
                else if (b >= 251 && b <= 254)
                {
                    _stack.Add(((-(b - 251) * 256) - cs[i + 1] - 108, i, 2));
                    i += 2;
                }
                else if (b == 255)
                {
                    _stack.Add((BinaryPrimitives.ReadInt32BigEndian(cs.Slice(i + 1, 4)) / 65536d, i, 5));
                    i += 5;
                }
                else
                {
                    switch (b)
                    {
                        case 1 or 3 or 18 or 23:
                            _stems += _stack.Count / 2;
                            _stack.Clear();
                            i++;
                            break;
                        case 19 or 20:
                            // hintmask/cntrmask: operands before it are an implicit vstem; then one bit per stem.
                            _stems += _stack.Count / 2;
                            _stack.Clear();
                            i += 1 + ((_stems + 7) / 8);
                            break;
                        case 10 or 29:
                        {
                            var subrs = b == 10 ? _local : _global;
                            if (subrs is not { } index || _stack.Count == 0)
                            {
                                return Outcome.Unsupported;
                            }

                            var operand = _stack[^1];
                            var number = (int)operand.Value + Bias(index.Count);
                            _stack.RemoveAt(_stack.Count - 1);
                            if (number < 0 || number >= index.Count)
                            {
                                return Outcome.Unsupported;
                            }

                            NoteCall(operand.At, operand.Length, from, b == 10 ? _localFd : -1, number);

                            (b == 10 ? Local[_localFd] : Global).Add(number);
                            var range = index.ItemRange(cs, number);
                            var outcome = Walk(range.From, range.To, depth + 1);
                            if (outcome != Outcome.Returned)
                            {
                                return outcome;
                            }

                            i++;
                            break;
                        }

                        case Return:
                            return Outcome.Returned;
                        case EndChar:
                            return Outcome.Ended;
                        case 12:
                            // Flex operators (12 34-37) are drawing operators; the others under 12 are the deprecated arithmetic ones.
                            if (cs[i + 1] is < 34 or > 37)
                            {
                                return Outcome.Unsupported;
                            }

                            _stack.Clear();
                            i += 2;
                            break;
                        default:
                            _stack.Clear();
                            i++;
                            break;
                    }
                }
            }

            return Outcome.Returned;
        }

        /// <summary>
        /// New subroutine numbers (the used ones, packed in their order) and the call operands to rewrite, or null when
        /// the calls cannot all be rewritten: a number not written right before its call, or a global subroutine that
        /// calls local ones from glyphs of different font DICTs (its call would need two numbers).
        /// </summary>
        public Renumbering? Renumbering(Index global, IReadOnlyList<Index?> locals)
        {
            if (!_callsRewritable)
            {
                return null;
            }

            var globalOrder = Global.Order().ToList();
            var localOrder = Local.Select(l => l.Order().ToList()).ToList();
            var globalNew = globalOrder.Select((old, i) => (old, i)).ToDictionary(p => p.old, p => p.i - Bias(globalOrder.Count));
            var localNew = localOrder.Select(o => o.Select((old, i) => (old, i)).ToDictionary(p => p.old, p => p.i - Bias(o.Count))).ToList();
            var operands = _calls.ToDictionary(c => c.Key, c => (c.Value.Length, c.Value.Fd < 0 ? globalNew[c.Value.Number] : localNew[c.Value.Fd][c.Value.Number]));
            return new Renumbering(globalOrder, localOrder, operands);
        }

        private void NoteCall(int at, int length, int charstringStart, int fd, int number)
        {
            // The number must be a literal in the charstring that makes the call (not left on the stack by another).
            if (at < charstringStart)
            {
                _callsRewritable = false;
                return;
            }

            if (_calls.TryGetValue(at, out var seen) && (seen.Fd != fd || seen.Number != number))
            {
                _callsRewritable = false;
                return;
            }

            _calls[at] = (length, fd, number);
        }

        private static int Bias(int count) => count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
    }

    /// <summary>The packed subroutine lists and each call operand's new (biased) value.</summary>
    private sealed class Renumbering(List<int> global, List<List<int>> local, Dictionary<int, (int Length, int Value)> operands)
    {
        public IReadOnlyList<int> Global => global;

        public IReadOnlyList<IReadOnlyList<int>> Local => local;

        /// <summary>The charstring at [from, to) of the CFF with its call operands replaced by their new numbers.</summary>
        public byte[] Rewrite(ReadOnlySpan<byte> cff, int from, int to)
        {
            var output = new List<byte>(to - from);
            var i = from;
            foreach (var (at, (length, value)) in operands.Where(o => o.Key >= from && o.Key < to).OrderBy(o => o.Key))
            {
                output.AddRange(cff[i..at]);
                Encode(output, value);
                i = at + length;
            }

            output.AddRange(cff[i..to]);
            return [.. output];
        }

        private static void Encode(List<byte> output, int v)
        {
            if (v is >= -107 and <= 107)
            {
                output.Add((byte)(v + 139));
            }
            else if (v is >= 108 and <= 1131)
            {
                var w = v - 108;
                output.Add((byte)((w >> 8) + 247));
                output.Add((byte)(w & 0xFF));
            }
            else if (v is >= -1131 and <= -108)
            {
                var w = -v - 108;
                output.Add((byte)((w >> 8) + 251));
                output.Add((byte)(w & 0xFF));
            }
            else
            {
                output.Add(28);
                output.Add((byte)((v >> 8) & 0xFF));
                output.Add((byte)(v & 0xFF));
            }
        }
    }

    private readonly record struct Index(int Start, int End, int Count, int DataBase, int OffSize, int OffsetsAt)
    {
        public (int From, int To) ItemRange(ReadOnlySpan<byte> cff, int i) =>
            (DataBase + ReadOffset(cff, OffsetsAt + (i * OffSize), OffSize), DataBase + ReadOffset(cff, OffsetsAt + ((i + 1) * OffSize), OffSize));

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
                throw new PdfFontException($"Unexpected byte {b} in a CFF DICT.");
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
        dict.FirstOrDefault(e => e.Op == op)?.Operands ?? throw new PdfFontException($"The CFF DICT lacks operator {op}.");

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
            throw new PdfFontException($"Unknown CFF charset format {format}.");
        }

        return (map, p - at);
    }

    private static int[] ReadFdSelect(ReadOnlySpan<byte> cff, int at, int glyphCount)
    {
        var fds = new int[glyphCount];
        switch (cff[at])
        {
            case 0:
                for (var g = 0; g < glyphCount; g++)
                {
                    fds[g] = cff[at + 1 + g];
                }

                break;
            case 3:
                var ranges = BinaryPrimitives.ReadUInt16BigEndian(cff.Slice(at + 1, 2));
                for (var r = 0; r < ranges; r++)
                {
                    var p = at + 3 + (3 * r);
                    var first = BinaryPrimitives.ReadUInt16BigEndian(cff.Slice(p, 2));
                    var next = BinaryPrimitives.ReadUInt16BigEndian(cff.Slice(p + 3, 2));
                    for (var g = first; g < next && g < glyphCount; g++)
                    {
                        fds[g] = cff[p + 2];
                    }
                }

                break;
            case var f:
                throw new PdfFontException($"Unknown CFF FDSelect format {f}.");
        }

        return fds;
    }

    // SIDs below 391 are the CFF standard strings; the ROS of CJK fonts names custom strings ("Adobe", "Identity").
    private const int StandardStringCount = 391;
}
