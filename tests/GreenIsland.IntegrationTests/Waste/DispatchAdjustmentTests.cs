using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.SharedKernel.Geography;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Waste.Features.Dispatch;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// Issue 5 §4 through the HTTP API, on both providers: the dispatcher plans a day that needs two trips (two vehicles of
/// 150 kg for 200 kg of waste), moves a stop from one trip to the other, locks a route; changes to the locked route are
/// refused with a ProblemDetails and change nothing; re-planning the day keeps the locked route as it was; the driver
/// sees a trip only once it is published to them.
/// </summary>
public abstract class DispatchAdjustmentTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    [Fact]
    public async Task PlanMoveLockReplanPublish_LockedRouteIsKept_AndChangesToItAreRefused()
    {
        var app = App;
        var town = app.District.TownA;
        var (collector, dispatcherUser) = await app.MemberAsync(PlatformRoles.CollectorDispatcher, town);
        var driverUser = await app.UserAsync(collector.Id, PlatformRoles.Driver);
        var (disposal, _) = await app.MemberAsync(PlatformRoles.DisposalOperator, town);
        using var dispatcher = await app.SignedInAsync(dispatcherUser);
        using var driver = await app.SignedInAsync(driverUser);
        var today = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var prefix in new[] { "苏E", "苏F" })
        {
            await dispatcher.PostJsonAsync("/api/waste/vehicles", new
            {
                plate = Arrange.Unique(prefix)[..8],
                permitNumber = "苏危运-2026-002",
                categories = new[] { "HW49" },
                capacityKg = 150,
                shiftStart = "08:00",
                shiftEnd = "18:00",
                depotSiteId = collector.SiteId.Value,
            }).Expect(HttpStatusCode.Created);
        }

        // 100 + 80 + 20 kg: no vehicle of 150 kg takes it all, so the day has two trips.
        var a = await FullCabinetAsync(app, collector, 100m, 31.72, 120.02);
        var b = await FullCabinetAsync(app, collector, 80m, 31.68, 119.97);
        var c = await FullCabinetAsync(app, collector, 20m, 31.74, 119.99);
        var plan = await dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = today, receiverId = disposal.Id.Value }).ExpectJson(HttpStatusCode.OK);
        Assert.True((bool)plan["feasible"]!, plan.ToJsonString());
        Assert.Empty(plan["unplanned"]!.AsArray());
        var trips = plan["trips"]!.AsArray();
        Assert.Equal(2, trips.Count);
        Assert.All(trips, t => Assert.Equal("Draft", (string?)t!["status"]));
        Assert.Equal(3, trips.Sum(t => t!["stops"]!.AsArray().Count));

        // Nothing is visible to the driver before publishing.
        Assert.Empty((await driver.GetAsync($"/api/waste/driver/trips?date={today}").ExpectJson(HttpStatusCode.OK)).AsArray());

        // Move the 20 kg stop to the front of the other trip.
        var cStop = StopOf(trips, c)!;
        var source = TripOf(trips, c);
        var target = trips.Single(t => t != source)!;
        var targetId = (string)target["id"]!;
        var sourceId = (string)source["id"]!;
        var moved = (await dispatcher.PostJsonAsync($"/api/waste/dispatch/trips/{targetId}/stops", new { stopId = (string)cStop["id"]!, position = 1 })
            .ExpectJson(HttpStatusCode.OK)).AsArray();
        var day = (await dispatcher.GetAsync($"/api/waste/dispatch/trips?date={today}").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Equal(moved.ToJsonString(), day.ToJsonString());
        var targetNow = day.Single(t => (string?)t!["id"] == targetId)!;
        var sourceNow = day.Single(t => (string?)t!["id"] == sourceId)!;
        var targetStops = targetNow["stops"]!.AsArray();
        Assert.Equal((string?)cStop["id"], (string?)targetStops[0]!["id"]);
        Assert.Equal(Enumerable.Range(1, targetStops.Count), targetStops.Select(s => (int)s!["sequence"]!));
        Assert.Equal(target["stops"]!.AsArray().Count + 1, targetStops.Count);
        Assert.DoesNotContain(sourceNow["stops"]!.AsArray(), s => (string?)s!["id"] == (string?)cStop["id"]);
        Assert.Equal(source["stops"]!.AsArray().Count - 1, sourceNow["stops"]!.AsArray().Count);
        Assert.Equal(targetStops.Sum(s => (decimal)s!["estimatedKg"]!), (decimal)targetNow["loadKg"]!);

        // Lock the target route.
        var locked = await dispatcher.PostJsonAsync($"/api/waste/dispatch/trips/{targetId}/lock", new { locked = true }).ExpectJson(HttpStatusCode.OK);
        Assert.True((bool)locked["locked"]!);
        var lockedDay = (await dispatcher.GetAsync($"/api/waste/dispatch/trips?date={today}").ExpectJson(HttpStatusCode.OK)).ToJsonString();

        // Moving a stop out of, within or into the locked route is refused with a ProblemDetails; nothing changes.
        var otherStop = sourceNow["stops"]!.AsArray()[0]!;
        foreach (var (tripId, stopId, position) in new[]
                 {
                     (sourceId, (string)cStop["id"]!, 1),
                     (targetId, (string)cStop["id"]!, 2),
                     (targetId, (string)otherStop["id"]!, 1),
                 })
        {
            var refused = await dispatcher.PostJsonAsync($"/api/waste/dispatch/trips/{tripId}/stops", new { stopId, position }).ExpectJson(HttpStatusCode.Conflict);
            Assert.Equal("LockedTripsAreNotChanged", (string?)refused["title"]);
            Assert.Contains((string)targetNow["code"]!, (string?)refused["detail"], StringComparison.Ordinal);
        }

        Assert.Equal(lockedDay, (await dispatcher.GetAsync($"/api/waste/dispatch/trips?date={today}").ExpectJson(HttpStatusCode.OK)).ToJsonString());

        // A new request arrives and the day is planned again: the locked route is kept exactly; the new stop goes elsewhere.
        var d = await FullCabinetAsync(app, collector, 30m, 31.71, 120.04);
        var replan = await dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = today, receiverId = disposal.Id.Value }).ExpectJson(HttpStatusCode.OK);
        Assert.True((bool)replan["feasible"]!, replan.ToJsonString());
        Assert.Empty(replan["unplanned"]!.AsArray());
        var replanned = replan["trips"]!.AsArray();
        var kept = replanned.Single(t => (string?)t!["id"] == targetId)!;
        Assert.Equal(JsonNode.Parse(lockedDay)!.AsArray().Single(t => (string?)t!["id"] == targetId)!.ToJsonString(), kept.ToJsonString());
        Assert.NotEqual(targetId, (string?)TripOf(replanned, d)["id"]);
        Assert.Equal(4, replanned.Sum(t => t!["stops"]!.AsArray().Count));
        Assert.NotNull(StopOf(replanned, a));
        Assert.NotNull(StopOf(replanned, b));

        // Publishing makes the trip visible to the driver, its stops in order.
        var published = await dispatcher.PostJsonAsync($"/api/waste/dispatch/trips/{targetId}/publish", new { driverUserId = driverUser.Id }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Published", (string?)published["status"]);
        var mine = Assert.Single((await driver.GetAsync($"/api/waste/driver/trips?date={today}").ExpectJson(HttpStatusCode.OK)).AsArray())!;
        Assert.Equal(targetId, (string?)mine["id"]);
        Assert.Equal(kept["stops"]!.AsArray().Select(s => (string?)s!["id"]), mine["stops"]!.AsArray().Select(s => (string?)s!["id"]));
    }

    [Fact]
    public async Task Plan_WhenARequestLeavesTheQueueDuringTheSolve_Is409DayChangedWhilePlanning_AndSavesNothing()
    {
        var app = App;
        var (collector, dispatcher, disposal, today) = await CollectorWithVehicleAsync(app);
        var a = await FullCabinetAsync(app, collector, 40m, 31.72, 120.02);
        var b = await FullCabinetAsync(app, collector, 30m, 31.68, 119.97);
        var queue = (await dispatcher.GetAsync("/api/waste/pickup-requests?status=Open").ExpectJson(HttpStatusCode.OK)).AsArray();
        var bRequest = (string)queue.Single(r => (string?)r!["organisationId"] == b.Id.Value.ToString())!["id"]!;
        var stream = $"dispatch/{collector.Id.Value}/{today}";

        // While the solver works on a and b, b's request is cancelled (another request, another transaction): the plan
        // built with b is not saved.
        var hooks = app.Services.GetRequiredService<DispatchPlanningHooks>();
        var hookRan = false;
        using (hooks.BeforeSolve(collector.Id, async _ =>
               {
                   await dispatcher.PostJsonAsync($"/api/waste/pickup-requests/{bRequest}/cancel", new { reason = "企业已委托其他单位 / collected by another company" })
                       .Expect(HttpStatusCode.OK);
                   hookRan = true;
               }))
        {
            var refused = await dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = today, receiverId = disposal.Id.Value }).ExpectJson(HttpStatusCode.Conflict);
            Assert.Equal("DayChangedWhilePlanning", (string?)refused["title"]);
            Assert.Contains("Plan the day again", (string?)refused["detail"], StringComparison.Ordinal);
        }

        Assert.True(hookRan);
        Assert.Empty((await dispatcher.GetAsync($"/api/waste/dispatch/trips?date={today}").ExpectJson(HttpStatusCode.OK)).AsArray());
        Assert.Equal(0, await app.WithDbAsync(db => db.LedgerEntries.IgnoreQueryFilters().CountAsync(e => e.Stream == stream)));

        // Planning again plans what is in the queue now: a, without b.
        var plan = await dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = today, receiverId = disposal.Id.Value }).ExpectJson(HttpStatusCode.OK);
        var trips = plan["trips"]!.AsArray();
        Assert.NotNull(StopOf(trips, a));
        Assert.Null(StopOf(trips, b));
        Assert.Equal(1, await app.WithDbAsync(db => db.LedgerEntries.IgnoreQueryFilters().CountAsync(e => e.Stream == stream && e.Type == "DayPlanned")));
    }

    [Fact]
    public async Task Plan_SolvesWithoutHoldingTheWriteLock_OtherWritersCommitMeanwhile_AndANewRequestWaitsForTheNextPlan()
    {
        var app = App;
        var (collector, dispatcher, disposal, today) = await CollectorWithVehicleAsync(app);
        var (a, aDevice, aKey) = await FullCabinetWithDeviceAsync(app, collector, 40m, 31.72, 120.02);

        // While the day is being solved: a Telemetry reading is ingested and delivered to Waste (the cabinet's fill is
        // written), and a new generator is arranged whose cabinet raises a pickup request. On SQLite every one of these
        // writes needs the database's write lock, so each would wait for the planner if it held a transaction.
        TestOrganisation? late = null;
        var hooks = app.Services.GetRequiredService<DispatchPlanningHooks>();
        JsonNode plan;
        using (hooks.BeforeSolve(collector.Id, async _ =>
               {
                   await ReadingAsync(app, aDevice, aKey, 0.95, TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(1));
                   late = await FullCabinetAsync(app, collector, 20m, 31.74, 119.99);
               }))
        {
            plan = await dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = today, receiverId = disposal.Id.Value }).ExpectJson(HttpStatusCode.OK);
        }

        Assert.NotNull(late);
        var trips = plan["trips"]!.AsArray();
        Assert.NotNull(StopOf(trips, a));
        Assert.Null(StopOf(trips, late));
        using (var admin = await app.SignedInAsync(await app.UserAsync(a.Id, PlatformRoles.EnterpriseAdmin)))
        {
            var cabinets = (await admin.GetAsync("/api/waste/cabinets").ExpectJson(HttpStatusCode.OK)).AsArray();
            Assert.Equal(0.95, (double)Assert.Single(cabinets)!["fillRatio"]!, 3);
        }

        var open = (await dispatcher.GetAsync("/api/waste/pickup-requests?status=Open").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Contains(open, r => (string?)r!["organisationId"] == late.Id.Value.ToString());
    }

    /// <summary>A collector with a dispatcher (signed in), one 150 kg vehicle for HW49, a disposal facility, and today's date (China) as text.</summary>
    private static async Task<(TestOrganisation Collector, ApiClient Dispatcher, TestOrganisation Disposal, string Today)> CollectorWithVehicleAsync(GreenIslandAppFactory app)
    {
        var town = app.District.TownA;
        var (collector, dispatcherUser) = await app.MemberAsync(PlatformRoles.CollectorDispatcher, town);
        var (disposal, _) = await app.MemberAsync(PlatformRoles.DisposalOperator, town);
        var dispatcher = await app.SignedInAsync(dispatcherUser);
        await dispatcher.PostJsonAsync("/api/waste/vehicles", new
        {
            plate = Arrange.Unique("苏E")[..8],
            permitNumber = "苏危运-2026-002",
            categories = new[] { "HW49" },
            capacityKg = 150,
            shiftStart = "08:00",
            shiftEnd = "18:00",
            depotSiteId = collector.SiteId.Value,
        }).Expect(HttpStatusCode.Created);
        var today = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return (collector, dispatcher, disposal, today);
    }

    private static JsonNode? StopOf(JsonArray trips, TestOrganisation generator) =>
        trips.SelectMany(t => t!["stops"]!.AsArray()).SingleOrDefault(s => (string?)s!["generatorId"] == generator.Id.Value.ToString());

    private static JsonNode TripOf(JsonArray trips, TestOrganisation generator) =>
        trips.Single(t => t!["stops"]!.AsArray().Any(s => (string?)s!["generatorId"] == generator.Id.Value.ToString()))!;

    /// <summary>A generator served by the collector, its site at a place of its own, with a cabinet holding one container of the given weight, read 90 % full.</summary>
    private static async Task<TestOrganisation> FullCabinetAsync(GreenIslandAppFactory app, TestOrganisation collector, decimal kg, double latitude, double longitude) =>
        (await FullCabinetWithDeviceAsync(app, collector, kg, latitude, longitude)).Generator;

    private static async Task<(TestOrganisation Generator, Guid DeviceId, string Key)> FullCabinetWithDeviceAsync(GreenIslandAppFactory app, TestOrganisation collector,
        decimal kg, double latitude, double longitude)
    {
        var (generator, admin) = await app.MemberAsync(PlatformRoles.EnterpriseAdmin, app.District.TownA);
        await app.WithDbAsync(async db =>
        {
            var site = await db.Sites.SingleAsync(s => s.Id == generator.SiteId);
            var town = await db.Jurisdictions.SingleAsync(j => j.Id == generator.TownId);
            Assert.True(GeoPoint.TryCreate(latitude, longitude, out var location, out _, out _));
            site.Update(site.Name, site.Address, town, location, site.IndustryClassCode, TimeProvider.System.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });
        using var client = await app.SignedInAsync(admin);
        var today = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await client.PostJsonAsync("/api/waste/service-agreements",
            new { collectorId = collector.Id.Value, generatorId = generator.Id.Value, validFrom = "2026-01-01" }).Expect(HttpStatusCode.Created);
        var (deviceId, key, cabinetId) = await CabinetAsync(client, generator);
        var stream = await client.PostJsonAsync("/api/waste/streams", new
        {
            siteId = generator.SiteId.Value,
            edition = "2025",
            wasteCode = "900-041-49",
            name = "含油废抹布",
            physicalForm = "Solid",
            characteristics = new[] { "T", "In" },
            packaging = "编织袋",
            expectedAnnualKg = 800m,
            compatibilityGroup = "General",
        }).ExpectJson(HttpStatusCode.Created);
        await client.PostJsonAsync("/api/waste/containers", new
        {
            cabinetId,
            compartmentNumber = 1,
            streamId = (string)stream["id"]!,
            weightKg = kg,
            volumeLitres = 60,
            generatedOn = today,
            mainComponents = "矿物油、棉纤维",
            precautions = "远离火源",
        }).Expect(HttpStatusCode.Created);
        await ReadingAsync(app, deviceId, key, 0.9, TimeProvider.System.GetUtcNow().UtcDateTime);
        return (generator, deviceId, key);
    }

    /// <summary>A storage-cabinet device (reporting every 300 s) with its key, and the cabinet on it.</summary>
    internal static async Task<(Guid DeviceId, string Key, string CabinetId)> CabinetAsync(ApiClient client, TestOrganisation generator)
    {
        var device = await client.PostJsonAsync("/api/devices", new { siteId = generator.SiteId.Value, name = "危废暂存柜", kind = "StorageCabinet" })
            .ExpectJson(HttpStatusCode.Created);
        var deviceId = Guid.Parse((string)device["id"]!);
        var key = (string)(await client.SendAsync(HttpMethod.Post, $"/api/devices/{deviceId}/keys").ExpectJson(HttpStatusCode.Created))["key"]!;
        await client.PutJsonAsync($"/api/telemetry/devices/{deviceId}", new { type = "StorageCabinet", intervalSeconds = 300, isActive = true }).Expect(HttpStatusCode.OK);
        var cabinet = await client.PostJsonAsync("/api/waste/cabinets", new
        {
            deviceId,
            name = "1号柜",
            compartments = new[] { new { number = 1, name = "A", capacityLitres = 400, allowedGroup = "General" } },
        }).ExpectJson(HttpStatusCode.Created);
        return (deviceId, key, (string)cabinet["id"]!);
    }

    /// <summary>A fill reading through the real ingest at the given time, then the Telemetry outbox delivers the event to Waste.</summary>
    internal static async Task ReadingAsync(GreenIslandAppFactory app, Guid deviceId, string key, double fill, DateTime ts)
    {
        using var client = app.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings")
        {
            Content = System.Net.Http.Json.JsonContent.Create(
                new { readings = new[] { new { deviceId, metric = "fill_ratio", ts, value = fill } } }, options: Json.Options),
        };
        request.Headers.Add("X-Device-Key", key);
        var response = await client.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await app.WithScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync(TimeProvider.System.GetUtcNow().UtcDateTime, CancellationToken.None));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DispatchAdjustmentTestsOnSqlite(SqliteAppFactory factory) : DispatchAdjustmentTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DispatchAdjustmentTestsOnPostgreSql(PostgresAppFactory factory) : DispatchAdjustmentTests(factory);
