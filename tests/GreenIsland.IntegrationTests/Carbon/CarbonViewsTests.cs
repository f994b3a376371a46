using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.IntegrationTests.Carbon;

/// <summary>
/// The Carbon reports and views on both providers: inventory PDF, production output, enterprise charts and the
/// regulator's trends and renewables. Expected values are computed by hand from the shipped, published factors
/// (Jiangsu 2022 grid 0.5978 tCO2/MWh; national excl. market-traded non-fossil 2022, the stand-in, 0.5856).
/// </summary>
public abstract class CarbonViewsTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    private async Task<(TestOrganisation Organisation, ApiClient Client)> EnterpriseAsync(JurisdictionId? town = null)
    {
        var (organisation, user) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin, town);
        return (organisation, await App.SignedInAsync(user));
    }

    private static Task<HttpResponseMessage> Activity(ApiClient client, Guid site, string month, string kind, decimal quantity, string unit, string? code = null) =>
        client.PostJsonAsync("/api/carbon/activities", new { siteId = site, month, kind, activityCode = code, quantity, unit });

    private static Task<HttpResponseMessage> Output(ApiClient client, Guid site, string month, decimal quantity, string unit, string product = "成品钢材") =>
        client.PutJsonAsync("/api/carbon/outputs", new { siteId = site, month, quantity, unit, product });

    private static async Task<Guid> CalculatedInventoryAsync(ApiClient client, Guid site, int year = 2022)
    {
        var created = await client.PostJsonAsync("/api/carbon/inventories", new { name = $"{year}年度温室气体排放清单", year, siteIds = new[] { site }, gridRegion = "CN-JS", gwpSet = "ipcc-gwp100-ar5" })
            .ExpectJson(HttpStatusCode.Created);
        var id = Guid.Parse((string)created["id"]!);
        await client.PostJsonAsync($"/api/carbon/inventories/{id}/calculate", null).Expect(HttpStatusCode.OK);
        return id;
    }

    private static decimal Dec(JsonNode? node) => node!.GetValue<decimal>();

    private static decimal? NullableDec(JsonNode? node) => node is null ? null : node.GetValue<decimal>();

    private async Task<JurisdictionId> NewTownAsync() => await App.WithDbAsync(async db =>
    {
        var district = await db.Jurisdictions.SingleAsync(j => j.Id == App.District.DistrictId);
        var code = App.District.DistrictId.Value.ToString("N")[..4] + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var town = GreenIsland.Platform.Domain.Jurisdiction.Town(JurisdictionId.New(), district, code, "丁镇" + code, "Town D " + code, 31.7, 120.0, isDemo: false);
        db.Jurisdictions.Add(town);
        await db.SaveChangesAsync();
        return town.Id;
    });

    [Fact]
    public async Task ReportPdf_SaysWhatTheInventorySays_InChineseAndEnglish()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        var site = organisation.SiteId.Value;
        await Activity(client, site, "2022-03", "PurchasedElectricity", 600_000m, "kWh").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-04", "PurchasedElectricity", 400m, "MWh").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-03", "CertificatesRetired", 300m, "1").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-05", "FugitiveRefrigerant", 10m, "kg", "HFC-134a").Expect(HttpStatusCode.Created);
        var id = await CalculatedInventoryAsync(client, site);
        await client.PostJsonAsync($"/api/carbon/inventories/{id}/submit", null).Expect(HttpStatusCode.OK);
        await client.PostJsonAsync($"/api/carbon/inventories/{id}/approve", null).Expect(HttpStatusCode.OK);

        var response = await client.GetAsync($"/api/carbon/inventories/{id}/report.pdf").Expect(HttpStatusCode.OK);

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF-1.7", System.Text.Encoding.ASCII.GetString(bytes, 0, 8), StringComparison.Ordinal);
        // Two CJK faces embedded as subsets of the glyphs and subroutines used: far below the 15 MB of a full CFF
        // table (and the 2.5 MB the report had while unused glyph slots and all subroutines were kept).
        Assert.True(bytes.Length < 150_000, $"The PDF is {bytes.Length} bytes; the font subsets should keep it small.");
        var pdf = PdfText.Read(bytes);
        Assert.InRange(pdf.PageCount, 2, 6);
        Assert.Equal(pdf.PageCount, pdf.Pages.Count);
        var text = pdf.All;
        Assert.Contains("温室气体排放清单报告", text, StringComparison.Ordinal);
        Assert.Contains(organisation.Name, text, StringComparison.Ordinal);
        Assert.Contains(organisation.CreditCode, text, StringComparison.Ordinal);
        Assert.Contains(organisation.Name + "厂区", text, StringComparison.Ordinal);
        Assert.Contains("2022-01-01 – 2022-12-31", text, StringComparison.Ordinal);
        Assert.Contains("ISO 14064-1", text, StringComparison.Ordinal);
        Assert.Contains("GB/T 32150", text, StringComparison.Ordinal);
        // Location 1,000 MWh x 0.5978; market 700 MWh x 0.5856; Scope 1 10 kg HFC-134a x 1,300; energy 1,000 MWh x 0.1229.
        Assert.Contains("597.800", text, StringComparison.Ordinal);
        Assert.Contains("409.920", text, StringComparison.Ordinal);
        Assert.Contains("13.000", text, StringComparison.Ordinal);
        Assert.Contains("122.900", text, StringComparison.Ordinal);
        Assert.Contains("HFC-134a", text, StringComparison.Ordinal);
        Assert.Contains("2022-03", text, StringComparison.Ordinal);
        Assert.Contains("cn-grid-statistical v1", text, StringComparison.Ordinal);
        Assert.Contains("0.5978 tCO2/MWh", text, StringComparison.Ordinal);
        Assert.Contains("0.5856 tCO2/MWh", text, StringComparison.Ordinal);
        Assert.Contains("ipcc-gwp100-ar5 v1", text, StringComparison.Ordinal);
        Assert.Contains("公告2024年第33号", text, StringComparison.Ordinal);
        Assert.Contains("【假设】", text, StringComparison.Ordinal);
        Assert.Contains("已批准", text, StringComparison.Ordinal);
        Assert.Contains($"第 {pdf.PageCount} / {pdf.PageCount} 页", pdf.Pages[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportXlsx_CarriesTheReportsContent_WithExactValues()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        var site = organisation.SiteId.Value;
        await Activity(client, site, "2022-03", "PurchasedElectricity", 600_000m, "kWh").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-03", "CertificatesRetired", 300m, "1").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-05", "FugitiveRefrigerant", 10m, "kg", "HFC-134a").Expect(HttpStatusCode.Created);
        var id = await CalculatedInventoryAsync(client, site);

        var response = await client.GetAsync($"/api/carbon/inventories/{id}/export.xlsx").Expect(HttpStatusCode.OK);

        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        string Sheet(int n) => System.Xml.Linq.XDocument.Load(zip.GetEntry($"xl/worksheets/sheet{n}.xml")!.Open()).ToString();
        var summary = Sheet(1);
        Assert.Contains(organisation.Name, summary, StringComparison.Ordinal);
        Assert.Contains(organisation.CreditCode, summary, StringComparison.Ordinal);
        Assert.Contains(organisation.Name + "厂区", summary, StringComparison.Ordinal);
        Assert.Contains("ISO 14064-1", summary, StringComparison.Ordinal);
        Assert.Contains("ASSUMPTION", summary, StringComparison.Ordinal);
        // 600 MWh x 0.5978 = 358.68; market (600 - 300) x 0.5856 = 175.68; 10 kg HFC-134a x 1,300 = 13.
        Assert.Contains("<v>358.68", summary, StringComparison.Ordinal);
        Assert.Contains("<v>175.68", summary, StringComparison.Ordinal);
        Assert.Contains("<v>371.68", summary, StringComparison.Ordinal);
        Assert.Contains("HFC-134a", Sheet(4), StringComparison.Ordinal);
        Assert.Contains(organisation.Name + "厂区", Sheet(5), StringComparison.Ordinal);
        var factors = Sheet(6);
        Assert.Contains("公告2024年第33号", factors, StringComparison.Ordinal);
        Assert.Contains("<v>0.5856</v>", factors, StringComparison.Ordinal);
        Assert.Contains("ipcc-gwp100-ar5", factors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportPdf_WithoutACjkFont_IsAClearProblemNotACrash()
    {
        await using var isolated = await App.CreateIsolatedAsync(("Carbon:Reports:FontPath", "/nonexistent/NotoSansCJK-Regular.ttc"));
        var (organisation, user) = await isolated.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = await isolated.SignedInAsync(user);
        var id = await CalculatedInventoryAsync(client, organisation.SiteId.Value);

        var problem = await client.GetAsync($"/api/carbon/inventories/{id}/report.pdf").ExpectJson(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("ReportFontMissing", (string?)problem["title"]);
        Assert.Contains("fonts-noto-cjk", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Charts_GiveMonthlyScopesAndIntensityPerUnitOfOutput()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        var site = organisation.SiteId.Value;
        await Activity(client, site, "2022-01", "PurchasedElectricity", 100m, "MWh").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-02", "PurchasedElectricity", 200m, "MWh").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-03", "PurchasedElectricity", 50m, "MWh").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-02", "CertificatesRetired", 100m, "1").Expect(HttpStatusCode.Created);
        await Output(client, site, "2022-01", 10m, "t").Expect(HttpStatusCode.OK);
        await Output(client, site, "2022-02", 20m, "t").Expect(HttpStatusCode.OK);
        await Output(client, site, "2022-03", 5_000m, "kg").Expect(HttpStatusCode.OK);
        var id = await CalculatedInventoryAsync(client, site);

        var charts = await client.GetAsync($"/api/carbon/inventories/{id}/charts").ExpectJson(HttpStatusCode.OK);

        Assert.Equal(12, charts["months"]!.AsArray().Count);
        Assert.Equal("2022-01", (string?)charts["months"]![0]);
        // Location: 100 / 200 / 50 MWh x 0.5978. Market: (100, 200 - 100 certificates, 50) MWh x 0.5856.
        Assert.Equal([59.78m, 119.56m, 29.89m, 0m], charts["scope2LocationTco2e"]!.AsArray().Take(4).Select(Dec));
        Assert.Equal([58.56m, 58.56m, 29.28m, 0m], charts["scope2MarketTco2e"]!.AsArray().Take(4).Select(Dec));
        Assert.All(charts["scope1Tco2e"]!.AsArray(), v => Assert.Equal(0m, Dec(v)));
        // Output in the most used unit (t); March's 5,000 kg is 5 t. Intensity = tCO2e / t; no output, no intensity.
        Assert.Equal("t", (string?)charts["outputUnit"]);
        Assert.Equal("tCO2e/t", (string?)charts["intensityUnit"]);
        Assert.Equal([10m, 20m, 5m, null], charts["output"]!.AsArray().Take(4).Select(NullableDec));
        Assert.Equal([5.978m, 5.978m, 5.978m, null], charts["intensityLocation"]!.AsArray().Take(4).Select(NullableDec));
        Assert.Equal([5.856m, 2.928m, 5.856m, null], charts["intensityMarket"]!.AsArray().Take(4).Select(NullableDec));
        // 350 MWh x 0.5978 / 35 t; market (100 + 100 + 50) x 0.5856 / 35 = 146.4 / 35 = 4.182857...
        Assert.Equal(5.978m, Dec(charts["annualIntensityLocation"]));
        Assert.Equal(4.182857m, Dec(charts["annualIntensityMarket"]));
        var siteRow = Assert.Single(charts["sites"]!.AsArray());
        Assert.Equal(organisation.Name + "厂区", (string?)siteRow!["siteName"]);
        Assert.Equal(209.23m, Dec(siteRow["scope2LocationTco2e"]));
        Assert.Equal(35m, Dec(siteRow["output"]));
    }

    [Fact]
    public async Task Outputs_BadInput_IsAFieldErrorAndNothingIsStored()
    {
        var (organisation, client) = await EnterpriseAsync();
        var (other, otherClient) = await EnterpriseAsync();
        using var _ = client;
        using var __ = otherClient;
        var site = organisation.SiteId.Value;

        var wrongCase = await Output(client, site, "2022-01", 10m, "T").ExpectJson(HttpStatusCode.BadRequest);
        var emissions = await Output(client, site, "2022-01", 10m, "tCO2e").ExpectJson(HttpStatusCode.BadRequest);
        var month = await Output(client, site, "2022-13", 10m, "t").ExpectJson(HttpStatusCode.BadRequest);
        var zero = await Output(client, site, "2022-01", 0m, "t").ExpectJson(HttpStatusCode.BadRequest);
        var noProduct = await Output(client, site, "2022-01", 10m, "t", product: " ").ExpectJson(HttpStatusCode.BadRequest);
        var foreign = await Output(client, other.SiteId.Value, "2022-01", 10m, "t").ExpectJson(HttpStatusCode.BadRequest);
        await Output(client, site, "2022-01", 10m, "t").Expect(HttpStatusCode.OK);
        var otherDimension = await Output(client, site, "2022-02", 10m, "MWh").ExpectJson(HttpStatusCode.BadRequest);

        Assert.Contains("case-sensitive", (string)wrongCase["errors"]!["unit"]![0]!, StringComparison.Ordinal);
        Assert.Contains("Co2Equivalent", (string)emissions["errors"]!["unit"]![0]!, StringComparison.Ordinal);
        Assert.NotNull(month["errors"]!["month"]);
        Assert.NotNull(zero["errors"]!["quantity"]);
        Assert.NotNull(noProduct["errors"]!["product"]);
        Assert.NotNull(foreign["errors"]!["siteId"]);
        Assert.Contains("Mass", (string)otherDimension["errors"]!["unit"]![0]!, StringComparison.Ordinal);
        var stored = (await client.GetAsync($"/api/carbon/outputs?siteId={site}&year=2022").ExpectJson(HttpStatusCode.OK)).AsArray();
        var only = Assert.Single(stored);
        Assert.Equal("2022-01", (string?)only!["month"]);
        Assert.Empty((await otherClient.GetAsync($"/api/carbon/outputs?siteId={other.SiteId.Value}").ExpectJson(HttpStatusCode.OK)).AsArray());

        // Entering the month again replaces the figure.
        await Output(client, site, "2022-01", 12.5m, "t", "成品钢材（修正）").Expect(HttpStatusCode.OK);
        var replaced = Assert.Single((await client.GetAsync($"/api/carbon/outputs?siteId={site}").ExpectJson(HttpStatusCode.OK)).AsArray());
        Assert.Equal(12.5m, Dec(replaced!["quantity"]));
        Assert.Equal("成品钢材（修正）", (string?)replaced["product"]);
    }

    [Fact]
    public async Task Tenancy_EnterpriseACannotSeeBsChartsReportOrOutputs_AndRegulatorsSeeOnlyTheirJurisdiction()
    {
        var (_, a) = await EnterpriseAsync(App.District.TownA);
        var (organisationB, b) = await EnterpriseAsync(App.District.TownB);
        using var clientA = a;
        using var clientB = b;
        await Activity(b, organisationB.SiteId.Value, "2022-01", "PurchasedElectricity", 10m, "MWh").Expect(HttpStatusCode.Created);
        var outputB = await Output(b, organisationB.SiteId.Value, "2022-01", 3m, "t").ExpectJson(HttpStatusCode.OK);
        var idB = await CalculatedInventoryAsync(b, organisationB.SiteId.Value);
        var (_, regulatorAUser) = await App.MemberAsync(PlatformRoles.Regulator, supervised: App.District.TownA);
        var (_, regulatorBUser) = await App.MemberAsync(PlatformRoles.Regulator, supervised: App.District.TownB);
        using var regulatorA = await App.SignedInAsync(regulatorAUser);
        using var regulatorB = await App.SignedInAsync(regulatorBUser);

        await a.GetAsync($"/api/carbon/inventories/{idB}/charts").Expect(HttpStatusCode.NotFound);
        await a.GetAsync($"/api/carbon/inventories/{idB}/report.pdf").Expect(HttpStatusCode.NotFound);
        await a.SendAsync(HttpMethod.Delete, $"/api/carbon/outputs/{(string)outputB["id"]!}").Expect(HttpStatusCode.NotFound);
        var listA = await (await a.GetAsync($"/api/carbon/outputs?siteId={organisationB.SiteId.Value}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(organisationB.SiteId.Value.ToString(), listA, StringComparison.OrdinalIgnoreCase);
        await regulatorA.GetAsync($"/api/carbon/inventories/{idB}/charts").Expect(HttpStatusCode.NotFound);
        await regulatorA.GetAsync($"/api/carbon/inventories/{idB}/report.pdf").Expect(HttpStatusCode.NotFound);
        // The regulator of B's town reads B's charts and report, but cannot change B's output.
        await regulatorB.GetAsync($"/api/carbon/inventories/{idB}/charts").Expect(HttpStatusCode.OK);
        await regulatorB.GetAsync($"/api/carbon/inventories/{idB}/report.pdf").Expect(HttpStatusCode.OK);
        await regulatorB.SendAsync(HttpMethod.Delete, $"/api/carbon/outputs/{(string)outputB["id"]!}").Expect(HttpStatusCode.Forbidden);
        var denied = await regulatorB.PutJsonAsync("/api/carbon/outputs", new { siteId = organisationB.SiteId.Value, month = "2022-02", quantity = 1m, unit = "t", product = "x" })
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(denied["errors"]!["siteId"]);
        // Positive control: B sees and deletes its own.
        await b.GetAsync($"/api/carbon/inventories/{idB}/charts").Expect(HttpStatusCode.OK);
        await b.SendAsync(HttpMethod.Delete, $"/api/carbon/outputs/{(string)outputB["id"]!}").Expect(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task SupervisionTrends_SumSubmittedInventoriesOfTheRegulatorsTownByYearAndMonth()
    {
        var town = await NewTownAsync();
        var (_, regulatorUser) = await App.MemberAsync(PlatformRoles.Regulator, supervised: town);
        var (_, otherRegulatorUser) = await App.MemberAsync(PlatformRoles.Regulator, supervised: App.District.TownB);
        using var regulator = await App.SignedInAsync(regulatorUser);
        using var otherRegulator = await App.SignedInAsync(otherRegulatorUser);
        foreach (var (year, mwh, submit) in new[] { (2023, 100m, true), (2022, 1_000m, true), (2022, 500m, true), (2022, 7_000m, false) })
        {
            var (organisation, client) = await EnterpriseAsync(town);
            using var _ = client;
            await Activity(client, organisation.SiteId.Value, $"{year}-02", "PurchasedElectricity", mwh, "MWh").Expect(HttpStatusCode.Created);
            var id = await CalculatedInventoryAsync(client, organisation.SiteId.Value, year);
            if (submit)
            {
                await client.PostJsonAsync($"/api/carbon/inventories/{id}/submit", null).Expect(HttpStatusCode.OK);
            }
        }

        var trends = await regulator.GetAsync("/api/carbon/supervision/trends?fromYear=2022&toYear=2023").ExpectJson(HttpStatusCode.OK);
        var other = await otherRegulator.GetAsync("/api/carbon/supervision/trends?fromYear=2022&toYear=2023").ExpectJson(HttpStatusCode.OK);

        // 2023: 100 MWh x 0.5827 (Jiangsu 2023). 2022: 1,500 MWh x 0.5978; the draft (7,000 MWh) does not count.
        var years = trends["years"]!.AsArray();
        Assert.Equal([2022, 2023], years.Select(y => (int)y!["year"]!));
        Assert.Equal(58.27m, Dec(years[1]!["scope2LocationTco2e"]));
        Assert.Equal(2, (int)years[0]!["inventories"]!);
        Assert.Equal(896.7m, Dec(years[0]!["scope2LocationTco2e"]));
        Assert.Equal(24, trends["months"]!.AsArray().Count);
        var february = trends["months"]!.AsArray().Single(m => (string?)m!["month"] == "2022-02");
        Assert.Equal(896.7m, Dec(february!["scope2LocationTco2e"]));
        Assert.DoesNotContain(other["months"]!.AsArray(), m => Dec(m!["scope2LocationTco2e"]) == 896.7m);

        await regulator.GetAsync("/api/carbon/supervision/trends?fromYear=2022&toYear=2021").ExpectJson(HttpStatusCode.BadRequest);
        await regulator.GetAsync("/api/carbon/supervision/trends?fromYear=2000&toYear=2020").ExpectJson(HttpStatusCode.BadRequest);
        var (_, enterprise) = await EnterpriseAsync(town);
        using var __ = enterprise;
        await enterprise.GetAsync("/api/carbon/supervision/trends?fromYear=2022&toYear=2023").Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task SupervisionRenewables_SumPvGreenPowerAndCertificatesOfTheJurisdiction()
    {
        var town = await NewTownAsync();
        var (_, regulatorUser) = await App.MemberAsync(PlatformRoles.Regulator, supervised: town);
        var (_, otherRegulatorUser) = await App.MemberAsync(PlatformRoles.Regulator, supervised: App.District.TownB);
        using var regulator = await App.SignedInAsync(regulatorUser);
        using var otherRegulator = await App.SignedInAsync(otherRegulatorUser);
        var (solar, solarClient) = await EnterpriseAsync(town);
        var (buyer, buyerClient) = await EnterpriseAsync(town);
        using (solarClient)
        using (buyerClient)
        {
            await Activity(solarClient, solar.SiteId.Value, "2022-06", "SelfConsumedPv", 120_000m, "kWh").Expect(HttpStatusCode.Created);
            await Activity(solarClient, solar.SiteId.Value, "2022-07", "SelfConsumedPv", 80m, "MWh").Expect(HttpStatusCode.Created);
            await Activity(solarClient, solar.SiteId.Value, "2022-07", "PvCertificatesSold", 50m, "1").Expect(HttpStatusCode.Created);
            await Activity(buyerClient, buyer.SiteId.Value, "2022-06", "PurchasedElectricity", 500m, "MWh").Expect(HttpStatusCode.Created);
            await Activity(buyerClient, buyer.SiteId.Value, "2022-06", "GreenPowerContract", 200m, "MWh").Expect(HttpStatusCode.Created);
            await Activity(buyerClient, buyer.SiteId.Value, "2022-06", "CertificatesRetired", 100m, "1").Expect(HttpStatusCode.Created);
        }

        var renewables = await regulator.GetAsync("/api/carbon/supervision/renewables?year=2022").ExpectJson(HttpStatusCode.OK);
        var other = await (await otherRegulator.GetAsync("/api/carbon/supervision/renewables?year=2022")).Content.ReadAsStringAsync();

        Assert.Equal(200m, Dec(renewables["selfConsumedPvMwh"]));
        Assert.Equal(200m, Dec(renewables["greenPowerMwh"]));
        Assert.Equal(100m, Dec(renewables["certificatesRetired"]));
        Assert.Equal(50m, Dec(renewables["pvCertificatesSold"]));
        Assert.Equal(1, (int)renewables["organisationsWithPv"]!);
        Assert.Equal(1, (int)renewables["organisationsRetiringCertificates"]!);
        var june = renewables["months"]!.AsArray().Single(m => (string?)m!["month"] == "2022-06");
        Assert.Equal(120m, Dec(june!["selfConsumedPvMwh"]));
        Assert.Contains(renewables["topOrganisations"]!.AsArray(), o => (string?)o!["organisationName"] == solar.Name && Dec(o["selfConsumedPvMwh"]) == 200m);
        Assert.DoesNotContain(solar.Name, other, StringComparison.Ordinal);
        Assert.DoesNotContain(buyer.Name, other, StringComparison.Ordinal);
        await regulator.GetAsync("/api/carbon/supervision/renewables").ExpectJson(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SupervisionOverview_NamesTheTopEmitters()
    {
        var town = await NewTownAsync();
        var (_, regulatorUser) = await App.MemberAsync(PlatformRoles.Regulator, supervised: town);
        using var regulator = await App.SignedInAsync(regulatorUser);
        var (organisation, client) = await EnterpriseAsync(town);
        using (client)
        {
            await Activity(client, organisation.SiteId.Value, "2022-02", "PurchasedElectricity", 10m, "MWh").Expect(HttpStatusCode.Created);
            var id = await CalculatedInventoryAsync(client, organisation.SiteId.Value);
            await client.PostJsonAsync($"/api/carbon/inventories/{id}/submit", null).Expect(HttpStatusCode.OK);
        }

        var overview = await regulator.GetAsync("/api/carbon/supervision/overview?year=2022").ExpectJson(HttpStatusCode.OK);

        Assert.Equal(organisation.Name, (string?)Assert.Single(overview["topEmitters"]!.AsArray())!["organisationName"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CarbonViewsTestsOnSqlite(SqliteAppFactory factory) : CarbonViewsTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class CarbonViewsTestsOnPostgreSql(PostgresAppFactory factory) : CarbonViewsTests(factory);
