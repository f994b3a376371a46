using GreenIsland.Documents.Pdf;
using GreenIsland.Documents.Testing;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Streams;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Features.Printing;
using Microsoft.Extensions.Configuration;
using QRCoder;

namespace GreenIsland.Waste.Tests;

public sealed class LabelTests
{
    private static readonly PdfFontSet Fonts = new WasteFonts(new ConfigurationBuilder().Build()).Get();

    private static WasteContainer Container(int litres) => new()
    {
        Id = Guid.CreateVersion7(),
        Code = "91320999MA1XXXXXX190004149202611210001",
        WasteCode = "900-041-49",
        CategoryCode = "HW49",
        WasteName = "废油漆桶、沾染油漆的抹布手套等含油漆废包装物",
        Characteristics = "T,In",
        MainComponents = "铁桶、残余油漆、有机溶剂",
        Precautions = "远离火源，密闭存放，防止泄漏",
        PhysicalForm = PhysicalForm.Solid,
        Packaging = "铁桶",
        ProducerName = "测试精密机械有限公司",
        ContactName = "王工",
        ContactPhone = "13800000000",
        GeneratedOn = new DateOnly(2026, 11, 21),
        WeightG = 12_345,
        VolumeLitres = litres,
        CompatibilityGroup = CompatibilityGroup.Combustible,
        State = ContainerState.Stored,
    };

    [Fact]
    public void QrPng_IsAPngImage()
    {
        var png = ContainerLabel.QrPng("91320999MA1XXXXXX190004149202611210001");

        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
    }

    [Theory]
    [InlineData(20, 100)]
    [InlineData(200, 150)]
    [InlineData(1000, 200)]
    public void Pdf_IsOneSquarePageOfTheHj1276SizeForTheVolume(int litres, int sideMm)
    {
        var pdf = PdfInspector.Read(ContainerLabel.Render(Container(litres), Fonts));

        var page = Assert.Single(pdf.Pages);
        Assert.Equal(sideMm * 72 / 25.4, page.Width, 2);
        Assert.Equal(sideMm * 72 / 25.4, page.Height, 2);
        Assert.NotEmpty(pdf.FontFiles);
    }

    [Fact]
    public void Pdf_ShowsEveryLabelField_WithItsValue()
    {
        var container = Container(200);

        var text = PdfInspector.Read(ContainerLabel.Render(container, Fonts)).AllText;
        var joined = text.Replace("\n", string.Empty, StringComparison.Ordinal);

        Assert.Contains("危险废物", text, StringComparison.Ordinal);
        foreach (var (label, value) in ContainerLabel.Fields(container))
        {
            Assert.Contains(label + "：", text, StringComparison.Ordinal);
            Assert.Contains(value, joined, StringComparison.Ordinal);
        }

        Assert.Contains("危险特性：毒性(T)、感染性(In)", joined, StringComparison.Ordinal);
        Assert.Contains("12.345 kg", text, StringComparison.Ordinal);
        Assert.Contains("数字识别码：91320999MA1XXXXXX190004149202611210001", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_QrCode_HasExactlyTheModulesOfTheContainerCode()
    {
        var container = Container(30);

        var drawn = Assert.Single(PdfInspector.Read(ContainerLabel.Render(container, Fonts)).Pages[0].QrCodes);

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(container.Code, QRCodeGenerator.ECCLevel.M);
        Assert.Equal(data.ModuleMatrix.Count, drawn.GetLength(0));
        for (var row = 0; row < drawn.GetLength(0); row++)
        {
            for (var column = 0; column < drawn.GetLength(1); column++)
            {
                Assert.True(data.ModuleMatrix[row][column] == drawn[row, column], $"module ({row}, {column}) differs");
            }
        }
    }

    [Fact]
    public void Fonts_WhenTheConfiguredFileIsMissing_ExplainWhatToInstallAndWhatToSet()
    {
        var fonts = new WasteFonts(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WasteFonts.FontPathKey] = "/nonexistent/NotoSansCJK-Regular.ttc",
        }).Build());

        var error = Assert.Throws<PdfFontException>(fonts.Get);

        Assert.Contains("fonts-noto-cjk", error.Message, StringComparison.Ordinal);
        Assert.Contains("Waste:Pdf:FontPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/NotoSansCJK-Regular.ttc", error.Message, StringComparison.Ordinal);
    }
}
