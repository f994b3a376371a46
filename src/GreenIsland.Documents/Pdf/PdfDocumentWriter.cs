using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace GreenIsland.Documents.Pdf;

/// <summary>An RGB colour with components 0-1.</summary>
public readonly record struct PdfColour(double R, double G, double B)
{
    public static readonly PdfColour Black = new(0, 0, 0);

    public static readonly PdfColour White = new(1, 1, 1);

    public static PdfColour FromHex(int rgb) => new(((rgb >> 16) & 0xFF) / 255d, ((rgb >> 8) & 0xFF) / 255d, (rgb & 0xFF) / 255d);
}

/// <summary>A page size in points (1/72 inch).</summary>
public readonly record struct PdfPageSize(double Width, double Height)
{
    public const double PointsPerMillimetre = 72 / 25.4;

    /// <summary>ISO A4 portrait, 210 × 297 mm.</summary>
    public static readonly PdfPageSize A4 = new(595.28, 841.89);

    public static PdfPageSize FromMillimetres(double width, double height) => new(width * PointsPerMillimetre, height * PointsPerMillimetre);
}

/// <summary>
/// A small PDF 1.7 writer for printable documents: pages of any size, text in embedded CID-keyed OpenType/CFF fonts
/// (Identity-H, with a ToUnicode map so text can be searched and copied; Noto Sans CJK covers Chinese and Latin),
/// filled and stroked rectangles, lines, and QR codes drawn as vector modules. Coordinates are points from the
/// top-left corner of the page (the writer flips them). Fonts are subset to the glyphs used when the document is
/// saved; a face passed twice (a bold that falls back to the regular face) is embedded once.
/// </summary>
public sealed class PdfDocumentWriter
{
    /// <summary>Width of an A4 page in points.</summary>
    public const double PageWidth = 595.28;

    /// <summary>Height of an A4 page in points.</summary>
    public const double PageHeight = 841.89;

    /// <summary>The marked-content tag around each QR code's drawing operators (readers can find the symbol by it).</summary>
    public const string QrCodeTag = "QRCode";

    private readonly List<(StringBuilder Content, PdfPageSize Size)> _pages = [];
    private readonly List<OpenTypeFont> _faces = [];
    private readonly int[] _faceOf;
    private readonly List<SortedDictionary<int, int>> _glyphToChar = [];

    public PdfDocumentWriter(IReadOnlyList<OpenTypeFont> fonts)
    {
        ArgumentNullException.ThrowIfNull(fonts);
        _faceOf = new int[fonts.Count];
        for (var i = 0; i < fonts.Count; i++)
        {
            var face = _faces.IndexOf(fonts[i]);
            if (face < 0)
            {
                _faces.Add(fonts[i]);
                _glyphToChar.Add([]);
                face = _faces.Count - 1;
            }

            _faceOf[i] = face;
        }
    }

    public int PageCount => _pages.Count;

    public string Title { get; init; } = string.Empty;

    public string Author { get; init; } = string.Empty;

    /// <summary>Creation date written into the document information (from the caller's clock).</summary>
    public DateTime CreatedAtUtc { get; init; }

    /// <summary>Adds an A4 portrait page.</summary>
    public int AddPage() => AddPage(PdfPageSize.A4);

    public int AddPage(PdfPageSize size)
    {
        if (size.Width <= 0 || size.Height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A page needs a positive width and height.");
        }

        _pages.Add((new StringBuilder(), size));
        return _pages.Count - 1;
    }

    public PdfPageSize PageSize(int page) => _pages[page].Size;

    /// <summary>Width of <paramref name="text"/> in points.</summary>
    public double Measure(string text, int font, double size)
    {
        ArgumentNullException.ThrowIfNull(text);
        var f = _faces[_faceOf[font]];
        long units = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            units += f.Advance(f.GlyphId(rune.Value));
        }

