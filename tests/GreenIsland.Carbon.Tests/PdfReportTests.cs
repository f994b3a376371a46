using GreenIsland.Carbon.Reports;
using GreenIsland.Documents.Pdf;

namespace GreenIsland.Carbon.Tests;

public sealed class PdfReportTests
{
    [Fact]
    public void ReportFonts_WhenNoCandidateExists_NameThePackageToInstall()
    {
        var error = Assert.Throws<PdfFontException>(() => ReportFonts.Load(null, null, ["/nonexistent/a.ttc", "/nonexistent/b.otf"]));

        Assert.Contains("fonts-noto-cjk", error.Message, StringComparison.Ordinal);
        Assert.Contains("Carbon:Reports:FontPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/b.otf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenTypeFont_WithTrueTypeOutlines_IsRefusedWithAReason()
    {
        // An sfnt header with version 1.0 (TrueType outlines) and no tables.
        byte[] trueType = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

        var error = Assert.Throws<PdfFontException>(() => OpenTypeFont.Load(trueType, []));

        Assert.Contains("CFF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_SubsetsTheCjkFont_AndKeepsTheTextExtractable()
    {
        var fonts = ReportFonts.Load(null, null);
        var pdf = new PdfDocumentWriter([fonts.Regular, fonts.Bold]);
        var page = pdf.AddPage();
        pdf.Text(page, 50, 50, "温室气体 Scope 1 二氧化碳", 0, 12, PdfColour.Black);
        pdf.Text(page, 50, 80, "排放因子", 1, 12, PdfColour.Black);

        var bytes = pdf.Save();

        // Two faces subset to ~20 glyphs each (before the subsetter packed glyphs and subroutines: 2.5 MB).
        Assert.True(bytes.Length < 150_000, $"{bytes.Length} bytes");
        Assert.Equal("Noto Sans CJK SC", fonts.Regular.FamilyName);
        Assert.True(pdf.Measure("中", 0, 10) > pdf.Measure("i", 0, 10));
    }
}
