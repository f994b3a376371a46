using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using GreenIsland.Waste.Features.Exports;

namespace GreenIsland.Waste.Tests.Oversight;

public sealed class TableExportTests
{
    private static readonly ExportTable Table = new("台账 2026", ["日期", "名称", "数量(kg)"],
    [
        [new DateOnly(2026, 3, 1), "废矿物油, \"HW08\"", 12.345m],
        [new DateOnly(2026, 3, 2), "=cmd()", 1m],
    ]);

    [Fact]
    public void Csv_QuotesEscapesAndDefusesFormulas()
    {
        var bytes = TableExport.ToCsv(Table);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.Equal("日期,名称,数量(kg)", lines[0]);
        Assert.Equal("2026-03-01,\"废矿物油, \"\"HW08\"\"\",12.345", lines[1]);
        Assert.Equal("2026-03-02,'=cmd(),1", lines[2]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+SUM(A1:A9)", "'+SUM(A1:A9)")]
    [InlineData("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=cmd()", "'\t=cmd()")]
    [InlineData("\r=cmd()", "\"'\r=cmd()\"")]
    [InlineData("含油废抹布 = 2 kg", "含油废抹布 = 2 kg")]
    [InlineData("", "")]
    public void Csv_TextCellsThatASpreadsheetWouldRunAreDefused(string text, string written)
    {
        var table = new ExportTable("t", ["a", "b"], [[text, -7.5m]]);
        var csv = Encoding.UTF8.GetString(TableExport.ToCsv(table)[3..]);
        // Numbers (negative ones too) stay numbers; only text is prefixed.
        Assert.Equal($"a,b\r\n{written},-7.5\r\n", csv);
    }

    [Fact]
    public void Xlsx_IsAZipWithAWorksheetHoldingTheCells()
    {
        using var zip = new ZipArchive(new MemoryStream(TableExport.ToXlsx([Table])));
        Assert.NotNull(zip.GetEntry("[Content_Types].xml"));
        using var sheet = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var doc = XDocument.Load(sheet);
        XNamespace ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var cells = doc.Descendants(ns + "c").ToList();
        Assert.Equal(9, cells.Count);
        var number = cells.Single(c => (string?)c.Attribute("r") == "C2");
        Assert.Equal("12.345", number.Element(ns + "v")!.Value);
        Assert.Equal("废矿物油, \"HW08\"", cells.Single(c => (string?)c.Attribute("r") == "B2").Descendants(ns + "t").Single().Value);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    public void ColumnName_IsSpreadsheetStyle(int index, string name) => Assert.Equal(name, TableExport.ColumnName(index));
}
