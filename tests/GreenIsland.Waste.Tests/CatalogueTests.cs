using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Domain.Catalogue;

namespace GreenIsland.Waste.Tests;

public sealed class CatalogueTests
{
    private static readonly HashSet<string> Editions = ["2021", "2025"];

    [Theory]
    [InlineData("900-041-49", "HW49", "900")]
    [InlineData(" 336-064-17 ", "HW17", "336")]
    [InlineData("900-249-08", "HW08", "900")]
    [InlineData("261-057-34", "HW34", "261")]
    public void TryParse_ReadsIndustrySourceSequenceAndCategory(string text, string category, string source)
    {
        Assert.True(HazardousWasteCode.TryParse(text, out var code, out _));
        Assert.Equal(category, code.CategoryCode);
        Assert.Equal(source, code.IndustrySource);
        Assert.Equal(text.Trim(), code.Value);
        Assert.Equal(text.Trim().Replace("-", "", StringComparison.Ordinal), code.Digits);
    }

    [Theory]
    [InlineData("900-041-41")]
    [InlineData("900-041-42")]
    [InlineData("900-041-43")]
    [InlineData("900-041-44")]
    [InlineData("900-041-00")]
    [InlineData("900-041-51")]
    public void TryParse_RejectsCategoriesThatDoNotExist(string text)
    {
        Assert.False(HazardousWasteCode.TryParse(text, out _, out var reason));
        Assert.Contains("does not exist", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90004149")]
    [InlineData("900_041_49")]
    [InlineData("900-41-49")]
    [InlineData("9A0-041-49")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_RejectsMalformedCodes(string? text)
    {
        Assert.False(HazardousWasteCode.TryParse(text, out _, out var reason));
        Assert.Contains("XXX-XXX-XX", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Categories_AreTheFortySixOfTheList()
    {
        var all = WasteCategories.All.ToList();

        Assert.Equal(46, all.Count);
        Assert.DoesNotContain(41, all);
        Assert.DoesNotContain(44, all);
        Assert.Contains(45, all);
        Assert.Equal(50, all[^1]);
        Assert.False(WasteCategories.TryParse("HW42", out _, out _));
        Assert.True(WasteCategories.TryParse("hw8", out var eight, out _));
        Assert.Equal(8, eight);
    }

    [Fact]
    public void Characteristics_DistinguishIgnitabilityFromInfectivity_AndKeepListOrder()
    {
        Assert.True(HazardCharacteristics.TryParse("In/T, I", out var values, out _));
        Assert.Equal([HazardCharacteristic.Toxicity, HazardCharacteristic.Ignitability, HazardCharacteristic.Infectivity], values);
        Assert.Equal("T,I,In", HazardCharacteristics.Format(values));
        Assert.False(HazardCharacteristics.TryParse("T,X", out _, out var reason));
        Assert.Contains("'X'", reason, StringComparison.Ordinal);
        Assert.False(HazardCharacteristics.TryParse(" ", out _, out _));
    }

    [Fact]
    public void CsvImport_ReportsEveryProblemPerRowAndField()
    {
        const string csv = """
            code,name,category,characteristics,edition,source
            900-041-49,废弃的包装物,HW49,"T,In",2025,official
            900-041-42,不存在的类别,HW42,T,2025,
            900-249-08,后缀与类别不符,HW09,"T,I",2025,
            90024908,格式错误,HW08,T,2025,
            900-041-49,重复,HW49,T,2025,
            900-252-12,未知版本,HW12,T,2019,
            900-402-06,,HW06,Q,2021,
            336-064-17,电镀污泥,HW17,"T,C",2021,
            """;

        var (valid, errors, rows, headerError) = CatalogueCsv.Validate(csv, Editions);

        Assert.Null(headerError);
        Assert.Equal(8, rows);
        Assert.Equal(["900-041-49", "336-064-17"], valid.Select(v => v.Code.Value));
        Assert.Contains(errors, e => e is { Line: 3, Field: "code" } && e.Message.Contains("HW42 does not exist", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Line: 3, Field: "category" });
        Assert.Contains(errors, e => e is { Line: 4, Field: "code" } && e.Message.Contains("belongs to HW08, not HW09", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Line: 5, Field: "code" } && e.Message.Contains("XXX-XXX-XX", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Line: 6, Field: "code" } && e.Message.Contains("line 2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Line: 7, Field: "edition" });
        Assert.Contains(errors, e => e is { Line: 8, Field: "name" });
        Assert.Contains(errors, e => e is { Line: 8, Field: "characteristics" });
        Assert.DoesNotContain(errors, e => e.Line is 2 or 9);
    }

    [Fact]
    public void CsvImport_RefusesAFileWithTheWrongHeader()
    {
        var (_, _, _, headerError) = CatalogueCsv.Validate("code;name;category\n900-041-49;x;HW49\n", Editions);

        Assert.NotNull(headerError);
    }

    [Fact]
    public void CsvReader_HandlesQuotesCommasAndLineBreaks()
    {
        var rows = CsvReader.Read("\uFEFFa,\"b,c\",\"d \"\"e\"\"\"\r\n\"x\ny\",z,\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal(["a", "b,c", "d \"e\""], rows[0]);
        Assert.Equal(["x\ny", "z", ""], rows[1]);
    }
}
