using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace GreenIsland.Carbon.Reports.Pdf;

/// <summary>An RGB colour with components 0-1.</summary>
internal readonly record struct PdfColour(double R, double G, double B)
{
    public static readonly PdfColour Black = new(0, 0, 0);

    public static PdfColour FromHex(int rgb) => new(((rgb >> 16) & 0xFF) / 255d, ((rgb >> 8) & 0xFF) / 255d, (rgb & 0xFF) / 255d);
}

/// <summary>
/// A small PDF 1.7 writer for reports: A4 pages, text in embedded CID-keyed OpenType/CFF fonts (Identity-H, with a
/// ToUnicode map so text can be searched and copied), filled rectangles and lines. Coordinates are points from the
/// top-left corner of the page (the writer flips them). Fonts are subset to the glyphs used when the document is saved.
/// </summary>
internal sealed class PdfDocumentWriter(IReadOnlyList<OpenTypeFont> fonts)
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;

    private readonly List<StringBuilder> _pages = [];
    private readonly List<HashSet<int>> _usedGlyphs = fonts.Select(_ => new HashSet<int>()).ToList();
    private readonly List<Dictionary<int, int>> _glyphToChar = fonts.Select(_ => new Dictionary<int, int>()).ToList();

    public int PageCount => _pages.Count;

    public string Title { get; init; } = string.Empty;

    public string Author { get; init; } = string.Empty;

    /// <summary>Creation date written into the document information (from the caller's clock).</summary>
    public DateTime CreatedAtUtc { get; init; }

    public int AddPage()
    {
        _pages.Add(new StringBuilder());
        return _pages.Count - 1;
    }

    /// <summary>Width of <paramref name="text"/> in points.</summary>
    public double Measure(string text, int font, double size)
    {
        ArgumentNullException.ThrowIfNull(text);
        var f = fonts[font];
        long units = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            units += f.Advance(f.GlyphId(rune.Value));
        }

        return units * size / f.UnitsPerEm;
    }

    public void Text(int page, double x, double top, string text, int font, double size, PdfColour colour)
    {
        ArgumentNullException.ThrowIfNull(text);
        var f = fonts[font];
        var hex = new StringBuilder(text.Length * 4);
        foreach (var rune in text.EnumerateRunes())
        {
            var glyph = f.GlyphId(rune.Value);
            _usedGlyphs[font].Add(glyph);
            _glyphToChar[font].TryAdd(glyph, rune.Value);
            hex.Append(f.Cid(glyph).ToString("X4", CultureInfo.InvariantCulture));
        }

        // The baseline sits one ascent below the top of the line box.
        var baseline = PageHeight - top - (size * f.Ascender / f.UnitsPerEm);
        _pages[page].Append(CultureInfo.InvariantCulture, $"BT {Colour(colour)} rg /F{font} {N(size)} Tf {N(x)} {N(baseline)} Td <{hex}> Tj ET\n");
    }

    public void Rectangle(int page, double x, double top, double width, double height, PdfColour fill) =>
        _pages[page].Append(CultureInfo.InvariantCulture, $"{Colour(fill)} rg {N(x)} {N(PageHeight - top - height)} {N(width)} {N(height)} re f\n");

    public void Line(int page, double x1, double top1, double x2, double top2, double width, PdfColour colour) =>
        _pages[page].Append(CultureInfo.InvariantCulture, $"{Colour(colour)} RG {N(width)} w {N(x1)} {N(PageHeight - top1)} m {N(x2)} {N(PageHeight - top2)} l S\n");

    public byte[] Save()
    {
        if (_pages.Count == 0)
        {
            throw new InvalidOperationException("A PDF needs at least one page.");
        }

        var objects = new List<byte[]>();
        int Reserve()
        {
            objects.Add([]);
            return objects.Count;
        }

        void Set(int id, string body) => objects[id - 1] = Encoding.ASCII.GetBytes(body);
        void SetStream(int id, string dictionary, byte[] data, bool compress = true)
        {
            var payload = compress ? Deflate(data) : data;
            using var ms = new MemoryStream();
            var head = $"<< {dictionary}{(compress ? " /Filter /FlateDecode" : string.Empty)} /Length {payload.Length} >>\nstream\n";
            ms.Write(Encoding.ASCII.GetBytes(head));
            ms.Write(payload);
            ms.Write("\nendstream"u8);
            objects[id - 1] = ms.ToArray();
        }

        var catalog = Reserve();
        var pagesId = Reserve();
        var info = Reserve();
        var fontIds = new List<int>();
        for (var i = 0; i < fonts.Count; i++)
        {
            fontIds.Add(WriteFont(i, Reserve, Set, SetStream));
        }

        var fontResources = string.Join(' ', fontIds.Select((id, i) => $"/F{i} {id} 0 R"));
        var pageIds = new List<int>();
        foreach (var page in _pages)
        {
            var content = Reserve();
            SetStream(content, string.Empty, Encoding.ASCII.GetBytes(page.ToString()));
            var pageId = Reserve();
            Set(pageId, $"<< /Type /Page /Parent {pagesId} 0 R /MediaBox [0 0 {N(PageWidth)} {N(PageHeight)}] /Resources << /Font << {fontResources} >> >> /Contents {content} 0 R >>");
            pageIds.Add(pageId);
        }

        Set(catalog, $"<< /Type /Catalog /Pages {pagesId} 0 R /Lang (zh-CN) >>");
        Set(pagesId, $"<< /Type /Pages /Kids [{string.Join(' ', pageIds.Select(p => $"{p} 0 R"))}] /Count {pageIds.Count} >>");
        Set(info, $"<< /Title {TextString(Title)} /Author {TextString(Author)} /Producer (GreenIsland) /CreationDate (D:{CreatedAtUtc.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}Z) >>");

        using var output = new MemoryStream();
        output.Write("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"u8);
        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = output.Position;
            output.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            output.Write(objects[i]);
            output.Write("\nendobj\n"u8);
        }

        var xref = output.Position;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root {catalog} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Encoding.ASCII.GetBytes(table.ToString()));
        return output.ToArray();
    }

    private int WriteFont(int index, Func<int> reserve, Action<int, string> set, Action<int, string, byte[], bool> setStream)
    {
        var font = fonts[index];
        var used = _usedGlyphs[index];
        used.Add(0);
        var subset = CffSubsetter.Subset(font.Cff, used);
        // Subset tag: six capital letters derived from the glyph set, as PDF 32000-1 9.6.4 asks.
        var digest = SHA256.HashData(Encoding.ASCII.GetBytes(string.Join(',', used.Order())));
        var tag = new string(digest.Take(6).Select(b => (char)('A' + (b % 26))).ToArray());
        var baseFont = $"{tag}+{font.PostScriptName}";
        double Scale(int units) => units * 1000d / font.UnitsPerEm;

        var type0 = reserve();
        var cidFont = reserve();
        var descriptor = reserve();
        var file = reserve();
        var toUnicode = reserve();
        setStream(file, "/Subtype /CIDFontType0C", subset.Data, true);
        var bbox = font.BoundingBox;
        set(descriptor, $"<< /Type /FontDescriptor /FontName /{baseFont} /Flags 4 /FontBBox [{N(Scale(bbox[0]))} {N(Scale(bbox[1]))} {N(Scale(bbox[2]))} {N(Scale(bbox[3]))}] " +
            $"/ItalicAngle 0 /Ascent {N(Scale(font.Ascender))} /Descent {N(Scale(font.Descender))} /CapHeight {N(Scale(font.CapHeight))} /StemV 80 /FontFile3 {file} 0 R >>");

        // Codes are glyph ids (Identity-H); the CIDFont maps CIDs through the CFF charset, so widths and codes use CIDs.
        var widths = new StringBuilder();
        foreach (var glyph in used.Order())
        {
            widths.Append(CultureInfo.InvariantCulture, $"{subset.GlyphToCid[glyph]} [{N(Scale(font.Advance(glyph)))}] ");
        }

        set(cidFont, $"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{baseFont} /CIDSystemInfo << /Registry {TextString(subset.Registry)} " +
            $"/Ordering {TextString(subset.Ordering)} /Supplement {subset.Supplement} >> /FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}] >>");

        var cmap = new StringBuilder();
        cmap.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n");
        cmap.Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        var mapped = _glyphToChar[index].OrderBy(p => p.Key).ToList();
        foreach (var chunk in mapped.Chunk(100))
        {
            cmap.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n");
            foreach (var (glyph, codePoint) in chunk)
            {
                var utf16 = Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(char.ConvertFromUtf32(codePoint)));
                cmap.Append(CultureInfo.InvariantCulture, $"<{subset.GlyphToCid[glyph]:X4}> <{utf16}>\n");
            }

            cmap.Append("endbfchar\n");
        }

        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        setStream(toUnicode, string.Empty, Encoding.ASCII.GetBytes(cmap.ToString()), true);
        set(type0, $"<< /Type /Font /Subtype /Type0 /BaseFont /{baseFont} /Encoding /Identity-H /DescendantFonts [{cidFont} 0 R] /ToUnicode {toUnicode} 0 R >>");
        return type0;
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }

        return output.ToArray();
    }

    private static string Colour(PdfColour c) => $"{N(c.R)} {N(c.G)} {N(c.B)}";

    private static string N(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A PDF text string: UTF-16BE with a byte-order mark, as a hex string (safe for any character).</summary>
    private static string TextString(string text) => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)) + ">";
}
