using System.Buffers.Binary;
using System.Text;

namespace GreenIsland.Documents.Pdf;

/// <summary>The font file is missing, unreadable or of a kind the PDF writer cannot embed.</summary>
public sealed class PdfFontException : Exception
{
    public PdfFontException(string message)
        : base(message)
    {
    }

    public PdfFontException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PdfFontException()
    {
    }
}

/// <summary>
/// An OpenType font with CFF outlines (for example Noto Sans CJK), read from an .otf file or one face of an .otc/.ttc
/// collection: metrics, the Unicode cmap, advance widths and the raw CFF table. Only what embedding in a PDF needs.
/// </summary>
public sealed class OpenTypeFont
{
    private readonly Dictionary<int, int> _cmap;
    private readonly ushort[] _advances;
    private readonly int[] _glyphToCid;

    private OpenTypeFont(string postScriptName, string familyName, int unitsPerEm, short[] bbox, short ascender, short descender, short capHeight,
        ushort[] advances, Dictionary<int, int> cmap, ReadOnlyMemory<byte> cff)
    {
        PostScriptName = postScriptName;
        FamilyName = familyName;
        UnitsPerEm = unitsPerEm;
        BoundingBox = bbox;
        Ascender = ascender;
        Descender = descender;
        CapHeight = capHeight;
        _advances = advances;
        _cmap = cmap;
        Cff = cff;
        _glyphToCid = CffSubsetter.GlyphToCid(cff.Span);
    }

    /// <summary>The CID of a glyph (PDF codes and widths of a CIDFontType0 font are CIDs).</summary>
    public int Cid(int glyphId) => glyphId >= 0 && glyphId < _glyphToCid.Length ? _glyphToCid[glyphId] : 0;

    public string PostScriptName { get; }

    public string FamilyName { get; }

    public int UnitsPerEm { get; }

    /// <summary>xMin, yMin, xMax, yMax in font units.</summary>
    public IReadOnlyList<short> BoundingBox { get; }

    public short Ascender { get; }

    public short Descender { get; }

    public short CapHeight { get; }

    public int GlyphCount => _advances.Length;

    /// <summary>The font's CFF table (CID-keyed for CJK fonts).</summary>
    public ReadOnlyMemory<byte> Cff { get; }

    /// <summary>Glyph id of a Unicode code point; 0 (.notdef) when the font has no glyph for it.</summary>
    public int GlyphId(int codePoint) => _cmap.GetValueOrDefault(codePoint);

    /// <summary>Advance width of a glyph in font units.</summary>
    public int Advance(int glyphId) => glyphId >= 0 && glyphId < _advances.Length ? _advances[glyphId] : 0;

