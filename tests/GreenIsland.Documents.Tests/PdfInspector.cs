using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace GreenIsland.Documents.Testing;

/// <summary>
/// Reads a PDF the way a viewer does, independently of the writer, and fails on the first structural fault: the
/// trailer's startxref must point at the xref table, every xref offset at its "n 0 obj", every stream's /Length at
/// its "endstream". Then the page tree (sizes, fonts), each font's ToUnicode CMap and embedded CFF, the text shown
/// with Tj (decoded through the CMaps) and the QR codes (marked content /QRCode) as module matrices.
/// </summary>
public sealed partial class PdfInspector
{
    private readonly byte[] _pdf;
    private readonly Dictionary<int, (string Dictionary, byte[]? Stream)> _objects = [];

    private PdfInspector(byte[] pdf)
    {
        _pdf = pdf;
        var text = Encoding.Latin1.GetString(pdf);
        if (!text.StartsWith("%PDF-1.", StringComparison.Ordinal))
        {
            throw new InvalidDataException("No %PDF-1.x header.");
        }

        var tail = StartXrefPattern().Match(text);
        if (!tail.Success)
        {
            throw new InvalidDataException("No startxref/%%EOF at the end.");
        }

        var xrefAt = int.Parse(tail.Groups[1].Value, CultureInfo.InvariantCulture);
        var xref = XrefPattern().Match(text, xrefAt);
        if (!xref.Success || xref.Index != xrefAt)
        {
            throw new InvalidDataException($"startxref {xrefAt} does not point at an xref table.");
        }

        var count = int.Parse(xref.Groups[1].Value, CultureInfo.InvariantCulture);
        var entries = xref.Index + xref.Length;
        for (var id = 1; id < count; id++)
        {
            var entry = text.Substring(entries + (20 * id), 20);
            if (entry[17] != 'n' || entry[18] != ' ')
            {
                throw new InvalidDataException($"xref entry {id} is not an in-use entry: '{entry}'.");
            }

            var offset = int.Parse(entry[..10], CultureInfo.InvariantCulture);
            var header = $"{id} 0 obj\n";
            if (string.CompareOrdinal(text, offset, header, 0, header.Length) != 0)
            {
                throw new InvalidDataException($"xref offset {offset} of object {id} does not point at '{id} 0 obj'.");
            }

            _objects[id] = ReadObject(text, offset + header.Length, id);
        }

        Trailer = text[(entries + (20 * count))..];
        var root = Reference(Trailer, "Root");
        var pages = Reference(Dictionary(root), "Pages");
        foreach (Match kid in ReferencePattern().Matches(KidsPattern().Match(Dictionary(pages)).Groups[1].Value))
        {
            Pages.Add(ReadPage(int.Parse(kid.Groups[1].Value, CultureInfo.InvariantCulture)));
        }

        if (Pages.Count != int.Parse(CountPattern().Match(Dictionary(pages)).Groups[1].Value, CultureInfo.InvariantCulture))
        {
            throw new InvalidDataException("/Count disagrees with /Kids.");
        }
    }

    public string Trailer { get; }

    public List<Page> Pages { get; } = [];

    public int Length => _pdf.Length;

    /// <summary>All text of all pages, one shown string per line.</summary>
    public string AllText => string.Join('\n', Pages.SelectMany(p => p.Texts));

    /// <summary>Every embedded font file (FontFile3 streams, decompressed).</summary>
    public IReadOnlyList<byte[]> FontFiles => _objects.Values.Where(o => o.Dictionary.Contains("/Subtype /CIDFontType0C", StringComparison.Ordinal)).Select(o => o.Stream!).ToList();

    public static PdfInspector Read(byte[] pdf) => new(pdf);

    private (string Dictionary, byte[]? Stream) ReadObject(string text, int at, int id)
    {
        var end = text.IndexOf("\nendobj\n", at, StringComparison.Ordinal);
        var stream = text.IndexOf(">>\nstream\n", at, StringComparison.Ordinal);
        if (stream < 0 || (end >= 0 && end < stream))
        {
            return (text[at..end], null);
        }

        var dictionary = text[at..(stream + 2)];
        var length = int.Parse(LengthPattern().Match(dictionary).Groups[1].Value, CultureInfo.InvariantCulture);
        var dataAt = stream + ">>\nstream\n".Length;
        if (string.CompareOrdinal(text, dataAt + length, "\nendstream\nendobj\n", 0, 18) != 0)
        {
            throw new InvalidDataException($"The /Length of object {id} does not end at endstream.");
        }

        var raw = _pdf.AsSpan(dataAt, length).ToArray();
        if (dictionary.Contains("/FlateDecode", StringComparison.Ordinal))
        {
            using var input = new ZLibStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            raw = output.ToArray();
        }

        return (dictionary, raw);
    }

    private string Dictionary(int id) => _objects[id].Dictionary;

