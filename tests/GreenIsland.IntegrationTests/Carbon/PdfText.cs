using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace GreenIsland.IntegrationTests.Carbon;

/// <summary>
/// Reads a PDF the way a text extractor does, independently of the writer: objects, Flate streams, the page tree,
/// each page's fonts and their ToUnicode CMaps, and the hex strings shown with Tj. Enough to check what a report says.
/// </summary>
public sealed partial class PdfText
{
    private readonly Dictionary<int, (string Dictionary, byte[]? Stream)> _objects = [];

    private PdfText(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        foreach (Match m in ObjectPattern().Matches(text))
        {
            var id = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var body = m.Groups[2].Value;
            var streamAt = body.IndexOf("stream\n", StringComparison.Ordinal);
            if (streamAt < 0)
            {
                _objects[id] = (body, null);
                continue;
            }

            var dictionary = body[..streamAt];
            var length = int.Parse(LengthPattern().Match(dictionary).Groups[1].Value, CultureInfo.InvariantCulture);
            var start = m.Groups[2].Index + streamAt + "stream\n".Length;
            var raw = pdf.AsSpan(start, length).ToArray();
            if (dictionary.Contains("/FlateDecode", StringComparison.Ordinal))
            {
                using var input = new ZLibStream(new MemoryStream(raw), CompressionMode.Decompress);
                using var output = new MemoryStream();
                input.CopyTo(output);
                raw = output.ToArray();
            }

            _objects[id] = (dictionary, raw);
        }

        var pages = _objects.Values.Single(o => o.Dictionary.Contains("/Type /Pages", StringComparison.Ordinal)).Dictionary;
        PageCount = int.Parse(CountPattern().Match(pages).Groups[1].Value, CultureInfo.InvariantCulture);
        var kids = ReferencePattern().Matches(KidsPattern().Match(pages).Groups[1].Value).Select(r => int.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture));
        Pages = kids.Select(PageText).ToList();
    }

    public int PageCount { get; }

    public IReadOnlyList<string> Pages { get; }

    public string All => string.Join('\n', Pages);

    public static PdfText Read(byte[] pdf) => new(pdf);

    private string PageText(int pageId)
    {
        var page = _objects[pageId].Dictionary;
        var fonts = FontEntryPattern().Matches(FontsPattern().Match(page).Groups[1].Value)
            .ToDictionary(f => f.Groups[1].Value, f => CMap(int.Parse(f.Groups[2].Value, CultureInfo.InvariantCulture)));
        var content = Encoding.Latin1.GetString(_objects[int.Parse(ContentsPattern().Match(page).Groups[1].Value, CultureInfo.InvariantCulture)].Stream!);
        var result = new StringBuilder();
        Dictionary<int, string>? font = null;
        foreach (Match op in TextOperatorPattern().Matches(content))
        {
            if (op.Groups[1].Success)
            {
                font = fonts[op.Groups[1].Value];
                continue;
            }

            var hex = op.Groups[2].Value;
            for (var i = 0; i + 4 <= hex.Length; i += 4)
            {
                var code = int.Parse(hex.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                result.Append(font!.TryGetValue(code, out var s) ? s : "\uFFFD");
            }

            result.Append('\n');
        }

        return result.ToString();
    }

    private Dictionary<int, string> CMap(int fontId)
    {
        var toUnicode = int.Parse(ToUnicodePattern().Match(_objects[fontId].Dictionary).Groups[1].Value, CultureInfo.InvariantCulture);
        var cmap = Encoding.Latin1.GetString(_objects[toUnicode].Stream!);
        var map = new Dictionary<int, string>();
        foreach (Match m in BfCharPattern().Matches(cmap))
        {
            map[int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = Encoding.BigEndianUnicode.GetString(Convert.FromHexString(m.Groups[2].Value));
        }

        return map;
    }

    [GeneratedRegex(@"(\d+) 0 obj\n(.*?)\nendobj", RegexOptions.Singleline)]
    private static partial Regex ObjectPattern();

    [GeneratedRegex(@"/Length (\d+)")]
    private static partial Regex LengthPattern();

    [GeneratedRegex(@"/Count (\d+)")]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"/Kids \[([^\]]*)\]")]
    private static partial Regex KidsPattern();

    [GeneratedRegex(@"(\d+) 0 R")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"/Font << (.*?) >>")]
    private static partial Regex FontsPattern();

    [GeneratedRegex(@"/(\w+) (\d+) 0 R")]
    private static partial Regex FontEntryPattern();

    [GeneratedRegex(@"/Contents (\d+) 0 R")]
    private static partial Regex ContentsPattern();

    [GeneratedRegex(@"/ToUnicode (\d+) 0 R")]
    private static partial Regex ToUnicodePattern();

    [GeneratedRegex(@"/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]*)> Tj")]
    private static partial Regex TextOperatorPattern();

    [GeneratedRegex(@"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>")]
    private static partial Regex BfCharPattern();
}
