using System.IO.Compression;
using System.Xml.Linq;
using GreenIsland.Carbon.Reports;

namespace GreenIsland.Carbon.Tests;

public sealed class XlsxWriterTests
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    [Fact]
    public void Write_ProducesTheWorkbookParts_AndCellsWithExactValues()
    {
        var bytes = XlsxWriter.Write([new XlsxSheet("Summary", [["Scope 2 (tCO2)", 597.8m], ["名称", "2022年度清单"]])]);

        using var zip = new ZipArchive(new MemoryStream(bytes));
        Assert.Equal(
            ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var sheet = XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var cells = sheet.Descendants(Main + "c").ToDictionary(c => (string)c.Attribute("r")!);
        Assert.Equal("597.8", cells["B1"].Element(Main + "v")!.Value);
        Assert.Equal("inlineStr", (string?)cells["A2"].Attribute("t"));
        Assert.Equal("2022年度清单", cells["B2"].Descendants(Main + "t").Single().Value);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Column_UsesBijectiveBase26(int index, string expected) => Assert.Equal(expected, XlsxWriter.Column(index));
}
