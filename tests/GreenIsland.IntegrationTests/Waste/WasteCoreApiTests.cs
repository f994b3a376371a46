using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>Catalogue, streams, cabinets, rules, containers, alerts and pickup requests through the HTTP API, on both providers.</summary>
public abstract class WasteCoreApiTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    private static JsonArray Array(JsonNode node) => node.AsArray();

    [Fact]
    public async Task ReadingsThroughTelemetry_PushACabinetPastEightyPercent_RaiseExactlyOnePickupRequestInTheServingCollectorsQueue()
    {
        var enterprise = await App.EnterpriseWithCabinetAsync();
        var (_, dispatcher) = await App.ServingCollectorAsync(enterprise);
        var (_, otherDispatcher) = await App.MemberAsync(PlatformRoles.CollectorDispatcher);
        using var other = await App.SignedInAsync(otherDispatcher);

        await App.IngestAndDeliverAsync(enterprise, ("fill_ratio", 0.42), ("temperature", 21.5));
        Assert.Empty(Array(await enterprise.Admin.GetAsync($"/api/waste/pickup-requests?cabinetId={enterprise.CabinetId}").ExpectJson(HttpStatusCode.OK)));

        await App.IngestAndDeliverAsync(enterprise, ("fill_ratio", 0.83));
        await App.IngestAndDeliverAsync(enterprise, ("fill_ratio", 0.86));
        await App.IngestAndDeliverAsync(enterprise, ("fill_ratio", 0.79), ("fill_ratio", 0.81), ("fill_ratio", 0.95));

        var queue = Array(await dispatcher.GetAsync("/api/waste/pickup-requests?status=Open").ExpectJson(HttpStatusCode.OK));
        var request = Assert.Single(queue, r => (string?)r!["cabinetId"] == enterprise.CabinetId.ToString());
        Assert.Equal("Automatic", (string?)request!["origin"]);
        Assert.Equal(0.83, (double)request["fillRatioAtRaise"]!, 3);
        Assert.Single(Array(await enterprise.Admin.GetAsync($"/api/waste/pickup-requests?cabinetId={enterprise.CabinetId}").ExpectJson(HttpStatusCode.OK)));
        Assert.DoesNotContain(Array(await other.GetAsync("/api/waste/pickup-requests").ExpectJson(HttpStatusCode.OK)),
            r => (string?)r!["cabinetId"] == enterprise.CabinetId.ToString());

        var cabinet = await enterprise.Admin.GetAsync($"/api/waste/cabinets/{enterprise.CabinetId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(0.95, (double)cabinet["fillRatio"]!, 3);
        Assert.Equal(21.5, (double)cabinet["temperatureC"]!, 3);
        Assert.False((bool)cabinet["fillArmed"]!);
        var fillAlerts = Array(await dispatcher.GetAsync($"/api/waste/alerts?cabinetId={enterprise.CabinetId}&kind=FillThreshold").ExpectJson(HttpStatusCode.OK));
        Assert.Single(fillAlerts);

        // The enterprise cannot raise a second request for the same cabinet either.
        var second = await enterprise.Admin.PostJsonAsync("/api/waste/pickup-requests", new { cabinetId = enterprise.CabinetId }).ExpectJson(HttpStatusCode.Conflict);
        Assert.Equal("ACabinetHasOneActivePickupRequest", (string?)second["title"]);

        // Cancelling re-arms the rule and closes the fill alert by rule (no one has to close it by hand): the next
        // reading above the trigger raises a new request and a new alert.
        var fillAlertId = (string)fillAlerts[0]!["id"]!;
        Assert.Equal("Open", (string?)fillAlerts[0]!["status"]);
        await dispatcher.PostJsonAsync($"/api/waste/pickup-requests/{(string)request["id"]!}/cancel", new { reason = "重复请求" }).Expect(HttpStatusCode.OK);
        var closedFill = Assert.Single(Array(await dispatcher.GetAsync($"/api/waste/alerts?cabinetId={enterprise.CabinetId}&kind=FillThreshold").ExpectJson(HttpStatusCode.OK)))!;
        Assert.Equal(("Closed", "system:waste-rules", "收运请求已取消：重复请求 / pickup request cancelled: 重复请求"),
            ((string?)closedFill["status"], (string?)closedFill["closedBy"], (string?)closedFill["closeReason"]));
        var recent = Array(await dispatcher.GetAsync("/api/waste/command-centre/alerts/closed?days=1&limit=200").ExpectJson(HttpStatusCode.OK));
        Assert.Equal("system:waste-rules", (string?)Assert.Single(recent, a => (string?)a!["id"] == fillAlertId)!["closedBy"]);
        await AssertClosedOnTheLedgerAsync(enterprise.CabinetId, fillAlertId, "收运请求已取消：重复请求 / pickup request cancelled: 重复请求");

        await App.IngestAndDeliverAsync(enterprise, ("fill_ratio", 0.9));
        var all = Array(await enterprise.Admin.GetAsync($"/api/waste/pickup-requests?cabinetId={enterprise.CabinetId}").ExpectJson(HttpStatusCode.OK));
        Assert.Equal(["Cancelled", "Open"], all.Select(r => (string)r!["status"]!).Order());
        var fillNow = Array(await dispatcher.GetAsync($"/api/waste/alerts?cabinetId={enterprise.CabinetId}&kind=FillThreshold").ExpectJson(HttpStatusCode.OK));
        Assert.Equal(["Closed", "Open"], fillNow.Select(a => (string)a!["status"]!).Order());
    }

    /// <summary>The alert's closing is on the ledger of its cabinet, as a person's closing would be: type AlertClosed, the rules as actor, the reason.</summary>
    private async Task AssertClosedOnTheLedgerAsync(Guid cabinetId, string alertId, string reason)
    {
        var payloads = await App.WithDbAsync(db => db.LedgerEntries.IgnoreQueryFilters()
            .Where(e => e.Stream == "waste-cabinet/" + cabinetId && e.Type == "AlertClosed").Select(e => e.Payload).ToListAsync());
        var entry = Assert.Single(payloads.Select(p => JsonNode.Parse(p)!), p => (string?)p["alertId"] == alertId);
        Assert.Equal(("system:waste-rules", reason), ((string?)entry["actor"], (string?)entry["reason"]));
    }

    [Fact]
    public async Task ReadingsThroughTelemetry_SeveralCabinetsInOneDeliveryRound_EachRaisesOneRequest_AndARedeliveredRoundChangesNothing()
    {
        var first = await App.EnterpriseWithCabinetAsync();
        var second = await App.EnterpriseWithCabinetAsync();
        var (_, firstDispatcher) = await App.ServingCollectorAsync(first);
        var (_, secondDispatcher) = await App.ServingCollectorAsync(second);

        // Nothing is delivered in between: one dispatch round carries all these events, the cabinet rules screen
        // their devices with one query and apply each event naming a cabinet in its own transaction.
        await App.IngestAsync(first, ("fill_ratio", 0.5));
        await App.IngestAsync(second, ("fill_ratio", 0.84), ("temperature", 22));
        await App.IngestAsync(first, ("fill_ratio", 0.91));
        await App.IngestAsync(second, ("fill_ratio", 0.97));
        await App.DeliverTelemetryOutboxAsync();

        async Task<JsonArray> RequestsAsync(WasteEnterprise enterprise) =>
            Array(await enterprise.Admin.GetAsync($"/api/waste/pickup-requests?cabinetId={enterprise.CabinetId}").ExpectJson(HttpStatusCode.OK));
        Assert.Equal(0.91, (double)Assert.Single(await RequestsAsync(first))!["fillRatioAtRaise"]!, 3);
        Assert.Equal(0.84, (double)Assert.Single(await RequestsAsync(second))!["fillRatioAtRaise"]!, 3);
        var cabinet = await second.Admin.GetAsync($"/api/waste/cabinets/{second.CabinetId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal((0.97, 22.0), ((double)cabinet["fillRatio"]!, (double)cabinet["temperatureC"]!));

        // At least once: the whole outbox delivered again (as after a crash before the marks) is deduplicated.
        await App.WithScopeAsync(sp => sp.GetRequiredService<GreenIsland.Telemetry.Persistence.TelemetryDbContext>().Outbox
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.DeliveredAt, (DateTime?)null)));
        await App.DeliverTelemetryOutboxAsync();
        Assert.Single(await RequestsAsync(first));
        Assert.Single(await RequestsAsync(second));
        Assert.Single(Array(await firstDispatcher.GetAsync($"/api/waste/alerts?cabinetId={first.CabinetId}&kind=FillThreshold").ExpectJson(HttpStatusCode.OK)));
        Assert.Single(Array(await secondDispatcher.GetAsync($"/api/waste/alerts?cabinetId={second.CabinetId}&kind=FillThreshold").ExpectJson(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task TemperatureHoveringAtTheLimit_RaisesOneAlert_AcknowledgedThenClosedOnceWithAReason()
    {
        var enterprise = await App.EnterpriseWithCabinetAsync();

        await App.IngestAndDeliverAsync(enterprise, ("temperature", 41));
        await App.IngestAndDeliverAsync(enterprise, ("temperature", 39.5));
        await App.IngestAndDeliverAsync(enterprise, ("temperature", 42));

        var alerts = Array(await enterprise.Admin.GetAsync($"/api/waste/alerts?cabinetId={enterprise.CabinetId}&kind=TemperatureOutOfRange").ExpectJson(HttpStatusCode.OK));
        var alert = Assert.Single(alerts);
        var id = (string)alert!["id"]!;
        await enterprise.Admin.PostJsonAsync($"/api/waste/alerts/{id}/acknowledge", null).Expect(HttpStatusCode.OK);
        var noReason = await enterprise.Admin.PostJsonAsync($"/api/waste/alerts/{id}/close", new { reason = " " }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(noReason["errors"]!["reason"]);
        var closed = await enterprise.Admin.PostJsonAsync($"/api/waste/alerts/{id}/close", new { reason = "空调已修复" }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Closed", (string?)closed["status"]);
        await enterprise.Admin.PostJsonAsync($"/api/waste/alerts/{id}/close", new { reason = "again" }).Expect(HttpStatusCode.Conflict);

        // Back in range (clearly, by the 2 °C hysteresis): the alarm clears; the alert closed by hand keeps its reason.
        await App.IngestAndDeliverAsync(enterprise, ("temperature", 37));
        // Out again: a new alert. Hovering just under the limit (39.5 °C, inside the hysteresis) does not close it; 36 °C
        // does, by rule, with the reason in both languages, and the recently-closed list shows who closed it.
        await App.IngestAndDeliverAsync(enterprise, ("temperature", 43));
        await App.IngestAndDeliverAsync(enterprise, ("temperature", 39.5));
        var (_, dispatcher) = await App.ServingCollectorAsync(enterprise);
        var again = Array(await enterprise.Admin.GetAsync($"/api/waste/alerts?cabinetId={enterprise.CabinetId}&kind=TemperatureOutOfRange").ExpectJson(HttpStatusCode.OK));
        Assert.Equal(2, again.Count);
        var second = again.Single(a => (string?)a!["id"] != id)!;
        Assert.Equal("Open", (string?)second["status"]);
        Assert.Equal("空调已修复", (string?)again.Single(a => (string?)a!["id"] == id)!["closeReason"]);
        await App.IngestAndDeliverAsync(enterprise, ("temperature", 36));
        var secondNow = Assert.Single(Array(await enterprise.Admin.GetAsync($"/api/waste/alerts?cabinetId={enterprise.CabinetId}&kind=TemperatureOutOfRange&status=Closed")
            .ExpectJson(HttpStatusCode.OK)), a => (string?)a!["id"] == (string?)second["id"])!;
        Assert.Equal(("system:waste-rules", "温度恢复正常（36 °C）/ temperature back in range"), ((string?)secondNow["closedBy"], (string?)secondNow["closeReason"]));
        var recent = Array(await dispatcher.GetAsync("/api/waste/command-centre/alerts/closed?days=1&limit=200").ExpectJson(HttpStatusCode.OK));
        var listed = Assert.Single(recent, a => (string?)a!["id"] == (string?)second["id"])!;
        Assert.Equal(("system:waste-rules", "温度恢复正常（36 °C）/ temperature back in range"), ((string?)listed["closedBy"], (string?)listed["closeReason"]));
        await AssertClosedOnTheLedgerAsync(enterprise.CabinetId, (string)second["id"]!, "温度恢复正常（36 °C）/ temperature back in range");

        // VOC the same way (limit 50 ppm, hysteresis 5 ppm): 47 ppm keeps the alert open, 44 ppm closes it.
        await App.IngestAndDeliverAsync(enterprise, ("voc", 62));
        await App.IngestAndDeliverAsync(enterprise, ("voc", 47));
        var voc = Assert.Single(Array(await enterprise.Admin.GetAsync($"/api/waste/alerts?cabinetId={enterprise.CabinetId}&kind=VocOutOfRange").ExpectJson(HttpStatusCode.OK)))!;
        Assert.Equal("Open", (string?)voc["status"]);
        await App.IngestAndDeliverAsync(enterprise, ("voc", 44));
        voc = Assert.Single(Array(await enterprise.Admin.GetAsync($"/api/waste/alerts?cabinetId={enterprise.CabinetId}&kind=VocOutOfRange").ExpectJson(HttpStatusCode.OK)))!;
        Assert.Equal(("Closed", "system:waste-rules", "VOC 浓度恢复正常（44 ppm）/ VOC back in range"),
            ((string?)voc["status"], (string?)voc["closedBy"], (string?)voc["closeReason"]));
    }

    [Fact]
    public async Task IncompatibleDeposit_IsRefusedWithNothingStored_AndRaisesAnAlert()
    {
        var enterprise = await App.EnterpriseWithCabinetAsync(
        [
            new { number = 1, capacityLitres = 200, allowedGroup = "Acid" },
            new { number = 2, capacityLitres = 200 },
        ]);
        var acid = await enterprise.StreamAsync("900-052-31", "废铅蓄电池酸液", "Acid");
        var alkali = await enterprise.StreamAsync("336-064-17", "碱性除油废槽液", "AlkalineCaustic");

        var deposited = await enterprise.Admin.PostJsonAsync("/api/waste/containers",
            new { cabinetId = enterprise.CabinetId, compartmentNumber = 1, streamId = acid, weightKg = 12.5m, volumeLitres = 30 }).ExpectJson(HttpStatusCode.Created);
        var code = (string)deposited["code"]!;
        Assert.Equal(38, code.Length);
        Assert.Equal(code, (string?)deposited["qrPayload"]);
        Assert.Equal("900-052-31", (string?)deposited["wasteCode"]);
        Assert.Equal("HW31", (string?)deposited["categoryCode"]);
        Assert.Equal(100, (int)deposited["labelSizeMm"]!);
        Assert.Equal(enterprise.Organisation.Name, (string?)deposited["producerName"]);
        Assert.Equal(12.5m, (decimal)deposited["weightKg"]!);

        var wrongCompartment = await enterprise.Admin.PostJsonAsync("/api/waste/containers",
            new { cabinetId = enterprise.CabinetId, compartmentNumber = 1, streamId = alkali, weightKg = 3m, volumeLitres = 20 }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(wrongCompartment["errors"]!["compartmentNumber"]);

        var refused = await enterprise.Admin.PostJsonAsync("/api/waste/containers",
            new { cabinetId = enterprise.CabinetId, compartmentNumber = 2, streamId = alkali, weightKg = 3m, volumeLitres = 20 }).ExpectJson(HttpStatusCode.Conflict);
        Assert.Equal("IncompatibleWastesCannotShareACabinet", (string?)refused["title"]);

        var badWeight = await enterprise.Admin.PostJsonAsync("/api/waste/containers",
            new { cabinetId = enterprise.CabinetId, compartmentNumber = 2, streamId = acid, weightKg = 0m, volumeLitres = 20 }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(badWeight["errors"]!["weightKg"]);

        var containers = Array(await enterprise.Admin.GetAsync($"/api/waste/containers?cabinetId={enterprise.CabinetId}").ExpectJson(HttpStatusCode.OK));
        Assert.Equal([code], containers.Select(c => (string)c!["code"]!));
        var alerts = Array(await enterprise.Admin.GetAsync($"/api/waste/alerts?cabinetId={enterprise.CabinetId}&kind=IncompatibleDeposit").ExpectJson(HttpStatusCode.OK));
        Assert.Single(alerts);

        var byCode = await enterprise.Admin.GetAsync($"/api/waste/containers/by-code/{code}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal((string?)deposited["id"], (string?)byCode["id"]);
        var pdf = await enterprise.Admin.GetAsync($"/api/waste/containers/{(string)deposited["id"]!}/label.pdf").Expect(HttpStatusCode.OK);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..5], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenancy_EnterprisesSeeOnlyTheirOwn_ACollectorSeesOnlyTheGeneratorsItServes()
    {
        var a = await App.EnterpriseWithCabinetAsync();
        var b = await App.EnterpriseWithCabinetAsync(town: App.District.TownB.Value);
        var (_, dispatcherOfA) = await App.ServingCollectorAsync(a);
        var streamB = await b.StreamAsync("900-041-49", "废包装物", "General");

        await a.Admin.GetAsync($"/api/waste/cabinets/{b.CabinetId}").Expect(HttpStatusCode.NotFound);
        await dispatcherOfA.GetAsync($"/api/waste/cabinets/{b.CabinetId}").Expect(HttpStatusCode.NotFound);
        var seen = await dispatcherOfA.GetAsync($"/api/waste/cabinets/{a.CabinetId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(a.Organisation.Name, (string?)seen["organisationName"]);

        var cabinetsOfDispatcher = await (await dispatcherOfA.GetAsync("/api/waste/cabinets").Expect(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.Contains(a.CabinetId.ToString(), cabinetsOfDispatcher, StringComparison.Ordinal);
        Assert.DoesNotContain(b.CabinetId.ToString(), cabinetsOfDispatcher, StringComparison.Ordinal);
        Assert.DoesNotContain(b.Organisation.Name, cabinetsOfDispatcher, StringComparison.Ordinal);
        var streamsOfA = await (await a.Admin.GetAsync("/api/waste/streams").Expect(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(streamB.ToString(), streamsOfA, StringComparison.Ordinal);

        // A cannot deposit into B's cabinet, nor use B's stream.
        var foreign = await a.Admin.PostJsonAsync("/api/waste/containers",
            new { cabinetId = b.CabinetId, compartmentNumber = 1, streamId = streamB, weightKg = 1m, volumeLitres = 10 }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(foreign["errors"]!["cabinetId"]);

        // The collector cannot act as the enterprise.
        var asCollector = await dispatcherOfA.PostJsonAsync("/api/waste/pickup-requests", new { cabinetId = a.CabinetId }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(asCollector["errors"]!["cabinetId"]);

        // Ending the agreement ends the collector's view.
        var agreement = Array(await a.Admin.GetAsync("/api/waste/service-agreements").ExpectJson(HttpStatusCode.OK)).Single();
        await a.Admin.PostJsonAsync($"/api/waste/service-agreements/{(string)agreement!["id"]!}/end", new { lastDay = "2026-01-31", reason = "合同终止" }).Expect(HttpStatusCode.OK);
        await dispatcherOfA.GetAsync($"/api/waste/cabinets/{a.CabinetId}").Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Streams_ValidateCodesAgainstTheCatalogue_AndComputeTheTier()
    {
        var enterprise = await App.EnterpriseWithCabinetAsync();

        var bad = await enterprise.Admin.PostJsonAsync("/api/waste/streams", new
        {
            siteId = enterprise.Organisation.SiteId.Value, wasteCode = "900-041-42", name = "x", physicalForm = "Slime", packaging = "", expectedAnnualKg = -1m,
        }).ExpectJson(HttpStatusCode.BadRequest);
        foreach (var field in new[] { "wasteCode", "physicalForm", "packaging", "expectedAnnualKg" })
        {
            Assert.True(bad["errors"]![field] is not null, field);
        }

        var unknown = await enterprise.Admin.PostJsonAsync("/api/waste/streams", new
        {
            siteId = enterprise.Organisation.SiteId.Value, wasteCode = "900-999-49", name = "x", physicalForm = "Solid", packaging = "袋", expectedAnnualKg = 1m,
        }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.Contains("not in the 2025 catalogue", (string)unknown["errors"]!["wasteCode"]![0]!, StringComparison.Ordinal);

        await enterprise.StreamAsync("900-249-08", "废矿物油", "Combustible", 6_000m);
        var tier = await enterprise.Admin.GetAsync("/api/waste/streams/tier").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Registration", (string?)tier["tier"]);
        await enterprise.StreamAsync("900-041-49", "废包装物", "General", 4_000m);
        tier = await enterprise.Admin.GetAsync("/api/waste/streams/tier").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Simplified", (string?)tier["tier"]);
        Assert.Equal("Quarterly", (string?)tier["declarationFrequency"]);
    }

    [Fact]
    public async Task CatalogueImport_ReportsPerRow_OnlyTheOperatorImports_AndValidRowsLandOnRequest()
    {
        var (_, operatorUser) = await App.MemberAsync(PlatformRoles.PlatformAdmin);
        using var operatorClient = await App.SignedInAsync(operatorUser);
        var (_, enterpriseUser) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var enterprise = await App.SignedInAsync(enterpriseUser);
        var code = $"{Random.Shared.Next(100, 999)}-{Random.Shared.Next(100, 999)}-49";
        var csv = $"code,name,category,characteristics,edition\n{code},测试导入废物,HW49,T,2025\n900-001-43,不存在,HW43,T,2025\n900-002-08,类别不符,HW09,T,2025\n";

        await enterprise.PostJsonAsync("/api/waste/catalogue/import", new { csv, importValidRows = true }).Expect(HttpStatusCode.Forbidden);

        var strict = await operatorClient.PostJsonAsync("/api/waste/catalogue/import", new { csv, importValidRows = false }).ExpectJson(HttpStatusCode.OK);
        Assert.False((bool)strict["applied"]!);
        Assert.Equal(3, (int)strict["rows"]!);
        Assert.Equal(2, (int)strict["rejected"]!);
        var errors = strict["errors"]!.AsArray();
        Assert.Contains(errors, e => (int)e!["line"]! == 3 && (string?)e["field"] == "code");
        Assert.Contains(errors, e => (int)e!["line"]! == 4 && ((string)e["message"]!).Contains("HW08", StringComparison.Ordinal));
        Assert.Contains(errors, e => (int)e!["line"]! == 4 && (string?)e["code"] == "CodeCategoryMismatch"); // the UI words the reason by its code
        Assert.Empty(Array(await enterprise.GetAsync($"/api/waste/catalogue/codes?q={code}").ExpectJson(HttpStatusCode.OK)));

        var lenient = await operatorClient.PostJsonAsync("/api/waste/catalogue/import", new { csv, importValidRows = true }).ExpectJson(HttpStatusCode.OK);
        Assert.True((bool)lenient["applied"]!);
        Assert.Equal(1, (int)lenient["inserted"]! + (int)lenient["updated"]!);
        var found = Array(await enterprise.GetAsync($"/api/waste/catalogue/codes?q={code}").ExpectJson(HttpStatusCode.OK));
        Assert.Equal("测试导入废物", (string?)Assert.Single(found)!["name"]);

        var categories = Array(await enterprise.GetAsync("/api/waste/catalogue/categories?edition=2021").ExpectJson(HttpStatusCode.OK));
        Assert.Equal(46, categories.Count);
        Assert.DoesNotContain(categories, c => (string?)c!["code"] is "HW41" or "HW42" or "HW43" or "HW44");
        var editions = Array(await enterprise.GetAsync("/api/waste/catalogue/editions").ExpectJson(HttpStatusCode.OK));
        Assert.Equal(["2021", "2025"], editions.Select(e => (string)e!["code"]!));
    }

    [Fact]
    public async Task StorageAgeRule_WarnsOnceForAContainerWithinFortyFiveDaysOfItsLimit()
    {
        var enterprise = await App.EnterpriseWithCabinetAsync();
        var stream = await enterprise.StreamAsync("900-041-49", "废包装物", "General");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var old = await enterprise.Admin.PostJsonAsync("/api/waste/containers", new
        {
            cabinetId = enterprise.CabinetId, compartmentNumber = 1, streamId = stream, weightKg = 2m, volumeLitres = 20, generatedOn = today.AddDays(-330),
        }).ExpectJson(HttpStatusCode.Created);
        await enterprise.Admin.PostJsonAsync("/api/waste/containers", new
        {
            cabinetId = enterprise.CabinetId, compartmentNumber = 1, streamId = stream, weightKg = 2m, volumeLitres = 20, generatedOn = today.AddDays(-10),
        }).Expect(HttpStatusCode.Created);
        Assert.Equal("Approaching", (string?)old["storageAgeState"]);

        await App.WithScopeAsync(async sp => await sp.GetRequiredService<GreenIsland.Waste.Features.Rules.StorageAgeRule>().RunAsync(DateTime.UtcNow, CancellationToken.None));
        await App.WithScopeAsync(async sp => await sp.GetRequiredService<GreenIsland.Waste.Features.Rules.StorageAgeRule>().RunAsync(DateTime.UtcNow, CancellationToken.None));

        var alerts = Array(await enterprise.Admin.GetAsync($"/api/waste/alerts?cabinetId={enterprise.CabinetId}&kind=StorageAgeApproaching").ExpectJson(HttpStatusCode.OK));
        Assert.Equal((string?)old["id"], (string?)Assert.Single(alerts)!["containerId"]);
        Assert.Equal("Open", (string?)alerts[0]!["status"]);
        var ledger = await App.WithScopeAsync(async sp => await sp.GetRequiredService<WasteDbContext>().Set<WasteContainer>().IgnoreQueryFilters()
            .CountAsync(c => c.CabinetId == enterprise.CabinetId && c.StorageWarnedAt != null));
        Assert.Equal(1, ledger);

        // The container leaves storage (collected at a pickup, through the transition the driver's signature uses):
        // its storage-age alert closes by rule in the same transaction.
        await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WasteDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await sp.GetRequiredService<ContainerTransitions>().CollectAsync(Guid.Parse((string)old["id"]!), null, TimeProvider.System.GetUtcNow().UtcDateTime, 2m,
                "user:test-driver", CancellationToken.None);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return true;
        });
        var closed = Assert.Single(Array(await enterprise.Admin.GetAsync($"/api/waste/alerts?cabinetId={enterprise.CabinetId}&kind=StorageAgeApproaching")
            .ExpectJson(HttpStatusCode.OK)))!;
        Assert.Equal(("Closed", "system:waste-rules", "容器已转移（收运出库）/ container left storage (collected)"),
            ((string?)closed["status"], (string?)closed["closedBy"], (string?)closed["closeReason"]));
        var (_, dispatcher) = await App.ServingCollectorAsync(enterprise);
        var recent = Array(await dispatcher.GetAsync("/api/waste/command-centre/alerts/closed?days=1&limit=200").ExpectJson(HttpStatusCode.OK));
        Assert.Contains(recent, a => (string?)a!["id"] == (string?)closed["id"] && (string?)a["closedBy"] == "system:waste-rules");
        await AssertClosedOnTheLedgerAsync(enterprise.CabinetId, (string)closed["id"]!, "容器已转移（收运出库）/ container left storage (collected)");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WasteCoreApiTestsOnSqlite(SqliteAppFactory factory) : WasteCoreApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class WasteCoreApiTestsOnPostgreSql(PostgresAppFactory factory) : WasteCoreApiTests(factory);
