using System.Globalization;
using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// A container's trace through the HTTP API, on both providers: deposited, pickup requested, weighed, collected on a
/// manifest into the collector's transfer warehouse, shipped from there on a second manifest to the disposal facility,
/// received, accepted and disposed. The timeline lists every step in order; another organisation cannot trace it.
/// </summary>
public abstract class ContainerTraceApiTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [Fact]
    public async Task Trace_ListsDepositToDisposalInOrder_ThroughTheWarehouse_AndOnlyForWhoMaySeeIt()
    {
        var town = App.District.TownA;
        var enterprise = await App.EnterpriseWithCabinetAsync(town: town.Value);
        var (collector, dispatcherUser) = await App.MemberAsync(PlatformRoles.CollectorDispatcher, town);
        var driverUser = await App.UserAsync(collector.Id, PlatformRoles.Driver);
        var (disposal, disposalUser) = await App.MemberAsync(PlatformRoles.DisposalOperator, town);
        var (_, regulatorUser) = await App.MemberAsync(PlatformRoles.Regulator, town, supervised: town);
        var (_, strangerCollectorUser) = await App.MemberAsync(PlatformRoles.CollectorDispatcher, town);
        var (_, strangerEnterpriseUser) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin, town);
        using var dispatcher = await App.SignedInAsync(dispatcherUser);
        using var driver = await App.SignedInAsync(driverUser);
        using var disposalClient = await App.SignedInAsync(disposalUser);
        using var regulator = await App.SignedInAsync(regulatorUser);
        using var strangerCollector = await App.SignedInAsync(strangerCollectorUser);
        using var strangerEnterprise = await App.SignedInAsync(strangerEnterpriseUser);
        await enterprise.Admin.PostJsonAsync("/api/waste/service-agreements",
            new { collectorId = collector.Id.Value, generatorId = enterprise.Organisation.Id.Value, validFrom = "2026-01-01" }).Expect(HttpStatusCode.Created);
        var vehicle = await dispatcher.PostJsonAsync("/api/waste/vehicles", new
        {
            plate = Arrange.Unique("苏E")[..8], permitNumber = "苏危运-2026-011", categories = new[] { "HW49" }, capacityKg = 2000,
            shiftStart = "08:00", shiftEnd = "18:00", depotSiteId = collector.SiteId.Value,
        }).ExpectJson(HttpStatusCode.Created);

        // Deposit.
        var stream = await enterprise.StreamAsync("900-041-49", "含油废抹布", "General");
        var deposited = await enterprise.Admin.PostJsonAsync("/api/waste/containers", new
        {
            cabinetId = enterprise.CabinetId, compartmentNumber = 1, streamId = stream, weightKg = 40m, volumeLitres = 60, mainComponents = "矿物油、棉纤维", precautions = "远离火源",
        }).ExpectJson(HttpStatusCode.Created);
        var code = (string)deposited["code"]!;
        var containerId = (string)deposited["id"]!;

        // Pickup request from the fill rule (the reading is stamped a second before it is sent: let the deposit be
        // older than that); the trip takes it to the collector's own transfer warehouse.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await App.IngestAndDeliverAsync(enterprise, ("fill_ratio", 0.9));
        var today = Now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var plan = await dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = today, receiverId = collector.Id.Value }).ExpectJson(HttpStatusCode.OK);
        var trip = Assert.Single(plan["trips"]!.AsArray())!;
        var stopId = (string)trip["stops"]![0]!["id"]!;
        await dispatcher.PostJsonAsync($"/api/waste/dispatch/trips/{(string)trip["id"]!}/publish", new { driverUserId = driverUser.Id }).Expect(HttpStatusCode.OK);
        await (await DriverActionAsync(driver, $"/api/waste/driver/stops/{stopId}/items", "t-weigh", new { containerCode = code, weightKg = 38.5m, weighedAt = Now }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var securityCode = (string)(await enterprise.Admin.GetAsync($"/api/waste/stops/{stopId}/security-code").ExpectJson(HttpStatusCode.OK))["securityCode"]!;
        var collection = await (await DriverActionAsync(driver, $"/api/waste/driver/stops/{stopId}/confirm", "t-confirm", new { securityCode, signedAt = Now }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var collectionId = (string)collection["id"]!;
        var collectionNumber = (string)collection["number"]!;
        await (await DriverActionAsync(driver, $"/api/waste/manifests/{collectionId}/sign-carrier", "t-carrier", new { signedAt = Now }))
            .ReadJsonAsync(HttpStatusCode.OK);
        await dispatcher.PostJsonAsync($"/api/waste/manifests/{collectionId}/receive",
            new { receivedAt = Now, containers = new[] { new { containerId, receivedKg = 38.5m } } }).Expect(HttpStatusCode.OK);
        await dispatcher.PostJsonAsync($"/api/waste/manifests/{collectionId}/decision", new { decidedAt = Now, decision = "Accepted" }).Expect(HttpStatusCode.OK);

        // Shipped from the warehouse to the disposal facility (drawn up now: every later step is signed now), received,
        // accepted and disposed.
        // In stock: the waste from its collection line, not yet on a shipment; the facility is among the receivers offered.
        var inStock = Assert.Single((await dispatcher.GetAsync("/api/waste/warehouse/stock").ExpectJson(HttpStatusCode.OK)).AsArray(),
            s => (string?)s!["containerId"] == containerId)!;
        Assert.Equal(("900-041-49", "HW49", true), ((string?)inStock["wasteCode"], (string?)inStock["category"], (bool)inStock["inWarehouse"]!));
        Assert.Null((string?)inStock["shipmentManifestId"]);
        var receivers = (await dispatcher.GetAsync("/api/waste/warehouse/receivers").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Contains(receivers, r => (Guid)r!["id"]! == disposal.Id.Value && (bool)r["inDistrict"]!);
        Assert.DoesNotContain(receivers, r => (Guid)r!["id"]! == collector.Id.Value);
        await disposalClient.GetAsync("/api/waste/warehouse/receivers").Expect(HttpStatusCode.Forbidden);

        // One request draws the shipment manifest and signs it as consignor and carrier.
        var shipment = await (await DriverActionAsync(dispatcher, "/api/waste/warehouse/shipments", "t-ship",
            new { receiverId = disposal.Id.Value, containerIds = new[] { containerId }, vehicleId = (string)vehicle["id"]! })).ReadJsonAsync(HttpStatusCode.Created);
        var shipmentId = (string)shipment["id"]!;
        var shipmentNumber = (string)shipment["number"]!;

        // Signed and on its way: still in the collector's custody (mass balance), marked with its shipment.
        var onShipment = Assert.Single((await dispatcher.GetAsync("/api/waste/warehouse/stock").ExpectJson(HttpStatusCode.OK)).AsArray(),
            s => (string?)s!["containerId"] == containerId)!;
        Assert.Equal((shipmentId, shipmentNumber, "InTransit"), ((string?)onShipment["shipmentManifestId"], (string?)onShipment["shipmentNumber"], (string?)onShipment["shipmentStatus"]));
        await disposalClient.PostJsonAsync($"/api/waste/manifests/{shipmentId}/receive",
            new { receivedAt = Now, lines = new[] { new { lineNo = 1, receivedKg = 38.5m } } }).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain((await dispatcher.GetAsync("/api/waste/warehouse/stock").ExpectJson(HttpStatusCode.OK)).AsArray(),
            s => (string?)s!["containerId"] == containerId);
        await disposalClient.PostJsonAsync($"/api/waste/manifests/{shipmentId}/decision", new { decidedAt = Now, decision = "Accepted" }).Expect(HttpStatusCode.OK);
        await disposalClient.PostJsonAsync($"/api/waste/manifests/{shipmentId}/dispose", new { disposedAt = Now, method = "D10 焚烧" }).Expect(HttpStatusCode.OK);

        // The collector (and the regulator, and the enterprise itself) trace it by its code.
        var trace = await dispatcher.GetAsync($"/api/waste/command-centre/trace/{Uri.EscapeDataString(code)}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Disposed", (string?)trace["state"]);
        Assert.Equal(containerId, (string?)trace["containerId"]);
        var events = trace["events"]!.AsArray().Select(e => e!).ToList();
        var times = events.Select(e => DateTime.Parse((string)e["at"]!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)).ToList();
        Assert.Equal(times.Order(), times);
        var steps = events.Select(e => ((string)e["kind"]!, (string?)e["manifestNumber"]))
            .Where(k => k.Item1 is not ("Alert" or "AlertClosed")).ToList();
        Assert.Equal(
        [
            ("Deposited", null),
            ("PickupRequested", null),
            ("ManifestDrawn", collectionNumber), // drawn up when the trip is published
            ("Weighed", null),
            ("Collected", null),
            ("ManifestSignedByGenerator", collectionNumber),
            ("WarehouseCollected", null),
            ("ManifestInTransit", collectionNumber),
            ("ManifestReceived", collectionNumber),
            ("WarehouseReceivedAtWarehouse", null),
            ("ManifestAccepted", collectionNumber),
            ("ManifestDrawn", shipmentNumber),
            ("ManifestSignedByGenerator", shipmentNumber),
            ("ManifestInTransit", shipmentNumber),
            ("ManifestReceived", shipmentNumber),
            ("WarehouseDelivered", null),
            ("ManifestAccepted", shipmentNumber),
            ("ManifestDisposed", shipmentNumber),
        ], steps);

        Assert.Equal(events.Count, (await regulator.GetAsync($"/api/waste/command-centre/trace/{Uri.EscapeDataString(code)}").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray().Count);
        Assert.Equal(events.Count, (await enterprise.Admin.GetAsync($"/api/waste/command-centre/trace/{Uri.EscapeDataString(code)}").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray().Count);

        // Another collector and another enterprise cannot trace it (not found, nothing disclosed).
        Assert.Equal(HttpStatusCode.NotFound, (await strangerCollector.GetAsync($"/api/waste/command-centre/trace/{Uri.EscapeDataString(code)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerEnterprise.GetAsync($"/api/waste/command-centre/trace/{Uri.EscapeDataString(code)}")).StatusCode);
        var blank = await dispatcher.GetAsync($"/api/waste/command-centre/trace/{new string('x', 101)}").ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(blank["errors"]!["code"]);
    }

    private static Task<HttpResponseMessage> DriverActionAsync(ApiClient client, string path, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body, options: Json.Options) };
        request.Headers.Add("Idempotency-Key", key + "-" + Guid.NewGuid().ToString("N")[..8]);
        return client.Http.SendAsync(request);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ContainerTraceApiTestsOnSqlite(SqliteAppFactory factory) : ContainerTraceApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ContainerTraceApiTestsOnPostgreSql(PostgresAppFactory factory) : ContainerTraceApiTests(factory);