        return units * size / f.UnitsPerEm;
    }

    /// <summary>Draws one line of text whose line box starts at <paramref name="top"/> (the baseline is one ascent lower).</summary>
    public void Text(int page, double x, double top, string text, int font, double size, PdfColour colour)
    {
        ArgumentNullException.ThrowIfNull(text);
        var face = _faceOf[font];
        var f = _faces[face];
        var hex = new StringBuilder(text.Length * 4);
        foreach (var rune in text.EnumerateRunes())
        {
            var glyph = f.GlyphId(rune.Value);
            _glyphToChar[face].TryAdd(glyph, rune.Value);
            hex.Append(f.Cid(glyph).ToString("X4", CultureInfo.InvariantCulture));
        }

        var baseline = Height(page) - top - (size * f.Ascender / f.UnitsPerEm);
        _pages[page].Content.Append(CultureInfo.InvariantCulture, $"BT {Colour(colour)} rg /F{face} {N(size)} Tf {N(x)} {N(baseline)} Td <{hex}> Tj ET\n");
    }

    public void Rectangle(int page, double x, double top, double width, double height, PdfColour fill) =>
        _pages[page].Content.Append(CultureInfo.InvariantCulture, $"{Colour(fill)} rg {N(x)} {N(Height(page) - top - height)} {N(width)} {N(height)} re f\n");

    /// <summary>The outline of a rectangle (a box or table cell border).</summary>
    public void StrokeRectangle(int page, double x, double top, double width, double height, double lineWidth, PdfColour colour) =>
        _pages[page].Content.Append(CultureInfo.InvariantCulture, $"{Colour(colour)} RG {N(lineWidth)} w {N(x)} {N(Height(page) - top - height)} {N(width)} {N(height)} re S\n");

    public void Line(int page, double x1, double top1, double x2, double top2, double width, PdfColour colour) =>
        _pages[page].Content.Append(CultureInfo.InvariantCulture, $"{Colour(colour)} RG {N(width)} w {N(x1)} {N(Height(page) - top1)} m {N(x2)} {N(Height(page) - top2)} l S\n");

    /// <summary>
    /// Draws the QR code of <paramref name="payload"/> (error correction M) as a square of side <paramref name="side"/>,
    /// quiet zone included: a white square, then the dark modules as one filled path (runs of a row merged into one
    /// rectangle), inside a marked-content sequence tagged <see cref="QrCodeTag"/>. Vector modules print sharp at any size.
    /// </summary>
    public void QrCode(int page, double x, double top, double side, string payload)
    {
        var matrix = QrMatrix.Create(payload);
        var count = matrix.GetLength(0);
        var module = side / count;
        var content = _pages[page].Content;
        var bottom = Height(page) - top - side;
        content.Append(CultureInfo.InvariantCulture, $"/{QrCodeTag} BMC q 1 1 1 rg {N(x)} {N(bottom)} {N(side)} {N(side)} re f 0 0 0 rg\n");
        for (var row = 0; row < count; row++)
        {
            var column = 0;
            while (column < count)
            {
                if (!matrix[row, column])
                {
                    column++;
                    continue;
                }

                var run = column;
                while (run < count && matrix[row, run])
                {
                    run++;
                }

                content.Append(CultureInfo.InvariantCulture,
                    $"{N(x + (column * module))} {N(Height(page) - top - ((row + 1) * module))} {N((run - column) * module)} {N(module)} re\n");
                column = run;
            }
        }

        content.Append("f Q EMC\n");
    }

    /// <summary>
    /// Breaks text into lines no wider than <paramref name="width"/> by measured glyph widths: at spaces in Latin
    /// text, anywhere in CJK text; a newline starts a new line.
    /// </summary>
    public IReadOnlyList<string> Wrap(string text, int font, double size, double width)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var current = new StringBuilder();
            var lastSpace = -1;
            foreach (var rune in paragraph.EnumerateRunes())
            {
                var candidate = current.ToString() + rune.ToString();
                if (current.Length > 0 && Measure(candidate, font, size) > width)
                {
                    if (!Rune.IsWhiteSpace(rune) && lastSpace > 0 && rune.Value < 0x2E80)
                    {
                        // Latin word: carry it to the next line.
                        lines.Add(current.ToString(0, lastSpace).TrimEnd());
                        var carried = current.ToString(lastSpace + 1, current.Length - lastSpace - 1);
                        current.Clear().Append(carried);
                    }
                    else
                    {
                        lines.Add(current.ToString().TrimEnd());
                        current.Clear();
                    }

                    lastSpace = -1;
                }

                if (Rune.IsWhiteSpace(rune))
                {
                    if (current.Length == 0)
                    {
                        continue;
                    }

                    lastSpace = current.Length;
                }

                current.Append(rune.ToString());
            }

            lines.Add(current.ToString());
        }

        return lines;
    }

    /// <summary>The text, or as much of it as fits in <paramref name="width"/> followed by an ellipsis (for table cells).</summary>
    public string Fit(string text, int font, double size, double width)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Measure(text, font, size) <= width)
        {
            return text;
        }

        var runes = text.EnumerateRunes().ToList();
        while (runes.Count > 0 && Measure(string.Concat(runes) + "…", font, size) > width)
        {
            runes.RemoveAt(runes.Count - 1);
        }

        return string.Concat(runes) + "…";
    }

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
        void SetStream(int id, string dictionary, byte[] data)
        {
            var payload = Deflate(data);
            using var ms = new MemoryStream();
            ms.Write(Encoding.ASCII.GetBytes($"<< {dictionary} /Filter /FlateDecode /Length {payload.Length} >>\nstream\n"));
            ms.Write(payload);
            ms.Write("\nendstream"u8);
            objects[id - 1] = ms.ToArray();
        }

        var catalog = Reserve();
        var pagesId = Reserve();
        var info = Reserve();
        var fontResources = new StringBuilder();
        for (var face = 0; face < _faces.Count; face++)
        {
            if (_glyphToChar[face].Count > 0)
            {
                fontResources.Append(CultureInfo.InvariantCulture, $"/F{face} {WriteFont(face, Reserve, Set, SetStream)} 0 R ");
            }
        }

        var pageIds = new List<int>();
        foreach (var (content, size) in _pages)
        {
            var contentId = Reserve();
            SetStream(contentId, string.Empty, Encoding.ASCII.GetBytes(content.ToString()));
            var pageId = Reserve();
            Set(pageId, $"<< /Type /Page /Parent {pagesId} 0 R /MediaBox [0 0 {N(size.Width)} {N(size.Height)}] /Resources << /Font << {fontResources}>> >> /Contents {contentId} 0 R >>");
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

    private double Height(int page) => _pages[page].Size.Height;

    private int WriteFont(int face, Func<int> reserve, Action<int, string> set, Action<int, string, byte[]> setStream)
    {
        var font = _faces[face];
        var used = _glyphToChar[face].Keys.Append(0).ToHashSet();
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
        setStream(file, "/Subtype /CIDFontType0C", subset.Data);
        var bbox = font.BoundingBox;
        set(descriptor, $"<< /Type /FontDescriptor /FontName /{baseFont} /Flags 4 /FontBBox [{N(Scale(bbox[0]))} {N(Scale(bbox[1]))} {N(Scale(bbox[2]))} {N(Scale(bbox[3]))}] " +
            $"/ItalicAngle 0 /Ascent {N(Scale(font.Ascender))} /Descent {N(Scale(font.Descender))} /CapHeight {N(Scale(font.CapHeight))} /StemV 80 /FontFile3 {file} 0 R >>");

        // Codes are CIDs (Identity-H); the CIDFont finds each CID's glyph through the subset's charset, so widths use CIDs.
        var widths = new StringBuilder();
        foreach (var glyph in used.Order())
        {
            widths.Append(CultureInfo.InvariantCulture, $"{font.Cid(glyph)} [{N(Scale(font.Advance(glyph)))}] ");
        }

        set(cidFont, $"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{baseFont} /CIDSystemInfo << /Registry {TextString(subset.Registry)} " +
            $"/Ordering {TextString(subset.Ordering)} /Supplement {subset.Supplement} >> /FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}] >>");

        var cmap = new StringBuilder();
        cmap.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n");
        cmap.Append("/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        foreach (var chunk in _glyphToChar[face].Chunk(100))
        {
            cmap.Append(CultureInfo.InvariantCulture, $"{chunk.Length} beginbfchar\n");
            foreach (var (glyph, codePoint) in chunk)
            {
                var utf16 = Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(char.ConvertFromUtf32(codePoint)));
                cmap.Append(CultureInfo.InvariantCulture, $"<{font.Cid(glyph):X4}> <{utf16}>\n");
            }

            cmap.Append("endbfchar\n");
        }

        cmap.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        setStream(toUnicode, string.Empty, Encoding.ASCII.GetBytes(cmap.ToString()));
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
