using GreenIsland.Carbon.Reports.Pdf;
using Microsoft.Extensions.Configuration;

namespace GreenIsland.Carbon.Reports;

/// <summary>The regular and bold faces a report is set in.</summary>
internal sealed record ReportFontSet(OpenTypeFont Regular, OpenTypeFont Bold);

/// <summary>
/// Finds and loads the CJK font the PDF reports embed (Simplified Chinese text needs one; PDF's standard fonts have
/// no Chinese glyphs). <c>Carbon:Reports:FontPath</c> / <c>Carbon:Reports:BoldFontPath</c> name the files; otherwise
/// the usual locations of Noto Sans CJK (Debian/Ubuntu package <c>fonts-noto-cjk</c>, Fedora, Arch) are searched.
/// A missing font is a clear error when a report is asked for, not at start-up.
/// </summary>
internal sealed class ReportFonts(IConfiguration configuration)
{
    public static readonly string[] PreferredFamilies = ["Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC"];

    public static readonly string[] RegularCandidates =
    [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/OTF/NotoSansCJK-Regular.ttc",
    ];

    private readonly Lock _gate = new();
    private ReportFontSet? _fonts;

    public ReportFontSet Get()
    {
        lock (_gate)
        {
            return _fonts ??= Load(configuration["Carbon:Reports:FontPath"], configuration["Carbon:Reports:BoldFontPath"]);
        }
    }

    /// <summary>Loads the fonts; with no configured path the first existing candidate is used, and its bold sibling if there is one.</summary>
    public static ReportFontSet Load(string? regularPath, string? boldPath, IReadOnlyList<string>? candidates = null)
    {
        candidates ??= RegularCandidates;
        var regular = string.IsNullOrWhiteSpace(regularPath) ? candidates.FirstOrDefault(File.Exists) : regularPath;
        if (regular is null || !File.Exists(regular))
        {
            throw new ReportFontException(
                "PDF reports need a Chinese (CJK) OpenType font and none was found. Install Noto Sans CJK (Debian/Ubuntu: apt-get install fonts-noto-cjk) " +
                $"or set Carbon:Reports:FontPath to an .otf/.ttc file. Looked for: {(string.IsNullOrWhiteSpace(regularPath) ? string.Join(", ", candidates) : regularPath)}.");
        }

        var bold = string.IsNullOrWhiteSpace(boldPath) ? regular.Replace("Regular", "Bold", StringComparison.Ordinal) : boldPath;
        var regularFont = OpenTypeFont.Load(File.ReadAllBytes(regular), PreferredFamilies);
        var boldFont = !string.Equals(bold, regular, StringComparison.Ordinal) && File.Exists(bold)
            ? OpenTypeFont.Load(File.ReadAllBytes(bold), PreferredFamilies)
            : regularFont;
        return new ReportFontSet(regularFont, boldFont);
    }
}
