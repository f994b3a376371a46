using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using GreenIsland.Carbon.Domain.Cbam;
using GreenIsland.Carbon.Persistence;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Carbon;

/// <summary>Saved CBAM data and product footprints through the API, on both providers; expected values computed by hand.</summary>
public abstract class CbamAndProductApiTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    private async Task<(TestOrganisation Organisation, ApiClient Client)> EnterpriseAsync()
    {
        var (organisation, user) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        return (organisation, await App.SignedInAsync(user));
    }

    private static decimal Dec(JsonNode? node) => node!.GetValue<decimal>();

    internal static object Installation(string code = "CN-GI-0001", string country = "CN", string? unLocode = "CNCZX") => new
    {
        installationCode = code, name = "绿岛钢构厂 Green Island Steel Works", economicActivity = "Steel structures", country, subDivision = "Jiangsu", city = "Changzhou",
        street = "Green Island Road", number = "1", postcode = "213000", unLocode, operatorId = "91320999MA1XXXXX", operatorName = "绿岛钢构有限公司",
        contactName = "王工", contactPhone = "+86 519 0000 0000", contactEmail = "carbon@example.cn",
    };

    private static object Period(decimal activity, decimal direct, decimal mwh, object[]? precursors = null, string source = "GridCountryDefault") => new
    {
        periodFrom = "2024-01-01", periodTo = "2024-12-31", activityLevelTonnes = activity, attributedDirectTco2e = direct, electricityConsumedMwh = mwh,
        electricitySource = source, electricityFactorTco2PerMwh = 0.5366m, electricityFactorSource = "China grid average, MEE/NBS announcement 2024 No. 33 (data year 2022)",
        precursors = precursors ?? [],
    };

    private static async Task<(Guid Installation, Guid SteelPeriod, Guid BoltPeriod)> SteelAndBoltsAsync(ApiClient client)
    {
        var installation = await client.PostJsonAsync("/api/carbon/cbam/installations", Installation()).ExpectJson(HttpStatusCode.Created);
        var id = Guid.Parse((string)installation["id"]!);
        var steel = await client.PostJsonAsync($"/api/carbon/cbam/installations/{id}/goods", new { cnCode = "72081000", description = "Hot-rolled flat products of iron, in coils", productionRoute = "EAF" })
            .ExpectJson(HttpStatusCode.Created);
        var bolts = await client.PostJsonAsync($"/api/carbon/cbam/installations/{id}/goods", new { cnCode = "73181500", description = "Screws and bolts of iron or steel", productionRoute = "Cold forging" })
            .ExpectJson(HttpStatusCode.Created);
        var steelPeriod = await client.PostJsonAsync($"/api/carbon/cbam/goods/{steel["id"]}/periods", Period(1_000m, 1_850m, 450m)).ExpectJson(HttpStatusCode.Created);
        var boltPeriod = await client.PostJsonAsync($"/api/carbon/cbam/goods/{bolts["id"]}/periods",
            Period(1_000m, 200m, 100m, [new { cnCode = "72081000", massTonnes = 1_050m, sourcePeriodId = steelPeriod["id"]!.GetValue<Guid>() }])).ExpectJson(HttpStatusCode.Created);
        return (id, Guid.Parse((string)steelPeriod["id"]!), Guid.Parse((string)boltPeriod["id"]!));
    }

    [Fact]
    public async Task CbamPeriods_StoreHandComputedSee_ForSimpleAndComplexGoods_AndTheSupplierCommunicationReadsThem()
    {
        var (_, client) = await EnterpriseAsync();
        using var _ = client;
        var (installation, _, _) = await SteelAndBoltsAsync(client);

        var saved = await client.GetAsync($"/api/carbon/cbam/installations/{installation}").ExpectJson(HttpStatusCode.OK);
        var communication = await client.GetAsync($"/api/carbon/cbam/installations/{installation}/supplier-communication?periodFrom=2024-01-01&periodTo=2024-12-31")
            .ExpectJson(HttpStatusCode.OK);

        // Steel: direct 1,850 / 1,000 = 1.85; indirect 450 x 0.5366 / 1,000 = 0.24147.
        // Bolts: direct (200 + 1,050 x 1.85) / 1,000 = 2.1425; indirect (100 x 0.5366 + 1,050 x 0.24147) / 1,000 = 0.3072035 -> 0.30720.
        var steel = saved["goods"]!.AsArray().Single(g => (string?)g!["cnCode"] == "72081000")!["periods"]![0]!;
        var bolts = saved["goods"]!.AsArray().Single(g => (string?)g!["cnCode"] == "73181500")!["periods"]![0]!;
        Assert.Equal((1.85m, 0.24147m, "Simple"), (Dec(steel["specificEmbeddedEmissions"]!["direct"]), Dec(steel["specificEmbeddedEmissions"]!["indirect"]), (string?)steel["goodType"]));
        Assert.Equal((2.1425m, 0.3072m, 0.3072035m, "Complex"),
            (Dec(bolts["specificEmbeddedEmissions"]!["direct"]), Dec(bolts["specificEmbeddedEmissions"]!["indirect"]), Dec(bolts["seeIndirectExact"]), (string?)bolts["goodType"]));
        Assert.Equal("CNCZX", (string?)saved["unLocode"]);
        var goods = communication["goods"]!.AsArray();
        Assert.Equal(["72081000", "73181500"], goods.Select(g => (string)g!["cnCode"]!));
        Assert.Equal(2.4497m, Dec(goods[1]!["specificEmbeddedEmissions"]!["total"]));
        Assert.Equal(0.1m, Dec(goods[1]!["electricity"]!["consumedMwhPerTonne"]));
        Assert.Contains("half away from zero", (string)communication["roundingRule"]!, StringComparison.Ordinal);

        var xlsx = await client.GetAsync($"/api/carbon/cbam/installations/{installation}/supplier-communication.xlsx?periodFrom=2024-01-01&periodTo=2024-12-31").Expect(HttpStatusCode.OK);
        using var zip = new System.IO.Compression.ZipArchive(await xlsx.Content.ReadAsStreamAsync());
        var sheet = XDocument.Load(zip.GetEntry("xl/worksheets/sheet2.xml")!.Open()).ToString();
        Assert.Contains("73181500", sheet, StringComparison.Ordinal);
        Assert.Contains("<v>2.4497", sheet, StringComparison.Ordinal); // PostgreSQL numerics keep their scale (2.44970)

        var empty = await client.GetAsync($"/api/carbon/cbam/installations/{installation}/supplier-communication?periodFrom=2023-01-01&periodTo=2023-12-31").ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(empty["errors"]!["periodFrom"]);
    }

    private static object ReportRequest(IEnumerable<object> goods) => new
    {
        year = 2024, quarter = 4, draftReportId = "DRAFT-2024Q4-0001",
        declarant = new { identificationNumber = "DE123456789012345", name = "Example Importer GmbH", role = "01", address = new { country = "DE", city = "Hamburg", street = "Hafenstraße", number = "1", postcode = "20457" } },
        competentAuthorityReference = "DE-NCA-0001",
        signature = new { date = "2025-01-20", place = "Hamburg", signatory = "A. Importer", position = "Compliance manager" },
        units = new { tonnes = "t", co2e = "tCO2e", co2ePerTonne = "t/t" },
        goods,
    };

    private static object Codes() => new
    {
        directDeterminationType = "01", reportingMethodologyType = "TOM01", indirectDeterminationType = "01", electricitySource = "SE01", electricityFactorSource = "D41",
        productionMethodId = "P01", productionMethodName = "Hot-rolled flat products", requestedProcedure = "40", importArea = "EU",
    };

    [Fact]
    public async Task QuarterlyReport_FromSavedPeriods_ValidatesAgainstTheXsd_WithHandComputedTotals()
    {
        var (_, client) = await EnterpriseAsync();
        using var _ = client;
        var (_, steel, bolts) = await SteelAndBoltsAsync(client);

        var response = await client.PostJsonAsync("/api/carbon/cbam/quarterly-report", ReportRequest(
        [
            new { periodId = steel, importedNetMassTonnes = 120.5m, codes = Codes() },
            new { periodId = bolts, importedNetMassTonnes = 20m, codes = Codes() },
        ])).Expect(HttpStatusCode.OK);
        var xml = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var errors = CbamQuarterlyReportSchemaTests.Validate(xml);
        Assert.True(errors.Count == 0, string.Join('\n', errors) + "\n" + xml);
        // 120.5 t x 2.09147 = 252.022135 -> 252.02214; 20 t x 2.4497 = 48.994; total 301.01614.
        XNamespace ns = CbamQuarterlyReportWriter.Namespace;
        var document = XDocument.Parse(xml);
        Assert.Equal("301.01614", document.Root!.Element(ns + "TotalEmissions")!.Value);
        Assert.Equal("CNCZX", document.Root.Descendants(ns + "UNLOCODE").First().Value);
        // A deliberately broken copy (three-letter country) does not validate.
        Assert.NotEmpty(CbamQuarterlyReportSchemaTests.Validate(xml.Replace("<Country>CN</Country>", "<Country>CHN</Country>", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cbam_BadInput_IsRefusedWithFieldErrorsAndStoresNothing()
    {
        var (organisation, client) = await EnterpriseAsync();
        var (_, otherClient) = await EnterpriseAsync();
        using var _ = client;
        using var __ = otherClient;

        var badLocode = await client.PostJsonAsync("/api/carbon/cbam/installations", Installation(unLocode: "DEHAM")).ExpectJson(HttpStatusCode.BadRequest);
        var badCountry = await client.PostJsonAsync("/api/carbon/cbam/installations", Installation(country: "CHN")).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(badLocode["errors"]!["unLocode"]);
        Assert.NotNull(badCountry["errors"]!["country"]);

        var installation = await client.PostJsonAsync("/api/carbon/cbam/installations", Installation()).ExpectJson(HttpStatusCode.Created);
        var badCn = await client.PostJsonAsync($"/api/carbon/cbam/installations/{installation["id"]}/goods", new { cnCode = "7208100", description = "x", productionRoute = "EAF" })
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(badCn["errors"]!["cnCode"]);
        var good = await client.PostJsonAsync($"/api/carbon/cbam/installations/{installation["id"]}/goods", new { cnCode = "76011000", description = "Unwrought aluminium", productionRoute = "Hall-Héroult" })
            .ExpectJson(HttpStatusCode.Created);
        var certificates = await client.PostJsonAsync($"/api/carbon/cbam/goods/{good["id"]}/periods", Period(100m, 10m, 1_500m, source: "GreenCertificate")).ExpectJson(HttpStatusCode.BadRequest);
        var noSource = await client.PostJsonAsync($"/api/carbon/cbam/goods/{good["id"]}/periods",
            Period(100m, 10m, 1_500m, [new { cnCode = "28182000", massTonnes = 190m, seeDirect = 1.2m, seeIndirect = 0.1m }])).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(certificates["errors"]!["electricitySource"]);
        Assert.NotNull(noSource["errors"]!["precursors[0].source"]);

        // Another organisation neither sees nor extends the installation.
        await otherClient.GetAsync($"/api/carbon/cbam/installations/{installation["id"]}").Expect(HttpStatusCode.NotFound);
        await otherClient.PostJsonAsync($"/api/carbon/cbam/goods/{good["id"]}/periods", Period(100m, 10m, 10m)).Expect(HttpStatusCode.NotFound);

        var stored = await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<CarbonDbContext>();
            return (await db.CbamInstallations.CountAsync(i => i.OrganisationId == organisation.Id), await db.CbamPeriods.CountAsync(p => p.OrganisationId == organisation.Id));
        });
        Assert.Equal((1, 0), stored);
    }

    private static object Product(string code = "BOLT-M8", string periodFrom = "2024-01-01", string periodTo = "2024-12-31", string productOutput = "BOLT-M8") => new
    {
        code, name = "M8 六角螺栓 hex bolt", description = "Hot-dip galvanised M8 hex bolts", productCategoryCpc = "42999", periodFrom, periodTo, allocationBasis = "Mass",
        electricityKwh = 10_000m, fuelKgCo2e = 500m, gwpSet = "ipcc-gwp100-ar6",
        outputs = new[] { new { code = productOutput, massKg = 8_000m, economicValue = 80_000m, physicalMeasure = 0m }, new { code = "SCRAP", massKg = 2_000m, economicValue = 4_000m, physicalMeasure = 0m } },
        bom = new[]
        {
            new { material = "steel wire rod 72131000", quantityKg = 1.05m, factorKgCo2ePerKg = 2.4497m, supplierProvided = true, factorSource = "supplier CBAM communication 2024" },
            new { material = "zinc", quantityKg = 0.01m, factorKgCo2ePerKg = 3.5m, supplierProvided = false, factorSource = "material factor given by the enterprise (test value)" },
        },
    };

    [Fact]
    public async Task ProductFootprint_IsCalculatedWithABreakdownAndTheFactorVersion_AndExportsAsPact()
    {
        var (_, client) = await EnterpriseAsync();
        using var _ = client;
        var created = await client.PostJsonAsync("/api/carbon/products", Product()).ExpectJson(HttpStatusCode.Created);
        var id = (string)created["id"]!;
        await client.GetAsync($"/api/carbon/products/{id}/pact").Expect(HttpStatusCode.Conflict);

        var calculated = await client.PostJsonAsync($"/api/carbon/products/{id}/calculate", null).ExpectJson(HttpStatusCode.OK);

        // Mass allocation 8,000 / 10,000 = 0.8. Materials 1.05 x 2.4497 = 2.572185 and 0.01 x 3.5 = 0.035;
        // electricity 10,000 kWh x 0.5777 (2024 product-footprint factor) x 0.8 / 8,000 kg = 0.5777; fuel 500 x 0.8 / 8,000 = 0.05. Total 3.234885 kgCO2e/kg.
        var footprint = calculated["footprint"]!;
        Assert.Equal(3.234885m, Dec(footprint["kgCo2ePerKg"]));
        Assert.Equal(0.8m, Dec(footprint["allocationShare"]));
        Assert.Equal(("cn-electricity-pcf", 1, 0.5777m), ((string?)footprint["electricityFactorLibrary"], (int)footprint["electricityFactorLibraryVersion"]!, Dec(footprint["electricityFactorKgCo2ePerKwh"])));
        Assert.Equal([2.572185m, 0.035m, 0.5777m, 0.05m], footprint["breakdown"]!.AsArray().Select(b => Dec(b!["kgCo2ePerKg"])));

        var pact = await client.GetAsync($"/api/carbon/products/{id}/pact").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(("3.234885", "kilogram", "AR6"), ((string?)pact["pcf"]!["pCfExcludingBiogenic"], (string?)pact["pcf"]!["declaredUnit"], (string?)pact["pcf"]!["characterizationFactors"]));
        Assert.Equal("2.2.0", (string?)pact["specVersion"]);
        Assert.StartsWith("urn:pathfinder:company:customcode:vendor-assigned:uscc-", (string)pact["companyIds"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductFootprint_ForAYearWithoutAFootprintElectricityFactor_IsAClearError_AndBadProductsAreRefused()
    {
        var (_, client) = await EnterpriseAsync();
        using var _ = client;
        var noOutput = await client.PostJsonAsync("/api/carbon/products", Product(productOutput: "OTHER")).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(noOutput["errors"]!["outputs"]);
        var created = await client.PostJsonAsync("/api/carbon/products", Product(code: "BOLT-2022", periodFrom: "2022-01-01", periodTo: "2022-12-31", productOutput: "BOLT-2022"))
            .ExpectJson(HttpStatusCode.Created);

        var problem = await client.PostJsonAsync($"/api/carbon/products/{created["id"]}/calculate", null).ExpectJson(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("UnknownFactor", (string?)problem["title"]);
        Assert.Contains("2023, 2024", (string)problem["detail"]!, StringComparison.Ordinal);
        var after = await client.GetAsync($"/api/carbon/products/{created["id"]}").ExpectJson(HttpStatusCode.OK);
        Assert.Null(after["footprint"]);
    }

    [Fact]
    public async Task Inventory2021_WithPurchasedElectricity_IsRefusedBecauseNoStandInWasPublishedFor2021()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        await client.PostJsonAsync("/api/carbon/activities", new { siteId = organisation.SiteId.Value, month = "2021-05", kind = "PurchasedElectricity", quantity = 10m, unit = "MWh" })
            .Expect(HttpStatusCode.Created);
        var inventory = await client.PostJsonAsync("/api/carbon/inventories", new { name = "2021年度", year = 2021, siteIds = new[] { organisation.SiteId.Value }, gridRegion = "CN-JS", gwpSet = "ipcc-gwp100-ar5" })
            .ExpectJson(HttpStatusCode.Created);

        var problem = await client.PostJsonAsync($"/api/carbon/inventories/{inventory["id"]}/calculate", null).ExpectJson(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("UnknownFactor", (string?)problem["title"]);
        Assert.Contains("2022, 2023", (string)problem["detail"]!, StringComparison.Ordinal);
        var after = await client.GetAsync($"/api/carbon/inventories/{inventory["id"]}").ExpectJson(HttpStatusCode.OK);
        Assert.Null(after["calculatedAt"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CbamAndProductApiTestsOnSqlite(SqliteAppFactory factory) : CbamAndProductApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class CbamAndProductApiTestsOnPostgreSql(PostgresAppFactory factory) : CbamAndProductApiTests(factory);
