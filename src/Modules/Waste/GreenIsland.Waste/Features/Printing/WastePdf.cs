using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace GreenIsland.Waste.Features.Printing;

/// <summary>Thrown when no font for Chinese text can be found; the endpoints answer 503 with the reason.</summary>
internal sealed class PdfFontUnavailableException(string message) : Exception(message);

/// <summary>
/// PDFsharp's process-wide settings for the Waste module's printouts, set once: the licence (PDFsharp 6.5 is AGPL
/// or commercial and refuses to work until one is chosen; the AGPL choice is recorded here, in one place, for the
/// project to confirm) and a font resolver with two faces: a CJK TrueType face (Droid Sans Fallback by default; it
/// subsets to a few KB, whereas the CFF-based Noto CJK is embedded whole) and DejaVu Sans for Latin text, which the
/// CJK face lacks. <see cref="DrawText"/> splits a string into runs per face.
/// </summary>
internal static class WastePdf
{
    public const string CjkFamily = "gi-cjk";
    public const string LatinFamily = "gi-latin";

    private static readonly Lock Gate = new();
    private static bool _configured;

    public static IReadOnlyList<string> CjkCandidates { get; } =
    [
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ];

    public static IReadOnlyList<string> LatinCandidates { get; } = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"];

    /// <summary>Sets the licence and the fonts (first call wins; later calls are no-ops).</summary>
    public static void EnsureConfigured(string? cjkFont = null, string? latinFont = null)
    {
        lock (Gate)
        {
            if (_configured)
            {
                return;
            }

            var cjkPath = First(cjkFont, CjkCandidates)
                ?? throw new PdfFontUnavailableException("No font for Chinese text is installed (Debian package fonts-droid-fallback, or set Waste:Pdf:CjkFont).");
            var latinPath = First(latinFont, LatinCandidates)
                ?? throw new PdfFontUnavailableException("No Latin font is installed (Debian package fonts-dejavu-core, or set Waste:Pdf:LatinFont).");
            var cjk = File.ReadAllBytes(cjkPath);
            if (cjkPath.EndsWith(".ttc", StringComparison.OrdinalIgnoreCase))
            {
                // NotoSansCJK-Regular.ttc holds JP, KR, SC, TC, HK: face 2 is Simplified Chinese.
                cjk = FontCollection.ExtractFace(cjk, 2);
            }

            PdfSharp.PdfSharpLicense.SetAgplLicense();
            GlobalFontSettings.FontResolver ??= new Resolver(cjk, File.ReadAllBytes(latinPath));
            _configured = true;
        }
    }

    public static XFont Font(string family, double size) =>
        new(family, size, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset));

    /// <summary>Draws text at a baseline-left point in runs (CJK / Latin); returns the width drawn.</summary>
    public static double DrawText(XGraphics g, string text, double size, double x, double y, XBrush? brush = null)
    {
        ArgumentNullException.ThrowIfNull(g);
        var start = x;
        foreach (var (run, cjk) in Runs(text))
        {
            var font = Font(cjk ? CjkFamily : LatinFamily, size);
            g.DrawString(run, font, brush ?? XBrushes.Black, new XPoint(x, y), XStringFormats.BaseLineLeft);
            x += g.MeasureString(run, font).Width;
        }

        return x - start;
    }

    /// <summary>Width of a text as <see cref="DrawText"/> draws it.</summary>
    public static double Measure(XGraphics g, string text, double size)
    {
        ArgumentNullException.ThrowIfNull(g);
        return Runs(text).Sum(r => g.MeasureString(r.Text, Font(r.Cjk ? CjkFamily : LatinFamily, size)).Width);
    }

    /// <summary>Draws text cut to a width (with an ellipsis) so table cells never overflow.</summary>
    public static void DrawClipped(XGraphics g, string text, double size, double x, double y, double width)
    {
        var shown = text;
        while (shown.Length > 1 && Measure(g, shown, size) > width)
        {
            shown = shown[..^2] + "…";
        }

        DrawText(g, shown, size, x, y);
    }

    public static byte[] Save(PdfDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    internal static IEnumerable<(string Text, bool Cjk)> Runs(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var cjk = IsCjk(text[i]);
            var j = i + 1;
            while (j < text.Length && (IsCjk(text[j]) == cjk || text[j] == ' ' && cjk))
            {
                j++;
            }

            yield return (text[i..j], cjk);
            i = j;
        }
    }

    private static bool IsCjk(char c) => c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF' or >= '\u3000' and <= '\u303F';

    private static string? First(string? configured, IReadOnlyList<string> candidates) =>
        !string.IsNullOrWhiteSpace(configured) ? (File.Exists(configured) ? configured : null) : candidates.FirstOrDefault(File.Exists);

    private sealed class Resolver(byte[] cjk, byte[] latin) : IFontResolver
    {
        // Every family but the Latin one gets the CJK face: the container labels ask for their own family name, and
        // whichever printout configures PDFsharp first serves both.
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            new(string.Equals(familyName, LatinFamily, StringComparison.Ordinal) ? LatinFamily : CjkFamily);

        public byte[]? GetFont(string faceName) => string.Equals(faceName, CjkFamily, StringComparison.Ordinal) ? cjk : latin;
    }
}

/// <summary>Extracts one face of a TrueType/OpenType collection (.ttc) as a standalone font file.</summary>
internal static class FontCollection
{
    public static byte[] ExtractFace(byte[] collection, int index)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (collection.Length < 16 || collection[0] != 't' || collection[1] != 't' || collection[2] != 'c' || collection[3] != 'f' || index >= (int)U32(collection, 8))
        {
            throw new PdfFontUnavailableException("The CJK font is not a font collection with that face.");
        }

        var offset = (int)U32(collection, 12 + (4 * index));
        var tables = U16(collection, offset + 4);
        var header = 12 + (16 * tables);
        var records = Enumerable.Range(0, tables).Select(i => (Offset: (int)U32(collection, offset + 12 + (16 * i) + 8), Length: (int)U32(collection, offset + 12 + (16 * i) + 12))).ToList();
        var output = new byte[header + records.Sum(r => (r.Length + 3) & ~3)];
        Array.Copy(collection, offset, output, 0, header);
        var position = header;
        for (var i = 0; i < tables; i++)
        {
            Array.Copy(collection, records[i].Offset, output, position, records[i].Length);
            var field = 12 + (16 * i) + 8;
            output[field] = (byte)(position >> 24);
            output[field + 1] = (byte)(position >> 16);
            output[field + 2] = (byte)(position >> 8);
            output[field + 3] = (byte)position;
            position += (records[i].Length + 3) & ~3;
        }

        return output;
    }

    private static uint U32(byte[] b, int o) => ((uint)b[o] << 24) | ((uint)b[o + 1] << 16) | ((uint)b[o + 2] << 8) | b[o + 3];

    private static ushort U16(byte[] b, int o) => (ushort)((b[o] << 8) | b[o + 1]);
}