    /// <summary>
    /// Reads a font file. For a collection, takes the first face whose family name is in <paramref name="preferredFamilies"/>
    /// (in that order), else the first face.
    /// </summary>
    public static OpenTypeFont Load(byte[] file, IReadOnlyList<string> preferredFamilies)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(preferredFamilies);
        try
        {
            var faces = new List<int>();
            if (file.Length >= 12 && Tag(file, 0) == "ttcf")
            {
                var count = U32(file, 8);
                for (var i = 0; i < count; i++)
                {
                    faces.Add(checked((int)U32(file, 12 + (4 * i))));
                }
            }
            else
            {
                faces.Add(0);
            }

            var parsed = faces.Select(offset => (Offset: offset, Tables: Tables(file, offset))).ToList();
            var named = parsed.Select(p => (p.Offset, p.Tables, Family: NameOf(file, p.Tables, 1) ?? string.Empty)).ToList();
            var chosen = preferredFamilies.Select(f => named.FirstOrDefault(n => string.Equals(n.Family, f, StringComparison.Ordinal)))
                .FirstOrDefault(n => n.Tables is not null);
            if (chosen.Tables is null)
            {
                chosen = named[0];
            }

            return Parse(file, chosen.Offset, chosen.Tables, chosen.Family);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new PdfFontException($"The font file is not a readable OpenType font ({e.Message}).");
        }
    }

    private static OpenTypeFont Parse(byte[] file, int faceOffset, Dictionary<string, (int Offset, int Length)> tables, string family)
    {
        if (Tag(file, faceOffset) != "OTTO" || !tables.ContainsKey("CFF "))
        {
            throw new PdfFontException("The PDF font must be an OpenType font with CFF outlines (such as Noto Sans CJK); TrueType-outline fonts are not supported.");
        }

        foreach (var required in new[] { "head", "hhea", "hmtx", "maxp", "cmap" })
        {
            if (!tables.ContainsKey(required))
            {
                throw new PdfFontException($"The font has no '{required}' table.");
            }
        }

        var head = tables["head"].Offset;
        var unitsPerEm = U16(file, head + 18);
        short[] bbox = [I16(file, head + 36), I16(file, head + 38), I16(file, head + 40), I16(file, head + 42)];
        var hhea = tables["hhea"].Offset;
        var ascender = I16(file, hhea + 4);
        var descender = I16(file, hhea + 6);
        var metricsCount = U16(file, hhea + 34);
        var glyphCount = U16(file, tables["maxp"].Offset + 4);
        var advances = new ushort[glyphCount];
        var hmtx = tables["hmtx"].Offset;
        for (var g = 0; g < glyphCount; g++)
        {
            advances[g] = g < metricsCount ? U16(file, hmtx + (4 * g)) : advances[metricsCount - 1];
        }

        var capHeight = ascender;
        if (tables.TryGetValue("OS/2", out var os2) && U16(file, os2.Offset) >= 2 && os2.Length >= 90)
        {
            capHeight = I16(file, os2.Offset + 88);
        }

        var cff = tables["CFF "];
        var postScriptName = NameOf(file, tables, 6) ?? family.Replace(" ", string.Empty, StringComparison.Ordinal);
        return new OpenTypeFont(postScriptName, family, unitsPerEm, bbox, ascender, descender, capHeight, advances, ReadCmap(file, tables["cmap"].Offset),
            file.AsMemory(cff.Offset, cff.Length));
    }

    private static Dictionary<string, (int Offset, int Length)> Tables(byte[] file, int faceOffset)
    {
        var count = U16(file, faceOffset + 4);
        var tables = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = faceOffset + 12 + (16 * i);
            tables[Tag(file, record)] = (checked((int)U32(file, record + 8)), checked((int)U32(file, record + 12)));
        }

        return tables;
    }

    private static string? NameOf(byte[] file, Dictionary<string, (int Offset, int Length)> tables, int nameId)
    {
        if (!tables.TryGetValue("name", out var name))
        {
            return null;
        }

        var count = U16(file, name.Offset + 2);
        var storage = name.Offset + U16(file, name.Offset + 4);
        string? fallback = null;
        for (var i = 0; i < count; i++)
        {
            var r = name.Offset + 6 + (12 * i);
            var (platform, encoding, language, id) = (U16(file, r), U16(file, r + 2), U16(file, r + 4), U16(file, r + 6));
            if (id != nameId)
            {
                continue;
            }

            var bytes = file.AsSpan(storage + U16(file, r + 10), U16(file, r + 8));
            if (platform == 3 && encoding is 1 or 10)
            {
                var text = Encoding.BigEndianUnicode.GetString(bytes);
                if (language == 0x409)
                {
                    return text;
                }

                fallback ??= text;
            }
            else if (platform == 1 && encoding == 0)
            {
                fallback ??= Encoding.Latin1.GetString(bytes);
            }
        }

        return fallback;
    }

    private static Dictionary<int, int> ReadCmap(byte[] file, int cmap)
    {
        var count = U16(file, cmap + 2);
        int? format4 = null;
        int? format12 = null;
        for (var i = 0; i < count; i++)
        {
            var r = cmap + 4 + (8 * i);
            var (platform, encoding) = (U16(file, r), U16(file, r + 2));
            var sub = cmap + checked((int)U32(file, r + 4));
            var format = U16(file, sub);
            if (format == 12 && (platform == 0 || (platform == 3 && encoding == 10)))
            {
                format12 ??= sub;
            }
            else if (format == 4 && (platform == 0 || (platform == 3 && encoding == 1)))
            {
                format4 ??= sub;
            }
        }

        var map = new Dictionary<int, int>();
        if (format12 is { } f12)
        {
            var groups = U32(file, f12 + 12);
            for (var g = 0; g < groups; g++)
            {
                var p = f12 + 16 + (12 * g);
                var (start, end, glyph) = (U32(file, p), U32(file, p + 4), U32(file, p + 8));
                for (var c = start; c <= end; c++)
                {
                    map[checked((int)c)] = checked((int)(glyph + (c - start)));
                }
            }

            return map;
        }

        if (format4 is not { } f4)
        {
            throw new PdfFontException("The font has no Unicode cmap (format 4 or 12).");
        }

        var segments = U16(file, f4 + 6) / 2;
        var ends = f4 + 14;
        var starts = ends + (2 * segments) + 2;
        var deltas = starts + (2 * segments);
        var rangeOffsets = deltas + (2 * segments);
        for (var s = 0; s < segments; s++)
        {
            var (start, end, delta, rangeOffset) = (U16(file, starts + (2 * s)), U16(file, ends + (2 * s)), I16(file, deltas + (2 * s)), U16(file, rangeOffsets + (2 * s)));
            for (int c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    var raw = U16(file, rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start)));
                    glyph = raw == 0 ? 0 : (raw + delta) & 0xFFFF;
                }

                if (glyph != 0)
                {
                    map[c] = glyph;
                }
            }
        }

        return map;
    }

    private static string Tag(byte[] b, int at) => Encoding.ASCII.GetString(b, at, 4);

    private static ushort U16(byte[] b, int at) => BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(at, 2));

    private static short I16(byte[] b, int at) => BinaryPrimitives.ReadInt16BigEndian(b.AsSpan(at, 2));

    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at, 4));
}
