using System.Globalization;
using GreenIsland.Documents.Pdf;
using GreenIsland.Documents.Testing;
using QRCoder;

namespace GreenIsland.Documents.Tests;

public sealed class PdfDocumentWriterTests
{
    private static readonly PdfFontSet Fonts = CjkFonts.Load(null, null, "Test:FontPath");

    private static PdfDocumentWriter Writer() => new([Fonts.Regular, Fonts.Bold]) { Title = "测试 Test", CreatedAtUtc = new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc) };

    [Fact]
    public void Save_WritesAnXrefWhoseOffsetsPointAtTheirObjects_AndStreamLengthsThatEndAtEndstream()
    {
        var pdf = Writer();
        var page = pdf.AddPage();
        pdf.Text(page, 40, 40, "危险废物转移联单 Manifest No. 20263205000001", 0, 12, PdfColour.Black);
        pdf.AddPage(PdfPageSize.FromMillimetres(100, 100));

        var inspector = PdfInspector.Read(pdf.Save());

        Assert.Equal(2, inspector.Pages.Count);
        Assert.Contains("/Root", inspector.Trailer, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_InChineseAndLatin_IsExtractableThroughTheToUnicodeMaps()
    {
        var pdf = Writer();
        var page = pdf.AddPage();
        pdf.Text(page, 40, 40, "废矿物油与含矿物油废物 HW08 900-214-08", 0, 10, PdfColour.Black);
        pdf.Text(page, 40, 60, "产生单位 Generator：绿岛精密机械有限公司", 1, 10, PdfColour.Black);

        var text = PdfInspector.Read(pdf.Save()).Pages[0].Texts;

        Assert.Equal(["废矿物油与含矿物油废物 HW08 900-214-08", "产生单位 Generator：绿岛精密机械有限公司"], text);
    }

    [Fact]
    public void AddPage_UsesTheGivenSize_ForTheMediaBox()
    {
        var pdf = Writer();
        pdf.AddPage();
        pdf.AddPage(PdfPageSize.FromMillimetres(150, 150));

        var pages = PdfInspector.Read(pdf.Save()).Pages;

        Assert.Equal((595.28, 841.89), (pages[0].Width, pages[0].Height));
        Assert.Equal(425.197, pages[1].Width, 3);
        Assert.Equal(425.197, pages[1].Height, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => pdf.AddPage(new PdfPageSize(0, 100)));
    }

    [Theory]
    [InlineData("91320999MA1XXXXXX190004149202611210001")]
    [InlineData("https://greenisland.example/c/91320999MA1XXXXXX1")]
    public void QrCode_DrawsExactlyQRCodersModuleMatrix(string payload)
    {
        var pdf = Writer();
        var page = pdf.AddPage(PdfPageSize.FromMillimetres(100, 100));
        pdf.QrCode(page, 180.5, 60.25, 73.7, payload);

        var drawn = Assert.Single(PdfInspector.Read(pdf.Save()).Pages[0].QrCodes);

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var expected = data.ModuleMatrix;
        Assert.Equal(expected.Count, drawn.GetLength(0));
        for (var row = 0; row < expected.Count; row++)
        {
            for (var column = 0; column < expected.Count; column++)
            {
                Assert.True(expected[row][column] == drawn[row, column], $"module ({row}, {column}) differs");
            }
        }
    }

    [Fact]
    public void QrCode_OfAnotherPayload_IsADifferentMatrix()
    {
        var a = QrMatrix.Create("91320999MA1XXXXXX190004149202611210001");
        var b = QrMatrix.Create("91320999MA1XXXXXX190004149202611210002");

        Assert.Equal(a.GetLength(0), b.GetLength(0));
        Assert.Contains(Enumerable.Range(0, a.GetLength(0)), r => Enumerable.Range(0, a.GetLength(0)).Any(c => a[r, c] != b[r, c]));
    }

    [Fact]
    public void Subset_KeepsOnlyTheShownGlyphs_WithTheirCids_AndIsSmall()
    {
        var pdf = Writer();
        var page = pdf.AddPage();
        const string text = "温室气体排放清单报告 Greenhouse Gas Inventory 2026";
        pdf.Text(page, 40, 40, text, 0, 12, PdfColour.Black);

        var inspector = PdfInspector.Read(pdf.Save());

        var font = Assert.Single(inspector.FontFiles);
        var subset = new CffProbe(font);
        var shownCids = inspector.Pages[0].Shown.SelectMany(s => s.Codes.Chunk(4).Select(c => int.Parse(c, NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ToHashSet();
        Assert.Equal(shownCids.Count + 1, subset.GlyphCount);
        Assert.Subset(subset.Cids.ToHashSet(), shownCids);
        // Noto Sans CJK has 65,535 glyphs and a 16 MB CFF; ~30 glyphs with the subroutines they call are a few KB.
        Assert.True(font.Length < 40_000, $"{font.Length} bytes of CFF");
    }

    [Theory]
    [InlineData(false, "危险废物转移联单 Hazardous Waste Transfer Manifest 0123456789 ⚠→—…（）：、")]
    [InlineData(true, "废矿物油与含矿物油废物 HW08 900-214-08 绿岛精密机械有限公司 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz")]
    public void Subset_DrawsEveryGlyphExactlyAsTheOriginalFont(bool bold, string text)
    {
        var face = bold ? Fonts.Bold : Fonts.Regular;
        var pdf = new PdfDocumentWriter([face]);
        pdf.Text(pdf.AddPage(), 40, 40, text, 0, 12, PdfColour.Black);

        var subset = new CffProbe(Assert.Single(PdfInspector.Read(pdf.Save()).FontFiles));

        // Glyph ids are renumbered and subroutines packed; with every call inlined, each glyph must be the same program.
        var original = new CffProbe(face.Cff.ToArray());
        var originalGlyphOfCid = Enumerable.Range(0, original.GlyphCount).ToDictionary(g => original.Cids[g]);
        for (var glyph = 0; glyph < subset.GlyphCount; glyph++)
        {
            var source = originalGlyphOfCid[subset.Cids[glyph]];
            Assert.Equal(original.Flatten(source), subset.Flatten(glyph));
            Assert.Equal(original.FontDictOf(source), subset.FontDictOf(glyph));
        }

        Assert.Equal(original.FontDictCount, subset.FontDictCount);
    }

    [Fact]
    public void AFaceGivenTwice_IsEmbeddedOnce()
    {
        var pdf = new PdfDocumentWriter([Fonts.Regular, Fonts.Regular]);
        var page = pdf.AddPage();
        pdf.Text(page, 40, 40, "常规", 0, 12, PdfColour.Black);
        pdf.Text(page, 40, 60, "粗体", 1, 12, PdfColour.Black);

        var inspector = PdfInspector.Read(pdf.Save());

        Assert.Single(inspector.FontFiles);
        Assert.Equal(["常规", "粗体"], inspector.Pages[0].Texts);
    }

    [Fact]
    public void Wrap_BreaksLatinAtSpacesAndChineseAnywhere_WithinTheWidth()
    {
        var pdf = Writer();

        var latin = pdf.Wrap("Hazardous waste transfer manifest for the generator", 0, 10, 120);
        var chinese = pdf.Wrap("废油漆桶、沾染油漆的抹布手套等含油漆废包装物", 0, 10, 60);

        Assert.All(latin.Concat(chinese), l => Assert.True(pdf.Measure(l, 0, 10) <= 120, l));
        Assert.All(latin, l => Assert.False(l.StartsWith(' ') || l.EndsWith(' ')));
        Assert.Equal("Hazardous waste transfer manifest for the generator", string.Join(' ', latin));
        Assert.Equal("废油漆桶、沾染油漆的抹布手套等含油漆废包装物", string.Concat(chinese));
        Assert.True(chinese.Count > 1);
    }

    [Fact]
    public void Fit_CutsTextWithAnEllipsis_OnlyWhenItIsTooWide()
    {
        var pdf = Writer();

        Assert.Equal("HW08", pdf.Fit("HW08", 0, 8, 100));
        var cut = pdf.Fit("绿岛精密机械有限公司第二分厂危险废物贮存库", 0, 8, 50);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.True(pdf.Measure(cut, 0, 8) <= 50);
    }

    [Fact]
    public void CjkFonts_WhenNoFontExists_NameThePackageAndTheSetting()
    {
        var error = Assert.Throws<PdfFontException>(() => CjkFonts.Load(null, null, "Waste:Pdf:FontPath", ["/nonexistent/a.ttc"]));
        var configured = Assert.Throws<PdfFontException>(() => CjkFonts.Load("/nonexistent/NotoSansCJK-Regular.ttc", null, "Waste:Pdf:FontPath"));

        Assert.Contains("fonts-noto-cjk", error.Message, StringComparison.Ordinal);
        Assert.Contains("Waste:Pdf:FontPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/NotoSansCJK-Regular.ttc", configured.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CjkFonts_LoadEachFileOnce_SoModulesShareTheFaces()
    {
        var again = CjkFonts.Load(null, null, "Other:FontPath");

        Assert.Same(Fonts.Regular, again.Regular);
        Assert.Same(Fonts.Bold, again.Bold);
        Assert.NotSame(again.Regular, again.Bold);
    }

    [Fact]
    public void Save_WithoutPages_IsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => Writer().Save());
    }
}
