using GreenIsland.Documents.Pdf;
using Microsoft.Extensions.Configuration;

namespace GreenIsland.Waste.Features.Printing;

/// <summary>
/// The CJK fonts the container labels and the manifests are printed in: <c>Waste:Pdf:FontPath</c> /
/// <c>Waste:Pdf:BoldFontPath</c>, else Noto Sans CJK where the system keeps it (Debian package fonts-noto-cjk; it
/// covers Latin text too). Loaded when a printout is first asked for; a missing font is a
/// <see cref="PdfFontException"/> the endpoints answer with 503 naming the package, not a crash at start-up. A failed
/// load is not remembered, so installing the font needs no restart.
/// </summary>
internal sealed class WasteFonts(IConfiguration configuration)
{
    public const string FontPathKey = "Waste:Pdf:FontPath";
    public const string BoldFontPathKey = "Waste:Pdf:BoldFontPath";

    /// <summary>ProblemDetails title of the 503 answer.</summary>
    public const string UnavailableTitle = "PdfFontUnavailable";

    public const int Regular = 0;
    public const int Bold = 1;

    private readonly Lock _gate = new();
    private PdfFontSet? _fonts;

    public PdfFontSet Get()
    {
        lock (_gate)
        {
            return _fonts ??= CjkFonts.Load(configuration[FontPathKey], configuration[BoldFontPathKey], FontPathKey);
        }
    }
}
