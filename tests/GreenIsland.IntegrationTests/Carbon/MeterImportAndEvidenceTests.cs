using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GreenIsland.Carbon.Persistence;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Carbon;

/// <summary>Activity data from Telemetry's monthly rollups (through ITelemetryRollupReader) and evidence files, on both providers.</summary>
public abstract class MeterImportAndEvidenceTests(GreenIslandAppFactory factory)
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

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

    private static async Task<Guid> DeviceAsync(ApiClient client, Guid site, string name, string kind) =>
        Guid.Parse((string)(await client.PostJsonAsync("/api/devices", new { siteId = site, name, kind }).ExpectJson(HttpStatusCode.Created))["id"]!);

    /// <summary>Writes a monthly rollup row as Telemetry's ingest would (bucket = local midnight of the 1st, stored in UTC).</summary>
    private Task MonthlyRollupAsync(Guid device, string metric, int year, int month, double sum) =>
        App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<TelemetryDbContext>();
            var bucket = TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified), Shanghai);
            var id = DeviceId.From(device);
            var metricId = MetricCatalogue.Get(metric).Id;
            var row = await db.Rollups.SingleOrDefaultAsync(r => r.DeviceId == id && r.MetricId == metricId && r.Grain == RollupGrain.Month && r.BucketStart == bucket);
            if (row is null)
            {
                db.Rollups.Add(new RollupRow { DeviceId = id, MetricId = metricId, Grain = RollupGrain.Month, BucketStart = bucket, Count = 2_976, Sum = sum, Min = 0, Max = sum, LastTs = bucket.AddDays(27), Last = sum });
            }
            else
            {
                row.Sum = sum;
            }

            await db.SaveChangesAsync();
            return true;
        });

    private static JsonNode Meter(JsonNode report, string metric) => report["meters"]!.AsArray().Single(m => (string?)m!["metric"] == metric)!;

    private static string[] Months(JsonNode meter, string field) => meter[field]!.AsArray().Select(m => (string)m!).ToArray();

    [Fact]
    public async Task ImportMeters_CreatesRecordsWithProvenance_ReportsMissingMonths_AndReimportUpdatesInPlace()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        var site = organisation.SiteId.Value;
        var grid = await DeviceAsync(client, site, "总进线电表", "electricity_meter");
        var pv = await DeviceAsync(client, site, "屋顶光伏逆变器", "pv_inverter");
        var gas = await DeviceAsync(client, site, "锅炉燃气表", "gas_meter");
        var steam = await DeviceAsync(client, site, "蒸汽表", "steam_meter");
        await client.GetAsync($"/api/telemetry/devices?siteId={site}").Expect(HttpStatusCode.OK); // Telemetry learns the new devices
        await MonthlyRollupAsync(grid, "energy_import", 2022, 1, 120_000.25);
        await MonthlyRollupAsync(grid, "energy_import", 2022, 2, 80_000);
        await MonthlyRollupAsync(grid, "energy_export", 2022, 1, 1_000);
        await MonthlyRollupAsync(grid, "energy_export", 2022, 2, 0);
        await MonthlyRollupAsync(pv, "pv_generation", 2022, 1, 5_000);
        await MonthlyRollupAsync(pv, "pv_generation", 2022, 2, 4_000);
        await MonthlyRollupAsync(gas, "gas_volume", 2022, 1, 1_000);
        await MonthlyRollupAsync(steam, "steam_mass", 2022, 1, 12);

        var report = await client.PostJsonAsync("/api/carbon/activities/import-meters", new { siteId = site, from = "2022-01", to = "2022-03" }).ExpectJson(HttpStatusCode.OK);

        // Electricity Jan + Feb, self-consumed PV Jan (5,000 - 1,000) + Feb (4,000 - 0); March has no readings anywhere.
        Assert.Equal((4, 0, 0), ((int)report["created"]!, (int)report["updated"]!, (int)report["unchanged"]!));
        Assert.Equal("Asia/Shanghai", (string?)report["timeZone"]);
        Assert.Equal(["2022-01", "2022-02"], Months(Meter(report, "energy_import"), "importedMonths"));
        Assert.Equal(["2022-03"], Months(Meter(report, "energy_import"), "missingMonths"));
        Assert.Equal(["2022-03"], Months(Meter(report, "pv_generation-energy_export"), "missingMonths"));
        Assert.Empty(Months(Meter(report, "gas_volume"), "importedMonths"));
        Assert.Contains(report["skipped"]!.AsArray(), s => (string?)s!["metric"] == "gas_volume" && ((string)s["reason"]!).Contains("Nm3", StringComparison.Ordinal));
        Assert.Contains(report["skipped"]!.AsArray(), s => (string?)s!["metric"] == "steam_mass");
        var records = report["records"]!.AsArray();
        var january = records.Single(r => (string?)r!["kind"] == "PurchasedElectricity" && (string?)r["month"] == "2022-01")!;
        Assert.Equal((120_000.25m, "kWh", "Telemetry"), (january["quantity"]!.GetValue<decimal>(), (string?)january["unit"], (string?)january["source"]));
        Assert.Equal([4_000m, 4_000m], records.Where(r => (string?)r!["kind"] == "SelfConsumedPv").Select(r => r!["quantity"]!.GetValue<decimal>()));
        var stored = await App.WithScopeAsync(sp => sp.GetRequiredService<CarbonDbContext>().Activities.AsNoTracking()
            .Where(a => a.SiteId == new SiteId(site)).OrderBy(a => a.Month).ThenBy(a => a.Kind).ToListAsync());
        Assert.All(stored.Where(a => a.Kind == GreenIsland.Carbon.Domain.Inventories.ActivityKind.PurchasedElectricity), a => Assert.Equal((grid, "energy_import"), (a.SourceDeviceId!.Value, a.SourceMetric)));
        Assert.All(stored.Where(a => a.Kind == GreenIsland.Carbon.Domain.Inventories.ActivityKind.SelfConsumedPv), a => Assert.Equal((null, "pv_generation-energy_export"), (a.SourceDeviceId, a.SourceMetric)));

        // The meter's February figure is corrected; a re-import updates that record and leaves the others.
        await MonthlyRollupAsync(grid, "energy_import", 2022, 2, 79_999.75);
        var again = await client.PostJsonAsync("/api/carbon/activities/import-meters", new { siteId = site, from = "2022-01", to = "2022-03" }).ExpectJson(HttpStatusCode.OK);

        Assert.Equal((0, 1, 3), ((int)again["created"]!, (int)again["updated"]!, (int)again["unchanged"]!));
        var list = await client.GetAsync($"/api/carbon/activities?siteId={site}&year=2022").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(4, list.AsArray().Count);
        Assert.Equal(79_999.75m, list.AsArray().Single(r => (string?)r!["kind"] == "PurchasedElectricity" && (string?)r["month"] == "2022-02")!["quantity"]!.GetValue<decimal>());

        // The imported records feed the inventory: (120,000.25 + 79,999.75) kWh = 200 MWh x 0.5978 (Jiangsu 2022) = 119.56 tCO2;
        // energy (200 + 8 MWh PV) x 0.1229 kgce/kWh = 25.5632 tce.
        var inventory = await client.PostJsonAsync("/api/carbon/inventories", new { name = "电表导入清单", year = 2022, siteIds = new[] { site }, gridRegion = "CN-JS", gwpSet = "ipcc-gwp100-ar5" })
            .ExpectJson(HttpStatusCode.Created);
        var calculated = await client.PostJsonAsync($"/api/carbon/inventories/{inventory["id"]}/calculate", null).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(119.56m, calculated["scope2LocationTco2e"]!.GetValue<decimal>());
        Assert.Equal(25.5632m, calculated["energyTce"]!.GetValue<decimal>());

        // With the meters declared as reporting normal volume, January's gas becomes a natural-gas combustion record.
        var withGas = await client.PostJsonAsync("/api/carbon/activities/import-meters", new { siteId = site, from = "2022-01", to = "2022-01", gasMetersReportNormalVolume = true })
            .ExpectJson(HttpStatusCode.OK);
        var gasRecord = withGas["records"]!.AsArray().Single(r => (string?)r!["kind"] == "StationaryCombustion")!;
        Assert.Equal((1_000m, "Nm3", "fuel.natural-gas"), (gasRecord["quantity"]!.GetValue<decimal>(), (string?)gasRecord["unit"], (string?)gasRecord["activityCode"]));
    }

    [Fact]
    public async Task ImportMeters_FromReadingsIngestedThroughTheApi_SeesTheirRollupDeltas()
    {
        // Readings two local months back (the ingest horizon is widened for this host so the month is complete and accepted).
        await using var app = await App.CreateIsolatedAsync(("Telemetry:MaxReadingAge", "120.00:00:00"), ("Telemetry:BackgroundJobs", "false"));
        var (organisation, user) = await app.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = await app.SignedInAsync(user);
        var site = organisation.SiteId.Value;
        var meter = await DeviceAsync(client, site, "总电表", "electricity_meter");
        var key = (string)(await client.SendAsync(HttpMethod.Post, $"/api/devices/{meter}/keys").ExpectJson(HttpStatusCode.Created))["key"]!;
        var localNow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai);
        var month = new DateTime(localNow.Year, localNow.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(-2);
        DateTime At(int day) => TimeZoneInfo.ConvertTimeToUtc(month.AddDays(day - 1).AddHours(10), Shanghai);
        var ingest = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                readings = new[]
                {
                    new { deviceId = meter, metric = "energy_import", ts = At(10), value = 1_000.0 },
                    new { deviceId = meter, metric = "energy_import", ts = At(20), value = 1_250.5 },
                },
            }, options: Json.Options),
        };
        ingest.Headers.Add("X-Device-Key", key);
        using var device = app.NewClient();
        var accepted = await device.Http.SendAsync(ingest).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(2, (int)accepted["accepted"]!);

        var text = month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var report = await client.PostJsonAsync("/api/carbon/activities/import-meters", new { siteId = site, from = text, to = text }).ExpectJson(HttpStatusCode.OK);

        // The register moved from 1,000 to 1,250.5 kWh within the month.
        var record = Assert.Single(report["records"]!.AsArray());
        Assert.Equal((250.5m, "PurchasedElectricity"), (record!["quantity"]!.GetValue<decimal>(), (string?)record["kind"]));
    }

    [Fact]
    public async Task ImportMeters_BadInputOrAnotherOrganisationsSite_IsRefusedWithFieldErrorsAndStoresNothing()
    {
        var (organisation, client) = await EnterpriseAsync();
        var (other, otherClient) = await EnterpriseAsync();
        using var _ = client;
        using var __ = otherClient;
        var meter = await DeviceAsync(otherClient, other.SiteId.Value, "乙厂电表", "electricity_meter");
        await otherClient.GetAsync($"/api/telemetry/devices?siteId={other.SiteId.Value}").Expect(HttpStatusCode.OK);
        await MonthlyRollupAsync(meter, "energy_import", 2022, 5, 10_000);

        var foreign = await client.PostJsonAsync("/api/carbon/activities/import-meters", new { siteId = other.SiteId.Value, from = "2022-05", to = "2022-05" }).ExpectJson(HttpStatusCode.BadRequest);
        var reversed = await client.PostJsonAsync("/api/carbon/activities/import-meters", new { siteId = organisation.SiteId.Value, from = "2022-05", to = "2022-01" }).ExpectJson(HttpStatusCode.BadRequest);
        var badMonth = await client.PostJsonAsync("/api/carbon/activities/import-meters", new { siteId = organisation.SiteId.Value, from = "2022-13", to = "2022-01" }).ExpectJson(HttpStatusCode.BadRequest);
        var running = await client.PostJsonAsync("/api/carbon/activities/import-meters", new { siteId = organisation.SiteId.Value, from = "2022-01", to = "2099-01" }).ExpectJson(HttpStatusCode.BadRequest);

        Assert.NotNull(foreign["errors"]!["siteId"]);
        Assert.NotNull(reversed["errors"]!["to"]);
        Assert.NotNull(badMonth["errors"]!["from"]);
        Assert.NotNull(running["errors"]!["to"]);
        var count = await App.WithScopeAsync(sp => sp.GetRequiredService<CarbonDbContext>().Activities.CountAsync(a => a.SiteId == other.SiteId || a.SiteId == organisation.SiteId));
        Assert.Equal(0, count);
    }

    private static MultipartFormDataContent FilePart(byte[] content, string contentType, string fileName)
    {
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { part, "file", fileName } };
    }

    private static byte[] Pdf(int size)
    {
        var bytes = new byte[size];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        for (var i = 9; i < size; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    }

    private static async Task<Guid> RecordAsync(ApiClient client, Guid site, string month) =>
        Guid.Parse((string)(await client.PostJsonAsync("/api/carbon/activities", new { siteId = site, month, kind = "PurchasedElectricity", quantity = 10m, unit = "MWh" })
            .ExpectJson(HttpStatusCode.Created))["id"]!);

    [Fact]
    public async Task Evidence_UploadListDownloadDelete_KeepsTheBytesAndTheirSha256_AndWritesTheLedger()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        var record = await RecordAsync(client, organisation.SiteId.Value, "2022-06");
        var pdf = Pdf(2_048);

        var uploaded = await client.Http.PostAsync($"/api/carbon/activities/{record}/evidence", FilePart(pdf, "application/pdf", "电费发票-2022-06.pdf")).ExpectJson(HttpStatusCode.Created);
        var png = await client.Http.PostAsync($"/api/carbon/activities/{record}/evidence",
            FilePart([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3], "image/png", "scan.png")).ExpectJson(HttpStatusCode.Created);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), (string?)uploaded["sha256"]);
        Assert.Equal((2_048L, "application/pdf", "电费发票-2022-06.pdf"), (uploaded["sizeBytes"]!.GetValue<long>(), (string?)uploaded["contentType"], (string?)uploaded["fileName"]));
        var list = await client.GetAsync($"/api/carbon/activities/{record}/evidence").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(2, list.AsArray().Count);
        var download = await client.GetAsync($"/api/carbon/evidence/{uploaded["id"]}").Expect(HttpStatusCode.OK);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());

        await client.SendAsync(HttpMethod.Delete, $"/api/carbon/evidence/{png["id"]}").Expect(HttpStatusCode.NoContent);
        await client.GetAsync($"/api/carbon/evidence/{png["id"]}").Expect(HttpStatusCode.NotFound);
        var types = await App.WithScopeAsync(sp => sp.GetRequiredService<GreenIsland.Platform.Persistence.PlatformDbContext>().LedgerEntries.AsNoTracking()
            .Where(e => e.Stream == $"carbon-site/{organisation.SiteId}").OrderBy(e => e.Sequence).Select(e => e.Type).ToListAsync());
        Assert.Equal(["ActivityEvidenceAttached", "ActivityEvidenceAttached", "ActivityEvidenceDeleted"], types);
    }

    [Fact]
    public async Task Evidence_AboveTheGlobalOneMebibyteLimit_IsAccepted_ButABodyOverTheEndpointLimitGets413()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        var record = await RecordAsync(client, organisation.SiteId.Value, "2022-08");

        var scan = Pdf(3 * 1024 * 1024);
        var uploaded = await client.Http.PostAsync($"/api/carbon/activities/{record}/evidence", FilePart(scan, "application/pdf", "合同扫描件.pdf")).ExpectJson(HttpStatusCode.Created);
        Assert.Equal(scan.Length, (long)uploaded["sizeBytes"]!);

        var tooLarge = await client.Http.PostAsync($"/api/carbon/activities/{record}/evidence", FilePart(Pdf(21 * 1024 * 1024), "application/pdf", "huge.pdf"))
            .ExpectJson(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(413, (int)tooLarge["status"]!);
        Assert.Contains("20971520", (string)tooLarge["errors"]!["body"]![0]!, StringComparison.Ordinal);

        // Endpoints without their own limit keep the host's global 1 MiB.
        var json = await client.Http.PostAsync("/api/carbon/activities",
            new StringContent($$"""{"siteId":"{{organisation.SiteId.Value}}","month":"2022-09","kind":"PurchasedElectricity","quantity":1,"unit":"MWh","note":"{{new string('x', 1_100_000)}}"}""",
                System.Text.Encoding.UTF8, "application/json")).ExpectJson(HttpStatusCode.RequestEntityTooLarge);
        Assert.NotNull(json["errors"]!["body"]);
        Assert.Single((await client.GetAsync($"/api/carbon/activities/{record}/evidence").ExpectJson(HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task Evidence_WrongTypeOversizeOrMismatchedDeclaration_IsRefusedAndStoresNothing()
    {
        var (organisation, client) = await EnterpriseAsync();
        using var _ = client;
        var record = await RecordAsync(client, organisation.SiteId.Value, "2022-07");

        var text = await client.Http.PostAsync($"/api/carbon/activities/{record}/evidence", FilePart("not a pdf"u8.ToArray(), "application/pdf", "x.pdf")).ExpectJson(HttpStatusCode.BadRequest);
        var mismatch = await client.Http.PostAsync($"/api/carbon/activities/{record}/evidence", FilePart([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], "image/jpeg", "x.jpg")).ExpectJson(HttpStatusCode.BadRequest);
        var oversize = await client.Http.PostAsync($"/api/carbon/activities/{record}/evidence", FilePart(Pdf(20_000_001), "application/pdf", "big.pdf")).ExpectJson(HttpStatusCode.BadRequest);
        var empty = await client.Http.PostAsync($"/api/carbon/activities/{record}/evidence", new MultipartFormDataContent { { new StringContent("x"), "other" } }).ExpectJson(HttpStatusCode.BadRequest);

        Assert.All(new[] { text, mismatch, oversize, empty }, p => Assert.NotNull(p["errors"]!["file"]));
        Assert.Empty((await client.GetAsync($"/api/carbon/activities/{record}/evidence").ExpectJson(HttpStatusCode.OK)).AsArray());
    }

    [Fact]
    public async Task Evidence_OfAnotherOrganisation_IsInvisible_AndLockedOnceTheInventoryIsSubmitted()
    {
        var (organisation, client) = await EnterpriseAsync();
        var (_, otherClient) = await EnterpriseAsync();
        using var _ = client;
        using var __ = otherClient;
        var site = organisation.SiteId.Value;
        var record = await RecordAsync(client, site, "2022-08");
        var evidence = await client.Http.PostAsync($"/api/carbon/activities/{record}/evidence", FilePart(Pdf(100), "application/pdf", "发票.pdf")).ExpectJson(HttpStatusCode.Created);

        await otherClient.GetAsync($"/api/carbon/evidence/{evidence["id"]}").Expect(HttpStatusCode.NotFound);
        await otherClient.GetAsync($"/api/carbon/activities/{record}/evidence").Expect(HttpStatusCode.NotFound);
        await otherClient.SendAsync(HttpMethod.Delete, $"/api/carbon/evidence/{evidence["id"]}").Expect(HttpStatusCode.NotFound);
        await otherClient.Http.PostAsync($"/api/carbon/activities/{record}/evidence", FilePart(Pdf(100), "application/pdf", "越权.pdf")).Expect(HttpStatusCode.NotFound);

        var inventory = await client.PostJsonAsync("/api/carbon/inventories", new { name = "锁定", year = 2022, siteIds = new[] { site }, gridRegion = "CN-JS", gwpSet = "ipcc-gwp100-ar5" })
            .ExpectJson(HttpStatusCode.Created);
        await client.PostJsonAsync($"/api/carbon/inventories/{inventory["id"]}/calculate", null).Expect(HttpStatusCode.OK);
        await client.PostJsonAsync($"/api/carbon/inventories/{inventory["id"]}/submit", null).Expect(HttpStatusCode.OK);

        var locked = await client.SendAsync(HttpMethod.Delete, $"/api/carbon/evidence/{evidence["id"]}").ExpectJson(HttpStatusCode.Conflict);
        Assert.Equal("EvidenceOfLockedRecordCannotBeDeleted", (string?)locked["title"]);
        Assert.Single((await client.GetAsync($"/api/carbon/activities/{record}/evidence").ExpectJson(HttpStatusCode.OK)).AsArray());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MeterImportAndEvidenceTestsOnSqlite(SqliteAppFactory factory) : MeterImportAndEvidenceTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class MeterImportAndEvidenceTestsOnPostgreSql(PostgresAppFactory factory) : MeterImportAndEvidenceTests(factory);
