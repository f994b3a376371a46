using GreenIsland.Documents.Pdf;
using Microsoft.Extensions.Configuration;

namespace GreenIsland.Carbon.Reports;

/// <summary>
/// The CJK fonts the PDF reports are set in: <c>Carbon:Reports:FontPath</c> / <c>Carbon:Reports:BoldFontPath</c>, else
/// Noto Sans CJK where the system keeps it (see <see cref="CjkFonts"/>). Loaded once, when a report is first asked for:
/// a missing font is a clear error then, not at start-up.
/// </summary>
internal sealed class ReportFonts(IConfiguration configuration)
{
    public const string FontPathKey = "Carbon:Reports:FontPath";

    private readonly Lock _gate = new();
    private PdfFontSet? _fonts;

    public PdfFontSet Get()
    {
        lock (_gate)
        {
            return _fonts ??= Load(configuration[FontPathKey], configuration["Carbon:Reports:BoldFontPath"]);
        }
    }

    public static PdfFontSet Load(string? regularPath, string? boldPath, IReadOnlyList<string>? candidates = null) =>
        CjkFonts.Load(regularPath, boldPath, FontPathKey, candidates);
}