    private static int Reference(string dictionary, string key)
    {
        var m = Regex.Match(dictionary, $@"/{key} (\d+) 0 R");
        return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidDataException($"No /{key} reference in {dictionary}");
    }

    private Page ReadPage(int id)
    {
        var dictionary = Dictionary(id);
        var box = MediaBoxPattern().Match(dictionary);
        var fonts = new Dictionary<string, Dictionary<int, string>>(StringComparer.Ordinal);
        foreach (Match font in FontResourcePattern().Matches(FontsPattern().Match(dictionary).Groups[1].Value))
        {
            fonts[font.Groups[1].Value] = CMap(Reference(Dictionary(int.Parse(font.Groups[2].Value, CultureInfo.InvariantCulture)), "ToUnicode"));
        }

        var content = Encoding.Latin1.GetString(_objects[Reference(dictionary, "Contents")].Stream!);
        var texts = new List<string>();
        var shown = new List<(string Font, string Codes)>();
        foreach (Match show in ShowPattern().Matches(content))
        {
            var map = fonts[show.Groups[1].Value];
            var hex = show.Groups[2].Value;
            var decoded = new StringBuilder();
            for (var i = 0; i < hex.Length; i += 4)
            {
                decoded.Append(map[int.Parse(hex.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)]);
            }

            texts.Add(decoded.ToString());
            shown.Add((show.Groups[1].Value, hex));
        }

        var qrCodes = QrPattern().Matches(content).Select(m => QrMatrix(m.Groups[1].Value)).ToList();
        return new Page(Number(box.Groups[1].Value), Number(box.Groups[2].Value), texts, qrCodes, shown, content);
    }

    private Dictionary<int, string> CMap(int id)
    {
        var cmap = Encoding.ASCII.GetString(_objects[id].Stream!);
        return BfCharPattern().Matches(cmap).ToDictionary(
            m => int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            m => Encoding.BigEndianUnicode.GetString(Convert.FromHexString(m.Groups[2].Value)));
    }

    /// <summary>The module matrix a QR block draws: a white background square, then dark rectangles on a module grid.</summary>
    private static bool[,] QrMatrix(string block)
    {
        var rects = RectanglePattern().Matches(block)
            .Select(m => (X: Number(m.Groups[1].Value), Y: Number(m.Groups[2].Value), W: Number(m.Groups[3].Value), H: Number(m.Groups[4].Value))).ToList();
        var background = rects[0];
        var dark = rects.Skip(1).ToList();
        var module = dark.Min(r => r.H);
        var count = (int)Math.Round(background.W / module);
        var matrix = new bool[count, count];
        var top = background.Y + background.H;
        foreach (var r in dark)
        {
            if (Math.Abs(r.H - module) > 0.01)
            {
                throw new InvalidDataException($"A QR rectangle is not one module high: {r}.");
            }

            var row = (int)Math.Round((top - r.Y - r.H) / module);
            var column = (int)Math.Round((r.X - background.X) / module);
            var length = (int)Math.Round(r.W / module);
            for (var c = column; c < column + length; c++)
            {
                matrix[row, c] = true;
            }
        }

        return matrix;
    }

    private static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>A page: its size in points, the strings it shows (decoded), its QR codes and the raw shown codes.</summary>
    public sealed record Page(double Width, double Height, IReadOnlyList<string> Texts, IReadOnlyList<bool[,]> QrCodes,
        IReadOnlyList<(string Font, string Codes)> Shown, string Content);

    [GeneratedRegex(@"startxref\n(\d+)\n%%EOF\n$")]
    private static partial Regex StartXrefPattern();

    [GeneratedRegex(@"xref\n0 (\d+)\n")]
    private static partial Regex XrefPattern();

    [GeneratedRegex(@"/Length (\d+)")]
    private static partial Regex LengthPattern();

    [GeneratedRegex(@"/Kids \[([^\]]*)\]")]
    private static partial Regex KidsPattern();

    [GeneratedRegex(@"/Count (\d+)")]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"(\d+) 0 R")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]")]
    private static partial Regex MediaBoxPattern();

    [GeneratedRegex(@"/Font << (.*?)>>")]
    private static partial Regex FontsPattern();

    [GeneratedRegex(@"/(F\d+) (\d+) 0 R")]
    private static partial Regex FontResourcePattern();

    [GeneratedRegex(@"/(F\d+) [\d.]+ Tf [-\d.]+ [-\d.]+ Td <([0-9A-F]*)> Tj")]
    private static partial Regex ShowPattern();

    [GeneratedRegex(@"<([0-9A-F]{4})> <([0-9A-F]+)>")]
    private static partial Regex BfCharPattern();

    [GeneratedRegex(@"/QRCode BMC(.*?)EMC", RegexOptions.Singleline)]
    private static partial Regex QrPattern();

    [GeneratedRegex(@"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re")]
    private static partial Regex RectanglePattern();
}
