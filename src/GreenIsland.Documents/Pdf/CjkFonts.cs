using System.Collections.Concurrent;

namespace GreenIsland.Documents.Pdf;

/// <summary>The regular and bold faces a document is set in (the same face twice when no bold is installed).</summary>
public sealed record PdfFontSet(OpenTypeFont Regular, OpenTypeFont Bold);

/// <summary>
/// Finds and loads the CJK font PDFs embed: Simplified Chinese needs one (PDF's standard fonts have no Chinese
/// glyphs), and Noto Sans CJK also covers Latin text. Without a configured path the usual locations of Noto Sans CJK
/// are searched (Debian/Ubuntu package <c>fonts-noto-cjk</c>, Fedora, Arch). A missing font is a
/// <see cref="PdfFontException"/> naming the package and the setting, for the caller to answer 503 with.
/// </summary>
public static class CjkFonts
{
    private static readonly ConcurrentDictionary<string, Lazy<OpenTypeFont>> Loaded = new(StringComparer.Ordinal);

    /// <summary>Family names tried, in order, in a font collection (the Simplified Chinese face of Noto Sans CJK first).</summary>
    public static readonly IReadOnlyList<string> PreferredFamilies = ["Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC"];

    public static readonly IReadOnlyList<string> RegularCandidates =
    [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/OTF/NotoSansCJK-Regular.ttc",
    ];

    /// <summary>
    /// Loads the fonts. With no configured regular path the first existing candidate is used; with no bold path, the
    /// regular file's "Bold" sibling if it exists, else the regular face again.
    /// </summary>
    /// <param name="regularPath">The configured font file, if any.</param>
    /// <param name="boldPath">The configured bold font file, if any.</param>
    /// <param name="settingName">The configuration key of <paramref name="regularPath"/>, named in the error.</param>
    /// <param name="candidates">Where to look without a configured path (default: <see cref="RegularCandidates"/>).</param>
    public static PdfFontSet Load(string? regularPath, string? boldPath, string settingName, IReadOnlyList<string>? candidates = null)
    {
        candidates ??= RegularCandidates;
        var regular = string.IsNullOrWhiteSpace(regularPath) ? candidates.FirstOrDefault(File.Exists) : regularPath;
        if (regular is null || !File.Exists(regular))
        {
            throw new PdfFontException(
                "PDF documents need a Chinese (CJK) OpenType font and none was found. Install Noto Sans CJK (Debian/Ubuntu: apt-get install fonts-noto-cjk) " +
                $"or set {settingName} to an .otf/.ttc file. Looked for: {(string.IsNullOrWhiteSpace(regularPath) ? string.Join(", ", candidates) : regularPath)}.");
        }

        var bold = string.IsNullOrWhiteSpace(boldPath) ? regular.Replace("Regular", "Bold", StringComparison.Ordinal) : boldPath;
        var regularFont = Read(regular);
        var boldFont = !string.Equals(bold, regular, StringComparison.Ordinal) && File.Exists(bold) ? Read(bold) : regularFont;
        return new PdfFontSet(regularFont, boldFont);
    }

    /// <summary>
    /// Reads a font file once per process (a Noto Sans CJK collection is ~20 MB): every module's printouts share the
    /// loaded faces. A failed read is not kept, so a font installed later is found without a restart.
    /// </summary>
    private static OpenTypeFont Read(string path)
    {
        var key = Path.GetFullPath(path);
        var entry = Loaded.GetOrAdd(key, p => new Lazy<OpenTypeFont>(() => ReadFile(p)));
        try
        {
            return entry.Value;
        }
        catch (PdfFontException)
        {
            Loaded.TryRemove(new KeyValuePair<string, Lazy<OpenTypeFont>>(key, entry));
            throw;
        }
    }

    private static OpenTypeFont ReadFile(string path)
    {
        try
        {
            return OpenTypeFont.Load(File.ReadAllBytes(path), PreferredFamilies);
        }
        catch (IOException e)
        {
            throw new PdfFontException($"The font file {path} cannot be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PdfFontException($"The font file {path} cannot be read: {e.Message}", e);
        }
    }
}
