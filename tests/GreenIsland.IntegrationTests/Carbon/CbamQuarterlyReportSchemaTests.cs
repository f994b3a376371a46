using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using GreenIsland.Carbon.Domain.Cbam;

namespace GreenIsland.IntegrationTests.Carbon;

/// <summary>
/// Validates generated CBAM quarterly reports against the Commission's schema in ../shared/data/cbam (read from disk,
/// hence here and not in the unit tests). Code-list values below (procedures, determination types, units) only
/// exercise the formats the schema enforces; real values come from the CBAM registry's code lists.
/// </summary>
public sealed class CbamQuarterlyReportSchemaTests
{
    private static readonly Lazy<XmlSchemaSet> Schemas = new(LoadSchemas);

    private static XmlSchemaSet LoadSchemas()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GreenIsland.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var xsd = Path.GetFullPath(Path.Combine(directory!.FullName, "..", "shared", "data", "cbam", "QReport_v17.00.xsd"));
        Assert.True(File.Exists(xsd), $"{xsd} is missing (the CBAM schema lives in ../shared/data/cbam relative to the repository root).");
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.Add(CbamQuarterlyReportWriter.Namespace, xsd);
        set.Compile();
        return set;
    }

    internal static List<string> Validate(string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }

    internal static CbamQuarterlyReport Report()
    {
        var address = new CbamAddress("CN", "Changzhou", "Jiangsu", "Green Island Road", "1", "213000");
        var installation = new CbamInstallation("CN-GI-0001", "绿岛钢构厂 Green Island Steel Works", "Steel structures", address,
            new CbamParty("91320999MA1XXXXX", "绿岛钢构有限公司", address), new CbamContact("王工", "+86 519 0000 0000", "carbon@example.cn"));
        var codes = new CbamCodes("01", "TOM01", "01", "SE01", "D41", "P01", "Hot-rolled flat products", "40", "EU");
        var factor = new CbamElectricityFactor(CbamElectricitySource.GridCountryDefault, 0.5366m, "China grid average, MEE/NBS announcement 2024 No. 33 (data year 2022)");
        return new CbamQuarterlyReport(
            new DateTime(2025, 1, 20, 8, 30, 0, DateTimeKind.Utc), "DRAFT-2024Q4-0001", 4, 2024,
            new CbamParty("DE123456789012345", "Example Importer GmbH", new CbamAddress("DE", "Hamburg", Street: "Hafenstraße", Number: "1", Postcode: "20457")),
            "01", "DE-NCA-0001", new CbamSignature(new DateOnly(2025, 1, 20), "Hamburg", "A. Importer", "Compliance manager"),
            new CbamUnits("t", "tCO2e", "t/t"),
            [
                new CbamReportedGood("72081000", "Hot-rolled flat products of iron, in coils", "CN", 120.5m, installation,
                    new CbamProduction("72081000", 1_000m, 1_850m, 450m, factor, []), codes),
                new CbamReportedGood("73181500", "Screws and bolts of iron or steel", "CN", 20m, installation,
                    new CbamProduction("73181500", 1_000m, 200m, 100m, factor, [new CbamPrecursorUse("72081000", 1_050m, 1.85m, 0.24147m)]), codes),
            ]);
    }

    [Fact]
    public void GeneratedReport_ValidatesAgainstTheSchema()
    {
        var xml = CbamQuarterlyReportWriter.Write(Report());

        var errors = Validate(xml);

        Assert.True(errors.Count == 0, string.Join('\n', errors) + "\n" + xml);
    }

    [Fact]
    public void GeneratedReport_CarriesTheRoundedSeeAndTotals()
    {
        var document = XDocument.Parse(CbamQuarterlyReportWriter.Write(Report()));
        XNamespace ns = CbamQuarterlyReportWriter.Namespace;
        var goods = document.Root!.Elements(ns + "ImportedGood").ToList();

        // Good 1: SEE direct 1.85, indirect 0.24147; 120.5 t -> 222.925 + 29.09714 (29.097135 rounded half away from zero).
        Assert.Equal("1.85", goods[0].Descendants(ns + "DirectEmissions").Single().Element(ns + "SpecificEmbeddedEmissions")!.Value);
        Assert.Equal("0.24147", goods[0].Descendants(ns + "IndirectEmissions").Single().Element(ns + "SpecificEmbeddedEmissions")!.Value);
        Assert.Equal("29.09714", goods[0].Element(ns + "TotalEmissions")!.Element(ns + "TotalIndirect")!.Value);
        Assert.Equal("0.45", goods[0].Descendants(ns + "ElectricityConsumed").Single().Value);
        // Good 2 (complex): 2.1425 + 0.3072 = 2.4497 t/t; 20 t -> 48.994. Report total: 120.5 x 2.09147 = 252.02214 (252.022135) + 48.994.
        Assert.Equal("2.4497", goods[1].Element(ns + "TotalEmissions")!.Element(ns + "EmissionsPerUnit")!.Value);
        Assert.Equal("301.01614", document.Root.Element(ns + "TotalEmissions")!.Value);
        Assert.Equal(["720810", "731815"], goods.Select(g => g.Element(ns + "CommodityCode")!.Element(ns + "HsCode")!.Value));
    }

    [Fact]
    public void BrokenReport_ThreeLetterCountry_FailsValidation()
    {
        var xml = CbamQuarterlyReportWriter.Write(Report()).Replace("<Country>CN</Country>", "<Country>CHN</Country>", StringComparison.Ordinal);

        Assert.NotEmpty(Validate(xml));
    }

    [Fact]
    public void BrokenReport_MissingYear_FailsValidation()
    {
        var document = XDocument.Parse(CbamQuarterlyReportWriter.Write(Report()));
        document.Root!.Element(XName.Get("Year", CbamQuarterlyReportWriter.Namespace))!.Remove();

        Assert.NotEmpty(Validate(document.ToString()));
    }

    [Fact]
    public void BrokenReport_SixDecimalSee_FailsValidation()
    {
        var document = XDocument.Parse(CbamQuarterlyReportWriter.Write(Report()));
        document.Root!.Descendants(XName.Get("DirectEmissions", CbamQuarterlyReportWriter.Namespace)).First()
            .Element(XName.Get("SpecificEmbeddedEmissions", CbamQuarterlyReportWriter.Namespace))!.Value = "1.850001";

        Assert.NotEmpty(Validate(document.ToString()));
    }
}
