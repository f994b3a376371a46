using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.Carbon.Persistence;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Carbon;

/// <summary>Carbon API on both providers. Expected values are computed by hand from the shipped, published factors.</summary>
public abstract class CarbonApiTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    private async Task<(TestOrganisation Organisation, ApiClient Client)> EnterpriseAsync(string role = PlatformRoles.EnterpriseAdmin)
    {
        var (organisation, user) = await App.MemberAsync(role);
        return (organisation, await App.SignedInAsync(user));
    }

    private static Task<HttpResponseMessage> Activity(ApiClient client, Guid site, string month, string kind, decimal quantity, string unit, string? code = null) =>
        client.PostJsonAsync("/api/carbon/activities", new { siteId = site, month, kind, activityCode = code, quantity, unit });

    private static async Task<Guid> InventoryAsync(ApiClient client, Guid site, int year = 2022, string gwpSet = "ipcc-gwp100-ar5")
    {
        var created = await client.PostJsonAsync("/api/carbon/inventories", new { name = "2022年度温室气体排放清单", year, siteIds = new[] { site }, gridRegion = "CN-JS", gwpSet })
            .ExpectJson(HttpStatusCode.Created);
        Assert.Equal("Draft", (string?)created["status"]);
        return Guid.Parse((string)created["id"]!);
    }

    private static decimal Dec(JsonNode? node) => node!.GetValue<decimal>();

    [Fact]
    public async Task Inventory_JiangsuElectricityCertificatesAndRefrigerant_MatchesHandComputedTotals()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        var site = organisation.SiteId.Value;
        await Activity(client, site, "2022-03", "PurchasedElectricity", 600_000m, "kWh").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-04", "PurchasedElectricity", 400m, "MWh").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-03", "CertificatesRetired", 300m, "1").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-05", "FugitiveRefrigerant", 10m, "kg", "HFC-134a").Expect(HttpStatusCode.Created);
        await Activity(client, site, "2022-05", "SelfConsumedPv", 50m, "MWh").Expect(HttpStatusCode.Created);
        var id = await InventoryAsync(client, site);

        var result = await client.PostJsonAsync($"/api/carbon/inventories/{id}/calculate", null).ExpectJson(HttpStatusCode.OK);

        // Location: 1,000 MWh x 0.5978 = 597.8. Market: March (600 - 300) + April 400 = 700 MWh x 0.5856 = 409.92.
        // Scope 1: 10 kg HFC-134a x 1,300 (AR5) = 13.0. Energy: (1,000 + 50 PV) MWh x 0.1229 kgce/kWh = 129.045 tce.
        Assert.Equal(597.8m, Dec(result["scope2LocationTco2e"]));
        Assert.Equal(409.92m, Dec(result["scope2MarketTco2e"]));
        Assert.Equal(13.0m, Dec(result["scope1Tco2e"]));
        Assert.Equal(129.045m, Dec(result["energyTce"]));
        Assert.True((bool)result["residualStandInUsed"]!);
        Assert.Contains(result["byGas"]!.AsArray(), r => (string?)r!["key"] == "HFC-134a" && Dec(r["tco2e"]) == 13.0m);
        Assert.Contains(result["byMonth"]!.AsArray(), r => (string?)r!["key"] == "2022-03" && (string?)r["scope"] == "Scope2LocationBased" && Dec(r["tco2e"]) == 358.68m);
        Assert.All(result["lines"]!.AsArray(), l => Assert.Equal(1, (int)l!["factorLibraryVersion"]!));
        Assert.Contains(result["lines"]!.AsArray(), l => (string?)l!["factorLibrary"] == "cn-grid-statistical" && (string?)l["factorRegion"] == "CN-JS");
    }

    [Fact]
    public async Task ExportXlsx_ContainsTheTotalsAndEveryLine()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        await Activity(client, organisation.SiteId.Value, "2022-03", "PurchasedElectricity", 1_000m, "MWh").Expect(HttpStatusCode.Created);
        var id = await InventoryAsync(client, organisation.SiteId.Value);
        await client.PostJsonAsync($"/api/carbon/inventories/{id}/calculate", null).Expect(HttpStatusCode.OK);

        var response = await client.GetAsync($"/api/carbon/inventories/{id}/export.xlsx").Expect(HttpStatusCode.OK);

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var zip = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        var summary = System.Xml.Linq.XDocument.Load(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ToString();
        var lines = System.Xml.Linq.XDocument.Load(zip.GetEntry("xl/worksheets/sheet3.xml")!.Open()).ToString();
        Assert.Contains("<v>597.8", summary, StringComparison.Ordinal);
        Assert.Contains("cn-grid-statistical", lines, StringComparison.Ordinal);
        Assert.Contains("electricity.grid.excl-market-non-fossil", lines, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SupervisionOverview_SumsSubmittedInventoriesInTheRegulatorsTownOnly()
    {
        // A town of its own so other tests' inventories do not count; a regulator supervising it and one supervising town B.
        var town = await App.WithDbAsync(async db =>
        {
            var district = await db.Jurisdictions.SingleAsync(j => j.Id == App.District.DistrictId);
            var code = App.District.DistrictId.Value.ToString("N")[..4] + Random.Shared.Next(100, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var t = GreenIsland.Platform.Domain.Jurisdiction.Town(GreenIsland.Platform.Contracts.Identifiers.JurisdictionId.New(), district, code, "丙镇" + code, "Town C " + code, 31.7, 120.0, isDemo: false);
            db.Jurisdictions.Add(t);
            await db.SaveChangesAsync();
            return t.Id;
        });
        var (_, regulatorUser) = await App.MemberAsync(PlatformRoles.Regulator, supervised: town);
        var (_, otherRegulatorUser) = await App.MemberAsync(PlatformRoles.Regulator, supervised: App.District.TownB);
        using var regulator = await App.SignedInAsync(regulatorUser);
        using var otherRegulator = await App.SignedInAsync(otherRegulatorUser);
        foreach (var mwh in new[] { 1_000m, 500m })
        {
            var (organisation, user) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin, town);
            using var client = await App.SignedInAsync(user);
            await Activity(client, organisation.SiteId.Value, "2022-02", "PurchasedElectricity", mwh, "MWh").Expect(HttpStatusCode.Created);
            var id = await InventoryAsync(client, organisation.SiteId.Value);
            await client.PostJsonAsync($"/api/carbon/inventories/{id}/calculate", null).Expect(HttpStatusCode.OK);
            await client.PostJsonAsync($"/api/carbon/inventories/{id}/submit", null).Expect(HttpStatusCode.OK);
        }

        var overview = await regulator.GetAsync("/api/carbon/supervision/overview?year=2022").ExpectJson(HttpStatusCode.OK);
        var other = await otherRegulator.GetAsync("/api/carbon/supervision/overview?year=2022").ExpectJson(HttpStatusCode.OK);

        // 1,500 MWh x 0.5978 = 896.7 tCO2 location-based; the larger emitter first.
        Assert.Equal(2, (int)overview["inventories"]!);
        Assert.Equal(896.7m, Dec(overview["scope2LocationTco2e"]));
        Assert.Equal(597.8m, Dec(overview["topEmitters"]![0]!["scope2LocationTco2e"]));
        Assert.DoesNotContain(other["topEmitters"]!.AsArray(), e => Dec(e!["scope2LocationTco2e"]) == 298.9m);
        var (_, enterprise) = await EnterpriseAsync();
        using var __ = enterprise;
        await enterprise.GetAsync("/api/carbon/supervision/overview?year=2022").Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Inventory_Ar6_GivesTheAr6RefrigerantResult()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        await Activity(client, organisation.SiteId.Value, "2022-05", "FugitiveRefrigerant", 10m, "kg", "HFC-134a").Expect(HttpStatusCode.Created);
        var id = await InventoryAsync(client, organisation.SiteId.Value, gwpSet: "ipcc-gwp100-ar6");

        var result = await client.PostJsonAsync($"/api/carbon/inventories/{id}/calculate", null).ExpectJson(HttpStatusCode.OK);

        Assert.Equal(15.3m, Dec(result["scope1Tco2e"]));
    }

    [Fact]
    public async Task Workflow_DraftSubmittedApproved_IsOnTheLedgerAndLocksTheInventory()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        await Activity(client, organisation.SiteId.Value, "2022-01", "PurchasedElectricity", 10m, "MWh").Expect(HttpStatusCode.Created);
        var id = await InventoryAsync(client, organisation.SiteId.Value);

        var early = await client.PostJsonAsync($"/api/carbon/inventories/{id}/submit", null).ExpectJson(HttpStatusCode.Conflict);
        Assert.Equal("InventoryMustBeCalculatedBeforeSubmission", (string?)early["title"]);
        await client.PostJsonAsync($"/api/carbon/inventories/{id}/calculate", null).Expect(HttpStatusCode.OK);
        await client.PostJsonAsync($"/api/carbon/inventories/{id}/submit", null).Expect(HttpStatusCode.OK);
        var approved = await client.PostJsonAsync($"/api/carbon/inventories/{id}/approve", null).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Approved", (string?)approved["status"]);
        var locked = await client.PostJsonAsync($"/api/carbon/inventories/{id}/calculate", null).ExpectJson(HttpStatusCode.Conflict);
        Assert.Equal("OnlyDraftInventoriesCanBeCalculated", (string?)locked["title"]);

        var (_, operatorUser) = await App.MemberAsync(PlatformRoles.PlatformAdmin);
        using var admin = await App.SignedInAsync(operatorUser);
        var entries = await admin.GetAsync($"/api/ledger/entries?stream=carbon-inventory/{id}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(["InventoryCreated", "InventoryCalculated", "InventorySubmitted", "InventoryApproved"],
            entries["items"]!.AsArray().Select(i => (string)i!["type"]!));
    }

    [Fact]
    public async Task Approve_ByEnterpriseStaff_IsForbidden()
    {
        var (organisation, admin) = await EnterpriseAsync();
        using var _ = admin;
        var staffUser = await App.UserAsync(organisation.Id, PlatformRoles.EnterpriseStaff);
        using var staff = await App.SignedInAsync(staffUser);
        await Activity(staff, organisation.SiteId.Value, "2022-01", "PurchasedElectricity", 10m, "MWh").Expect(HttpStatusCode.Created);
        var id = await InventoryAsync(staff, organisation.SiteId.Value);
        await staff.PostJsonAsync($"/api/carbon/inventories/{id}/calculate", null).Expect(HttpStatusCode.OK);
        await staff.PostJsonAsync($"/api/carbon/inventories/{id}/submit", null).Expect(HttpStatusCode.OK);

        await staff.PostJsonAsync($"/api/carbon/inventories/{id}/approve", null).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Tenancy_EnterpriseACannotSeeOrChangeEnterpriseBsInventory()
    {
        var (_, a) = await EnterpriseAsync();
        var (organisationB, b) = await EnterpriseAsync();
        using var clientA = a;
        using var clientB = b;
        await Activity(b, organisationB.SiteId.Value, "2022-01", "PurchasedElectricity", 10m, "MWh").Expect(HttpStatusCode.Created);
        var idB = await InventoryAsync(b, organisationB.SiteId.Value);

        await a.GetAsync($"/api/carbon/inventories/{idB}").Expect(HttpStatusCode.NotFound);
        await a.PostJsonAsync($"/api/carbon/inventories/{idB}/calculate", null).Expect(HttpStatusCode.NotFound);
        var list = await a.GetAsync("/api/carbon/inventories").ExpectJson(HttpStatusCode.OK);
        Assert.DoesNotContain(list.AsArray(), i => (string?)i!["id"] == idB.ToString());
        var activities = await (await a.GetAsync("/api/carbon/activities")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(organisationB.SiteId.Value.ToString(), activities, StringComparison.OrdinalIgnoreCase);
        var foreign = await Activity(a, organisationB.SiteId.Value, "2022-01", "PurchasedElectricity", 10m, "MWh").ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(foreign["errors"]!["siteId"]);
        var foreignInventory = await a.PostJsonAsync("/api/carbon/inventories", new { name = "x", year = 2022, siteIds = new[] { organisationB.SiteId.Value }, gridRegion = "CN-JS", gwpSet = "ipcc-gwp100-ar5" })
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(foreignInventory["errors"]!["siteIds"]);
        // Positive control: B sees its own inventory.
        await b.GetAsync($"/api/carbon/inventories/{idB}").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Activity_UnitOfTheWrongDimension_IsAFieldErrorAndNothingIsStored()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;

        var wrongDimension = await Activity(client, organisation.SiteId.Value, "2022-01", "PurchasedElectricity", 10m, "t").ExpectJson(HttpStatusCode.BadRequest);
        var wrongCase = await Activity(client, organisation.SiteId.Value, "2022-01", "PurchasedElectricity", 10m, "mWh").ExpectJson(HttpStatusCode.BadRequest);
        var unknownFuel = await Activity(client, organisation.SiteId.Value, "2022-01", "StationaryCombustion", 10m, "t", "fuel.unobtainium").ExpectJson(HttpStatusCode.BadRequest);
        var gasInCubicMetres = await Activity(client, organisation.SiteId.Value, "2022-01", "StationaryCombustion", 10m, "m3", "fuel.natural-gas").ExpectJson(HttpStatusCode.BadRequest);

        Assert.Contains("Energy", (string)wrongDimension["errors"]!["unit"]![0]!, StringComparison.Ordinal);
        Assert.Contains("case-sensitive", (string)wrongCase["errors"]!["unit"]![0]!, StringComparison.Ordinal);
        Assert.NotNull(unknownFuel["errors"]!["activityCode"]);
        Assert.Contains("NormalVolume", (string)gasInCubicMetres["errors"]!["unit"]![0]!, StringComparison.Ordinal);
        var list = await client.GetAsync($"/api/carbon/activities?siteId={organisation.SiteId.Value}").ExpectJson(HttpStatusCode.OK);
        Assert.Empty(list.AsArray());
    }

    [Fact]
    public async Task Calculate_WithoutAFactorForTheYear_IsAnUnknownFactorProblem()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        await Activity(client, organisation.SiteId.Value, "2020-06", "PurchasedElectricity", 10m, "MWh").Expect(HttpStatusCode.Created);
        var id = await InventoryAsync(client, organisation.SiteId.Value, year: 2020);

        var problem = await client.PostJsonAsync($"/api/carbon/inventories/{id}/calculate", null).ExpectJson(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("UnknownFactor", (string?)problem["title"]);
        Assert.Contains("CN-JS", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvImport_WithBadRows_ImportsNothingUnlessValidRowsAreChosen()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        const string csv = """
            month,kind,activity_code,quantity,unit,note
            2022-01,PurchasedElectricity,,120000,kWh,January invoice
            2022-02,PurchasedElectricity,,95,mwh,typo in unit
            2022-13,PurchasedElectricity,,10,MWh,
            2022-03,StationaryCombustion,fuel.diesel,2.5,t,generator
            """;

        var rejected = await client.PostJsonAsync("/api/carbon/activities/import", new { siteId = organisation.SiteId.Value, csv, importValidRows = false }).ExpectJson(HttpStatusCode.OK);
        Assert.False((bool)rejected["applied"]!);
        Assert.Equal(0, (int)rejected["imported"]!);
        Assert.Equal(2, (int)rejected["rejected"]!);
        Assert.Contains(rejected["errors"]!.AsArray(), e => (int)e!["line"]! == 3 && (string?)e["field"] == "unit");
        Assert.Contains(rejected["errors"]!.AsArray(), e => (int)e!["line"]! == 4 && (string?)e["field"] == "month");
        Assert.Empty((await client.GetAsync($"/api/carbon/activities?siteId={organisation.SiteId.Value}").ExpectJson(HttpStatusCode.OK)).AsArray());

        var partial = await client.PostJsonAsync("/api/carbon/activities/import", new { siteId = organisation.SiteId.Value, csv, importValidRows = true }).ExpectJson(HttpStatusCode.OK);
        Assert.True((bool)partial["applied"]!);
        Assert.Equal(2, (int)partial["imported"]!);
        var stored = (await client.GetAsync($"/api/carbon/activities?siteId={organisation.SiteId.Value}").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Equal(["2022-01", "2022-03"], stored.Select(s => (string)s!["month"]!));
        Assert.All(stored, s => Assert.Equal("CsvImport", (string?)s!["source"]));
    }

    [Fact]
    public async Task FactorCorrection_CreatesANewVersion_OldResultsKeepTheOldVersion_AndRecalculationIsRecorded()
    {
        // An isolated database: publishing a corrected grid library would change other tests' results.
        await using var isolated = await App.CreateIsolatedAsync();
        var (organisation, user) = await isolated.MemberAsync(PlatformRoles.EnterpriseAdmin);
        var (_, operatorUser) = await isolated.MemberAsync(PlatformRoles.PlatformAdmin);
        using var client = await isolated.SignedInAsync(user);
        using var admin = await isolated.SignedInAsync(operatorUser);
        await Activity(client, organisation.SiteId.Value, "2022-06", "PurchasedElectricity", 1_000m, "MWh").Expect(HttpStatusCode.Created);
        var first = await InventoryAsync(client, organisation.SiteId.Value);
        var second = await InventoryAsync(client, organisation.SiteId.Value);
        await client.PostJsonAsync($"/api/carbon/inventories/{first}/calculate", null).Expect(HttpStatusCode.OK);
        await client.PostJsonAsync($"/api/carbon/inventories/{second}/calculate", null).Expect(HttpStatusCode.OK);
        await client.PostJsonAsync($"/api/carbon/inventories/{first}/submit", null).Expect(HttpStatusCode.OK);
        await client.PostJsonAsync($"/api/carbon/inventories/{first}/approve", null).Expect(HttpStatusCode.OK);

        // A (hypothetical) correction of the Jiangsu 2022 value, published as a new version of the library.
        var export = await admin.GetAsync("/api/carbon/factor-libraries/export?code=cn-grid-statistical&format=csv").Expect(HttpStatusCode.OK);
        var csv = (await export.Content.ReadAsStringAsync()).Replace("CN-JS,2022-01-01,2022-12-31,CO2,0.5978", "CN-JS,2022-01-01,2022-12-31,CO2,0.6000", StringComparison.Ordinal);
        var published = await admin.PostJsonAsync("/api/carbon/factor-libraries", new { code = "cn-grid-statistical", sourceDocument = "correction test", changeNote = "Jiangsu 2022 corrected", csv })
            .ExpectJson(HttpStatusCode.Created);
        Assert.Equal(2, (int)published["version"]!);
        var recalculated = await client.PostJsonAsync($"/api/carbon/inventories/{second}/calculate", null).ExpectJson(HttpStatusCode.OK);

        Assert.Equal(600.0m, Dec(recalculated["scope2LocationTco2e"]));
        var recalculation = Assert.Single(recalculated["recalculations"]!.AsArray());
        Assert.Equal(597.8m, Dec(recalculation!["previousScope2LocationTco2e"]));
        Assert.Equal(600.0m, Dec(recalculation["scope2LocationTco2e"]));
        Assert.Contains("cn-grid-statistical v1 -> v2", (string)recalculation["reason"]!, StringComparison.Ordinal);
        var approved = await client.GetAsync($"/api/carbon/inventories/{first}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(597.8m, Dec(approved["scope2LocationTco2e"]));
        Assert.Contains(approved["lines"]!.AsArray(), l => (string?)l!["factorLibrary"] == "cn-grid-statistical" && (int)l["factorLibraryVersion"]! == 1);
        Assert.Contains(recalculated["lines"]!.AsArray(), l => (string?)l!["factorLibrary"] == "cn-grid-statistical" && (int)l["factorLibraryVersion"]! == 2);
        var versions = await admin.GetAsync("/api/carbon/factor-libraries").ExpectJson(HttpStatusCode.OK);
        Assert.Equal([1, 2], versions.AsArray().Where(v => (string?)v!["code"] == "cn-grid-statistical").Select(v => (int)v!["version"]!));
        var ledger = await admin.GetAsync("/api/ledger/entries?stream=factor-library/cn-grid-statistical").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(2, ledger["items"]!.AsArray().Count(i => (string?)i!["type"] == "FactorLibraryVersionPublished"));
    }

    [Fact]
    public async Task PublishFactorLibrary_WithBadRows_ReportsEachRowAndPublishesNothing()
    {
        var (_, operatorUser) = await App.MemberAsync(PlatformRoles.PlatformAdmin);
        using var admin = await App.SignedInAsync(operatorUser);
        const string csv = """
            factor_code,region,valid_from,valid_to,component,value,unit,source,confidence,note
            electricity.grid,CN,2022-01-01,2022-12-31,CO2,0.5366,tCO2/mWh,doc,V,
            electricity.grid,CN-JS,2022-01-01,2022-12-31,CO2,-1,tCO2/MWh,doc,V,
            """;
        var code = "test-" + Guid.NewGuid().ToString("N")[..8];

        var problem = await admin.PostJsonAsync("/api/carbon/factor-libraries", new { code, name = "bad", sourceDocument = "doc", csv }).ExpectJson(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["csv[2].unit"]);
        Assert.NotNull(problem["errors"]!["csv[3].value"]);
        await admin.GetAsync($"/api/carbon/factor-libraries/export?code={code}").Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PublishFactorLibrary_ByAnEnterprise_IsForbidden()
    {
        var (_, client) = await EnterpriseAsync();
        using var _ = client;
        await client.PostJsonAsync("/api/carbon/factor-libraries", new { code = "x", name = "x", sourceDocument = "x", csv = "x" }).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ShippedLibraries_ExportAsJson_WithASourceAndConfidencePerValue()
    {
        var (_, client) = await EnterpriseAsync(PlatformRoles.EnterpriseStaff);
        using var _ = client;

        var document = await client.GetAsync("/api/carbon/factor-libraries/export?code=cn-grid-carbon-market&format=json").ExpectJson(HttpStatusCode.OK);

        var factor = Assert.Single(document["factors"]!.AsArray());
        var value = Assert.Single(factor!["values"]!.AsArray());
        Assert.Equal(0.5703m, Dec(value!["value"]));
        Assert.Equal("tCO2/MWh", (string?)value["unit"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)value["source"]));
        Assert.Equal("V", (string?)value["confidence"]);
    }

    [Fact]
    public async Task CarbonMigrations_ProduceExactlyTheEfModel()
    {
        var differences = await App.WithScopeAsync(sp => SchemaComparer.CompareAsync(sp.GetRequiredService<CarbonDbContext>(), "carbon_"));

        Assert.True(differences.Count == 0, "The hand-written carbon migrations and the EF model disagree:\n" + string.Join('\n', differences));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CarbonApiTestsOnSqlite(SqliteAppFactory factory) : CarbonApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class CarbonApiTestsOnPostgreSql(PostgresAppFactory factory) : CarbonApiTests(factory);
