using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// Shipping from the transfer warehouse to a disposal facility in one request, through the HTTP API on both providers:
/// <c>POST /api/waste/warehouse/shipments</c> draws the manifest and signs it as consignor and carrier at the server's
/// time in one transaction. Bad input, a missing key, another collector and the wrong roles are refused and change
/// nothing; a retry with the same key ships nothing twice; the container cannot go on a second shipment. An older
/// drawn-only shipment can still be finished by its dispatcher, the server taking the time when none is given.
/// </summary>
public abstract class WarehouseShipmentApiTests(GreenIslandAppFactory factory)
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
    public async Task Ship_DrawsAndSignsInOneStepAtServerTime_RefusalsChangeNothing_AndARetryShipsOnce()
    {
        var town = App.District.TownA;
        var stock = await WarehouseStockAsync(town.Value, containers: 2);
        var dispatcher = stock.Dispatcher;
        var (disposal, disposalUser) = await App.MemberAsync(PlatformRoles.DisposalOperator, town);
        using var disposalClient = await App.SignedInAsync(disposalUser);
        var driverUser = await App.UserAsync(stock.Collector.Id, PlatformRoles.Driver);
        using var driver = await App.SignedInAsync(driverUser);
        var (strangerCollector, strangerUser) = await App.MemberAsync(PlatformRoles.CollectorDispatcher, town);
        using var stranger = await App.SignedInAsync(strangerUser);
        var strangerVehicle = await VehicleAsync(stranger, strangerCollector.SiteId.Value);
        var valid = new { receiverId = disposal.Id.Value, vehicleId = stock.VehicleId, containerIds = stock.ContainerIds };

        // Refusals, each naming its field (or role); none leaves a manifest or marks a container as shipped.
        var noKey = await dispatcher.PostJsonAsync("/api/waste/warehouse/shipments", valid).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(noKey["errors"]!["Idempotency-Key"]);
        var noVehicle = await ShipAsync(dispatcher, "s-novehicle", new { receiverId = disposal.Id.Value, vehicleId = (Guid?)null, containerIds = stock.ContainerIds })
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(noVehicle["errors"]!["vehicleId"]);
        var notAFacility = await ShipAsync(dispatcher, "s-receiver", new { receiverId = stock.Collector.Id.Value, vehicleId = stock.VehicleId, containerIds = stock.ContainerIds })
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(notAFacility["errors"]!["receiverId"]);
        var unknownContainer = await ShipAsync(dispatcher, "s-unknown",
            new { receiverId = disposal.Id.Value, vehicleId = stock.VehicleId, containerIds = new[] { stock.ContainerIds[0], Guid.NewGuid() } }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(unknownContainer["errors"]!["containerIds"]);
        var noContainers = await ShipAsync(dispatcher, "s-empty", new { receiverId = disposal.Id.Value, vehicleId = stock.VehicleId, containerIds = Array.Empty<Guid>() })
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(noContainers["errors"]!["containerIds"]);
        // Another collector cannot ship this collector's stock (not in its warehouse), even with its own vehicle.
        var foreign = await ShipAsync(stranger, "s-foreign", new { receiverId = disposal.Id.Value, vehicleId = strangerVehicle, containerIds = stock.ContainerIds })
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(foreign["errors"]!["containerIds"]);
        Assert.Null(foreign["errors"]!["vehicleId"]);
        // The right collector with another collector's vehicle: refused on the vehicle.
        var foreignVehicle = await ShipAsync(dispatcher, "s-foreign-vehicle", new { receiverId = disposal.Id.Value, vehicleId = strangerVehicle, containerIds = stock.ContainerIds })
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(foreignVehicle["errors"]!["vehicleId"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await ShipAsync(driver, "s-driver", valid)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ShipAsync(disposalClient, "s-disposal", valid)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ShipAsync(stock.Enterprise.Admin, "s-enterprise", valid)).StatusCode);
        await AssertNothingShippedAsync(dispatcher, stock);

        // One request: drawn, signed by the consignor and the carrier, in transit, all at the server's time.
        var before = Now;
        var response = await ShipAsync(dispatcher, "s-ok", valid);
        var shipped = await response.ReadJsonAsync(HttpStatusCode.Created);
        var after = Now;
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        var manifestId = (string)shipped["id"]!;
        Assert.Equal("InTransit", (string?)shipped["status"]);
        var drawnAt = Instant(shipped["createdAt"]);
        var consignorAt = Instant(shipped["generatorSignedAt"]);
        var carrierAt = Instant(shipped["carrierSignedAt"]);
        Assert.InRange(drawnAt, before.UtcDateTime.AddSeconds(-1), after.UtcDateTime.AddSeconds(1));
        Assert.Equal(drawnAt, consignorAt);
        Assert.Equal(drawnAt, carrierAt);
        Assert.Equal(disposal.Id.Value, (Guid)shipped["receiver"]!["organisationId"]!);
        Assert.Equal(2, shipped["containers"]!.AsArray().Count);
        Assert.Equal(["Drawn", "SignedByGenerator", "InTransit"], shipped["events"]!.AsArray().Select(e => (string)e!["type"]!).ToArray());
        Assert.Equal(77.5m, shipped["lines"]!.AsArray().Sum(l => (decimal)l!["quantityKg"]!));

        // On the ledger, in order, as three transitions of one manifest.
        var ledger = await App.WithDbAsync(db => db.LedgerEntries.Where(e => e.Stream == "manifest/" + manifestId).OrderBy(e => e.Sequence).Select(e => e.Type).ToListAsync());
        Assert.Equal(["ManifestDrawn", "ManifestSignedByGenerator", "ManifestInTransit"], ledger);

        // A retry with the same key (the answer was lost) returns the same manifest and ships nothing twice.
        var replay = await ShipAsync(dispatcher, "s-ok", valid);
        var replayed = await replay.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(manifestId, (string?)replayed["id"]);
        Assert.Single(await ShipmentsAsync(disposal.Id.Value));

        // A new key for the same containers: already on a shipment.
        var twice = await ShipAsync(dispatcher, "s-again", valid).ExpectJson(HttpStatusCode.BadRequest);
        Assert.Contains("already", (string?)twice["errors"]!["containerIds"]![0], StringComparison.Ordinal);
        Assert.Single(await ShipmentsAsync(disposal.Id.Value));

        // In stock until the facility receives them, marked with the shipment.
        var rows = (await dispatcher.GetAsync("/api/waste/warehouse/stock").ExpectJson(HttpStatusCode.OK)).AsArray()
            .Where(s => stock.ContainerIds.Contains((Guid)s!["containerId"]!)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((manifestId, "InTransit"), ((string?)r!["shipmentManifestId"], (string?)r["shipmentStatus"])));

        // The facility can receive it right away: the shipment is complete without any further request.
        await disposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/receive",
            new { receivedAt = Now, lines = shipped["lines"]!.AsArray().Select(l => new { lineNo = (int)l!["lineNo"]!, receivedKg = (decimal)l["quantityKg"]! }).ToArray() })
            .Expect(HttpStatusCode.OK);
        Assert.DoesNotContain((await dispatcher.GetAsync("/api/waste/warehouse/stock").ExpectJson(HttpStatusCode.OK)).AsArray(),
            s => stock.ContainerIds.Contains((Guid)s!["containerId"]!));
    }

    [Fact]
    public async Task AnOlderDrawnOnlyShipment_IsFinishedByItsDispatcher_AtServerTimeWhenNoneIsGiven()
    {
        var town = App.District.TownA;
        var (collector, dispatcherUser) = await App.MemberAsync(PlatformRoles.CollectorDispatcher, town);
        using var dispatcher = await App.SignedInAsync(dispatcherUser);
        var (disposal, _) = await App.MemberAsync(PlatformRoles.DisposalOperator, town);
        var (enterprise, enterpriseUser) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin, town);
        using var enterpriseAdmin = await App.SignedInAsync(enterpriseUser);

        // As the page left it before the one-step shipment: drawn up from the warehouse, not signed.
        var draft = await DrawnShipmentAsync(collector, disposal);
        var before = Now;
        var consignor = await SignAsync(dispatcher, $"/api/waste/manifests/{draft}/sign-generator", "old-gen", new { }).ExpectJson(HttpStatusCode.OK);
        var carrier = await SignAsync(dispatcher, $"/api/waste/manifests/{draft}/sign-carrier", "old-car", new { }).ExpectJson(HttpStatusCode.OK);
        var after = Now;
        Assert.Equal("SignedByGenerator", (string?)consignor["status"]);
        Assert.Equal("InTransit", (string?)carrier["status"]);
        Assert.InRange(Instant(carrier["generatorSignedAt"]), before.UtcDateTime.AddSeconds(-1), after.UtcDateTime.AddSeconds(1));
        Assert.InRange(Instant(carrier["carrierSignedAt"]), Instant(carrier["generatorSignedAt"]), after.UtcDateTime.AddSeconds(1));

        // Only there: a generator signing its own collection manifest still gives the instant (400 on the field, unchanged).
        var collection = await App.ManifestAsync(enterprise, collector, collector, ManifestStatus.Draft);
        var missing = await SignAsync(enterpriseAdmin, $"/api/waste/manifests/{collection}/sign-generator", "coll-gen", new { }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(missing["errors"]!["signedAt"]);
        Assert.Equal("Draft", (string?)(await enterpriseAdmin.GetAsync($"/api/waste/manifests/{collection}").ExpectJson(HttpStatusCode.OK))["status"]);
    }

    private sealed record Stock(WasteEnterprise Enterprise, TestOrganisation Collector, ApiClient Dispatcher, string VehicleId, Guid[] ContainerIds);

    /// <summary>
    /// Containers in a new collector's transfer warehouse, the way they get there: deposited, pickup requested by the
    /// fill rule, a trip planned and published, weighed (38.5 kg and 39 kg), confirmed with the security code, carried,
    /// received into the warehouse and accepted.
    /// </summary>
    private async Task<Stock> WarehouseStockAsync(Guid town, int containers)
    {
        var enterprise = await App.EnterpriseWithCabinetAsync(town: town);
        var (collector, dispatcherUser) = await App.MemberAsync(PlatformRoles.CollectorDispatcher, new GreenIsland.Platform.Contracts.Identifiers.JurisdictionId(town));
        var driverUser = await App.UserAsync(collector.Id, PlatformRoles.Driver);
        var dispatcher = await App.SignedInAsync(dispatcherUser);
        using var driver = await App.SignedInAsync(driverUser);
        await enterprise.Admin.PostJsonAsync("/api/waste/service-agreements",
            new { collectorId = collector.Id.Value, generatorId = enterprise.Organisation.Id.Value, validFrom = "2026-01-01" }).Expect(HttpStatusCode.Created);
        var vehicleId = await VehicleAsync(dispatcher, collector.SiteId.Value);
        var stream = await enterprise.StreamAsync("900-041-49", "含油废抹布", "General");
        var codes = new List<string>();
        var ids = new List<Guid>();
        for (var i = 0; i < containers; i++)
        {
            var deposited = await enterprise.Admin.PostJsonAsync("/api/waste/containers",
                new { cabinetId = enterprise.CabinetId, compartmentNumber = 1, streamId = stream, weightKg = 40m, volumeLitres = 60 }).ExpectJson(HttpStatusCode.Created);
            codes.Add((string)deposited["code"]!);
            ids.Add(Guid.Parse((string)deposited["id"]!));
        }

        // The reading is stamped a second before it is sent: let the deposits be older than that.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await App.IngestAndDeliverAsync(enterprise, ("fill_ratio", 0.9));
        var today = Now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var plan = await dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = today, receiverId = collector.Id.Value }).ExpectJson(HttpStatusCode.OK);
        var trip = Assert.Single(plan["trips"]!.AsArray())!;
        var stopId = (string)trip["stops"]![0]!["id"]!;
        await dispatcher.PostJsonAsync($"/api/waste/dispatch/trips/{(string)trip["id"]!}/publish", new { driverUserId = driverUser.Id }).Expect(HttpStatusCode.OK);
        for (var i = 0; i < codes.Count; i++)
        {
            await SignAsync(driver, $"/api/waste/driver/stops/{stopId}/items", $"weigh-{i}", new { containerCode = codes[i], weightKg = 38.5m + (0.5m * i), weighedAt = Now })
                .ExpectJson(HttpStatusCode.Created);
        }

        var securityCode = (string)(await enterprise.Admin.GetAsync($"/api/waste/stops/{stopId}/security-code").ExpectJson(HttpStatusCode.OK))["securityCode"]!;
        var collection = await SignAsync(driver, $"/api/waste/driver/stops/{stopId}/confirm", "confirm", new { securityCode, signedAt = Now }).ExpectJson(HttpStatusCode.OK);
        var collectionId = (string)collection["id"]!;
        await SignAsync(driver, $"/api/waste/manifests/{collectionId}/sign-carrier", "carrier", new { signedAt = Now }).ExpectJson(HttpStatusCode.OK);
        await dispatcher.PostJsonAsync($"/api/waste/manifests/{collectionId}/receive",
            new { receivedAt = Now, containers = ids.Select((id, i) => new { containerId = id, receivedKg = 38.5m + (0.5m * i) }).ToArray() }).Expect(HttpStatusCode.OK);
        await dispatcher.PostJsonAsync($"/api/waste/manifests/{collectionId}/decision", new { decidedAt = Now, decision = "Accepted" }).Expect(HttpStatusCode.OK);
        return new Stock(enterprise, collector, dispatcher, vehicleId, [.. ids]);
    }

    private static async Task<string> VehicleAsync(ApiClient dispatcher, Guid depotSiteId)
    {
        var vehicle = await dispatcher.PostJsonAsync("/api/waste/vehicles", new
        {
            plate = Arrange.Unique("苏E")[..8], permitNumber = "苏危运-2026-021", categories = new[] { "HW49" }, capacityKg = 2000,
            shiftStart = "08:00", shiftEnd = "18:00", depotSiteId,
        }).ExpectJson(HttpStatusCode.Created);
        return (string)vehicle["id"]!;
    }

    private async Task AssertNothingShippedAsync(ApiClient dispatcher, Stock stock)
    {
        var rows = (await dispatcher.GetAsync("/api/waste/warehouse/stock").ExpectJson(HttpStatusCode.OK)).AsArray()
            .Where(s => stock.ContainerIds.Contains((Guid)s!["containerId"]!)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((true, null), ((bool)r!["inWarehouse"]!, (string?)r["shipmentManifestId"])));
        Assert.Empty(await App.WithScopeAsync(sp => sp.GetRequiredService<WasteDbContext>().Set<Manifest>().IgnoreQueryFilters()
            .Where(m => m.CarrierId == stock.Collector.Id && m.ReceiverId != stock.Collector.Id).Select(m => m.Id).ToListAsync()));
    }

    private Task<List<Guid>> ShipmentsAsync(Guid receiver) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<WasteDbContext>().Set<Manifest>().IgnoreQueryFilters()
            .Where(m => m.ReceiverId == new GreenIsland.Platform.Contracts.Identifiers.OrganisationId(receiver)).Select(m => m.Id).ToListAsync());

    /// <summary>A shipment manifest drawn up from the collector's warehouse to the facility and left unsigned (one line, one container).</summary>
    private Task<Guid> DrawnShipmentAsync(TestOrganisation collector, TestOrganisation disposal) =>
        App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WasteDbContext>();
            var recorder = sp.GetRequiredService<ManifestRecorder>();
            var drawnAt = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-30);
            var number = NumberFor(drawnAt);
            var manifest = Manifest.Draw(Guid.CreateVersion7(), number, null,
                new ManifestParties(collector.Id, null, collector.Name, App.District.DistrictId, collector.TownId, collector.Id, collector.Name, null, "苏E·W0001",
                    "苏危运-2026-021", disposal.Id, disposal.Name),
                [new ManifestLineDraft("900-041-49", "含油废抹布", "HW49", "T,In", "固态", "吨袋", 1, 38_500, true)], drawnAt, "user:test");
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Add(manifest);
            await db.SaveChangesAsync();
            await recorder.RecordAsync(db, manifest, [ManifestRecorder.Drawn(manifest)], CancellationToken.None);
            await transaction.CommitAsync();
            return manifest.Id;
        });

    private static string NumberFor(DateTime at) =>
        (at.Year.ToString(CultureInfo.InvariantCulture) + "3298" + Random.Shared.Next(0, 1_000_000).ToString("000000", CultureInfo.InvariantCulture))[..14];

    private static Task<HttpResponseMessage> ShipAsync(ApiClient client, string key, object body) =>
        SignAsync(client, "/api/waste/warehouse/shipments", key, body);

    private static Task<HttpResponseMessage> SignAsync(ApiClient client, string path, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body, options: Json.Options) };
        request.Headers.Add("Idempotency-Key", key); // keys are per user, and every test signs in new users
        return client.Http.SendAsync(request);
    }

    private static DateTime Instant(JsonNode? node) => DateTime.Parse((string)node!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}

[Collection(SqliteCollection.Name)]
public sealed class WarehouseShipmentApiTestsOnSqlite(SqliteAppFactory factory) : WarehouseShipmentApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class WarehouseShipmentApiTestsOnPostgreSql(PostgresAppFactory factory) : WarehouseShipmentApiTests(factory);
