using System.Text;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Streams;
using GreenIsland.Waste.Features.Containers;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Tests;

public sealed class LabelTests
{
    private static WasteContainer Container(int litres) => new()
    {
        Id = Guid.CreateVersion7(),
        Code = "91320999MA1XXXXXX1900041492026112100 01".Replace(" ", "", StringComparison.Ordinal),
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
        var png = LabelRenderer.QrPng("91320999MA1XXXXXX190004149202611210001");

        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
    }

    [Fact]
    public void Pdf_IsASquarePageOfTheHj1276SizeWithAnEmbeddedCjkFont()
    {
        var renderer = new LabelRenderer(Options.Create(new LabelOptions()));

        var (bytes, error) = renderer.Pdf(Container(200));

        Assert.True(error is null, error);
        var text = Encoding.Latin1.GetString(bytes!);
        Assert.StartsWith("%PDF-", text, StringComparison.Ordinal);
        // 150 mm = 425.2 pt.
        var mediaBox = System.Text.RegularExpressions.Regex.Match(text, @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
        Assert.True(mediaBox.Success, "no MediaBox");
        Assert.Equal(425.2, double.Parse(mediaBox.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1);
        Assert.Equal(425.2, double.Parse(mediaBox.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 1);
        Assert.Contains("/FontFile", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdf_WithAMissingFontFile_ExplainsWhatToInstall()
    {
        var renderer = new LabelRenderer(Options.Create(new LabelOptions { FontPath = "/nonexistent/font.ttc" }));

        var (bytes, error) = renderer.Pdf(Container(20));

        // The resolver is process-wide once set; only assert the message when this instance had to look for the file.
        if (bytes is null)
        {
            Assert.Contains("/nonexistent/font.ttc", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FontCollection_ExtractsOneFaceAsAStandaloneFont()
    {
        // A two-face collection: header 'ttcf' + offsets, each face one 4-byte table.
        var face = new byte[] { 0x4F, 0x54, 0x54, 0x4F, 0, 1, 0, 16, 0, 0, 0, 0 };
        var file = new List<byte>();
        file.AddRange("ttcf"u8.ToArray());
        file.AddRange(new byte[] { 0, 1, 0, 0, 0, 0, 0, 2 });
        file.AddRange(new byte[] { 0, 0, 0, 20, 0, 0, 0, 64 });
        foreach (var (start, payload) in new[] { (20, "AAAA"), (64, "BBBB") })
        {
            while (file.Count < start)
            {
                file.Add(0);
            }

            file.AddRange(face);
            file.AddRange("name"u8.ToArray());
            file.AddRange(new byte[] { 0, 0, 0, 0 });
            file.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(start + 28)));
            file.AddRange(new byte[] { 0, 0, 0, 4 });
            file.AddRange(Encoding.ASCII.GetBytes(payload));
        }

        var second = FontCollection.Extract(file.ToArray(), 1);

        Assert.Equal("OTTO", Encoding.ASCII.GetString(second, 0, 4));
        Assert.Equal("BBBB", Encoding.ASCII.GetString(second, 28, 4));
        Assert.Throws<InvalidDataException>(() => FontCollection.Extract(file.ToArray(), 2));
    }
}
