using System.Globalization;
using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Waste.Features.Manifests;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// Issue 5 §6f/§6g through the API and the overdue rule, on both providers: a received manifest's confirmation
/// deadline is the fifth working day after receipt; the receiver's silence past it raises exactly one overdue alert,
/// seen by the generator, its collector and its regulator; the alert is not raised again, and not after the receiver
/// confirms.
/// </summary>
public abstract class ManifestOverdueTests(GreenIslandAppFactory factory)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    [Fact]
    public async Task ReceiptNotConfirmedWithinFiveWorkingDays_RaisesOneOverdueAlert_SeenByTheParties_ClosedWhenTheReceiverDecides()
    {
        var w = await CollectionScenarioTests.World.CreateAsync(App);
        var manifestId = await w.ReceivedManifestAsync(50m, 50m);
        var manifest = await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK);
        var number = (string)manifest["number"]!;
        var receivedOn = DateOnly.FromDateTime(((DateTime)manifest["receivedAt"]!).ToUniversalTime().Add(China));

        // Counted by hand: the calendar data has no public holiday or make-up day from 11 October 2026 on, so for a
        // receipt in that range the deadline is the fifth Monday-Friday after the day of receipt.
        Assert.True(receivedOn > new DateOnly(2026, 10, 10), "This test assumes a receipt after the last 2026 arrangement (10 October 2026).");
        var expected = receivedOn;
        for (var counted = 0; counted < 5;)
        {
            expected = expected.AddDays(1);
            if (expected.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                counted++;
            }
        }

        Assert.Equal(expected.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string?)manifest["confirmationDeadline"]);
        Assert.False((bool)manifest["overdue"]!);

        // The rule at the last minute of the deadline day raises nothing; one minute later, one alert.
        var lastMinute = new DateTimeOffset(expected.ToDateTime(new TimeOnly(23, 59)), China).UtcDateTime;
        await RunRuleAsync(lastMinute);
        Assert.Empty(await OverdueAlertsAsync(w.GeneratorClient, manifestId));
        await RunRuleAsync(lastMinute.AddMinutes(2));
        var alert = Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId))!;
        Assert.Equal("Open", (string?)alert["status"]);
        Assert.Contains(number, (string?)alert["message"], StringComparison.Ordinal);
        Assert.Contains(expected.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string?)alert["message"], StringComparison.Ordinal);
        Assert.Equal(w.Generator.Id.Value.ToString(), (string?)alert["organisationId"]);
        Assert.Single(await OverdueAlertsAsync(w.Dispatcher, manifestId));
        Assert.Single(await OverdueAlertsAsync(w.Regulator, manifestId));

        // Running again (the job runs every 15 minutes) does not repeat it.
        await RunRuleAsync(lastMinute.AddDays(1));
        Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId));

        // The receiver confirms late: the next run closes the alert with that reason, and raises no other.
        await w.DisposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/decision",
            new { decidedAt = TimeProvider.System.GetUtcNow(), decision = "Accepted" }).Expect(HttpStatusCode.OK);
        Assert.Equal("Open", (string?)Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId))!["status"]);
        await RunRuleAsync(lastMinute.AddDays(3));
        var closed = Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId))!;
        Assert.Equal("Closed", (string?)closed["status"]);
        Assert.Contains("confirmed manifest " + number + " late", (string?)closed["closeReason"], StringComparison.Ordinal);
        await RunRuleAsync(lastMinute.AddDays(4));
        Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId));
        var accepted = await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Accepted", (string?)accepted["status"]);
    }

    [Fact]
    public async Task ReceivedJustBeforeNationalDay2026_DeadlineCountsTheHolidaysAndTheMakeUpSaturday_AlertOnlyAfterIt()
    {
        // The shipped calendar (china-holidays.json, State Council notice of 2025-11-04): National Day 1-7 October 2026
        // off; Saturday 10 October a make-up working day. Received Tuesday 29 September: working days Wed 30 Sep (1),
        // Thu 8 Oct (2), Fri 9 Oct (3), Sat 10 Oct (4, the make-up day), Mon 12 Oct (5). Counting weekdays only would
        // give Tue 6 Oct; forgetting the make-up day would give Tue 13 Oct.
        await using var app = await App.CreateIsolatedAsync();
        var clock = new Telemetry.FakeTimeProvider(new DateTimeOffset(2026, 9, 29, 9, 0, 0, China));
        await using var host = app.At(clock);
        var town = app.District.TownA;
        var (generator, generatorAdminUser) = await app.MemberAsync(PlatformRoles.EnterpriseAdmin, town);
        var (collector, dispatcherUser) = await app.MemberAsync(PlatformRoles.CollectorDispatcher, town);
        var driverUser = await app.UserAsync(collector.Id, PlatformRoles.Driver);
        var (disposal, disposalUser) = await app.MemberAsync(PlatformRoles.DisposalOperator, town);
        using var enterprise = await host.SignedInAtAsync(generatorAdminUser);
        using var dispatcher = await host.SignedInAtAsync(dispatcherUser);
        using var driver = await host.SignedInAtAsync(driverUser);
        using var receiver = await host.SignedInAtAsync(disposalUser);
        string Now() => clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

        // The enterprise's cabinet, stream and container; it asks for a pickup on the 29th.
        await enterprise.PostJsonAsync("/api/waste/service-agreements",
            new { collectorId = collector.Id.Value, generatorId = generator.Id.Value, validFrom = "2026-01-01" }).Expect(HttpStatusCode.Created);
        var device = await enterprise.PostJsonAsync("/api/devices", new { siteId = generator.SiteId.Value, name = "危废暂存柜", kind = "StorageCabinet" })
            .ExpectJson(HttpStatusCode.Created);
        await enterprise.PutJsonAsync($"/api/telemetry/devices/{(string)device["id"]!}", new { type = "StorageCabinet", intervalSeconds = 300, isActive = true })
            .Expect(HttpStatusCode.OK);
        var cabinet = await enterprise.PostJsonAsync("/api/waste/cabinets", new
        {
            deviceId = (string)device["id"]!,
            name = "1号柜",
            compartments = new[] { new { number = 1, capacityLitres = 400 } },
        }).ExpectJson(HttpStatusCode.Created);
        var stream = await enterprise.PostJsonAsync("/api/waste/streams", new
        {
            siteId = generator.SiteId.Value, wasteCode = "900-041-49", name = "含油废抹布", physicalForm = "Solid", packaging = "编织袋",
            expectedAnnualKg = 800m, compatibilityGroup = "General",
        }).ExpectJson(HttpStatusCode.Created);
        var container = await enterprise.PostJsonAsync("/api/waste/containers", new
        {
            cabinetId = (string)cabinet["id"]!, compartmentNumber = 1, streamId = (string)stream["id"]!, weightKg = 40m, volumeLitres = 60,
        }).ExpectJson(HttpStatusCode.Created);
        await enterprise.PostJsonAsync("/api/waste/pickup-requests", new { cabinetId = (string)cabinet["id"]!, note = "节前清运" }).Expect(HttpStatusCode.Created);

        // The collector plans and publishes the day; the driver weighs, the generator confirms, the carrier signs.
        await dispatcher.PostJsonAsync("/api/waste/vehicles", new
        {
            plate = Arrange.Unique("苏E")[..8], permitNumber = "苏危运-2026-010", categories = new[] { "HW49" }, capacityKg = 2000,
            shiftStart = "08:00", shiftEnd = "18:00", depotSiteId = collector.SiteId.Value,
        }).Expect(HttpStatusCode.Created);
        var plan = await dispatcher.PostJsonAsync("/api/waste/dispatch/plans", new { date = "2026-09-29", receiverId = disposal.Id.Value }).ExpectJson(HttpStatusCode.OK);
        var trip = Assert.Single(plan["trips"]!.AsArray())!;
        var stopId = (string)trip["stops"]![0]!["id"]!;
        await dispatcher.PostJsonAsync($"/api/waste/dispatch/trips/{(string)trip["id"]!}/publish", new { driverUserId = driverUser.Id }).Expect(HttpStatusCode.OK);
        clock.Advance(TimeSpan.FromHours(1));
        await DriverAsync(driver, $"/api/waste/driver/stops/{stopId}/items", "h-weigh", new { containerCode = (string)container["code"]!, weightKg = 40m, weighedAt = Now() })
            .Expect(HttpStatusCode.Created);
        var code = (string)(await enterprise.GetAsync($"/api/waste/stops/{stopId}/security-code").ExpectJson(HttpStatusCode.OK))["securityCode"]!;
        clock.Advance(TimeSpan.FromMinutes(5));
        var signed = await DriverAsync(driver, $"/api/waste/driver/stops/{stopId}/confirm", "h-confirm", new { securityCode = code, signedAt = Now() })
            .ExpectJson(HttpStatusCode.OK);
        var manifestId = (string)signed["id"]!;
        clock.Advance(TimeSpan.FromMinutes(5));
        await DriverAsync(driver, $"/api/waste/manifests/{manifestId}/sign-carrier", "h-carrier", new { signedAt = Now() }).Expect(HttpStatusCode.OK);

        // Received the same afternoon (Tuesday 29 September, China time).
        clock.Advance(TimeSpan.FromHours(4));
        await receiver.PostJsonAsync($"/api/waste/manifests/{manifestId}/receive", new { receivedAt = Now(), lines = new[] { new { lineNo = 1, receivedKg = 40m } } })
            .Expect(HttpStatusCode.OK);
        var manifest = await enterprise.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("2026-10-12", (string?)manifest["confirmationDeadline"]);
        Assert.False((bool)manifest["confirmationDeadlineProvisional"]!);

        // The rule: nothing after the weekday-only deadline (6 Oct), nothing at the end of 12 October, one alert a
        // minute into 13 October (so the make-up Saturday counted: without it the 13th would still be in time).
        async Task<int> AlertsAsync() => (await enterprise.GetAsync("/api/waste/alerts?kind=ManifestConfirmationOverdue").ExpectJson(HttpStatusCode.OK)).AsArray()
            .Count(a => (string?)a!["subjectId"] == manifestId);
        async Task RuleAsync(int month, int day, int hour, int minute) =>
            await app.WithScopeAsync(sp => sp.GetRequiredService<ManifestOverdueRule>()
                .RunAsync(new DateTimeOffset(2026, month, day, hour, minute, 0, China).UtcDateTime, CancellationToken.None));
        await RuleAsync(10, 7, 0, 1);
        Assert.Equal(0, await AlertsAsync());
        await RuleAsync(10, 10, 23, 59);
        Assert.Equal(0, await AlertsAsync());
        await RuleAsync(10, 12, 23, 59);
        Assert.Equal(0, await AlertsAsync());
        await RuleAsync(10, 13, 0, 1);
        Assert.Equal(1, await AlertsAsync());
        await RuleAsync(10, 14, 9, 0);
        Assert.Equal(1, await AlertsAsync());
    }

    [Fact]
    public async Task TwoHostsRunningTheRuleInTheSameMinute_RaiseTheAlertAndTheOverdueEventOnce()
    {
        if (!App.IsPostgres)
        {
            Assert.Skip("Several hosts share one database only on PostgreSQL; a SQLite deployment is one process.");
        }

        var w = await CollectionScenarioTests.World.CreateAsync(App);
        var manifestId = await w.ReceivedManifestAsync(50m, 50m);
        var manifest = await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK);
        var deadline = DateOnly.ParseExact((string)manifest["confirmationDeadline"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var now = new DateTimeOffset(deadline.AddDays(1).ToDateTime(new TimeOnly(0, 5)), China).UtcDateTime;

        // Two "hosts": two scopes with their own connections, started together, both seeing the manifest as not yet alerted.
        using var start = new SemaphoreSlim(0, 2);
        Task RunOnAHostAsync() => Task.Run(async () =>
        {
            await start.WaitAsync(TestContext.Current.CancellationToken);
            await RunRuleAsync(now);
        });
        var hosts = new[] { RunOnAHostAsync(), RunOnAHostAsync() };
        start.Release(2);
        await Task.WhenAll(hosts);

        Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId));
        var events = (await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK))["events"]!.AsArray();
        Assert.Single(events, e => (string?)e!["type"] == "ConfirmationOverdue");

        // A later run (the next quarter hour, on either host) does not repeat them.
        await RunRuleAsync(now.AddMinutes(15));
        Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId));
    }

    private static Task<HttpResponseMessage> DriverAsync(ApiClient driver, string path, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body, options: Json.Options) };
        request.Headers.Add("Idempotency-Key", key + "-" + Guid.NewGuid().ToString("N")[..8]);
        return driver.Http.SendAsync(request);
    }

    private Task RunRuleAsync(DateTime now) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<ManifestOverdueRule>().RunAsync(now, CancellationToken.None));

    private static async Task<List<System.Text.Json.Nodes.JsonNode?>> OverdueAlertsAsync(ApiClient client, string manifestId) =>
        (await client.GetAsync("/api/waste/alerts?kind=ManifestConfirmationOverdue").ExpectJson(HttpStatusCode.OK)).AsArray()
            .Where(a => (string?)a!["subjectId"] == manifestId).ToList();
}

[Collection(SqliteCollection.Name)]
public sealed class ManifestOverdueTestsOnSqlite(SqliteAppFactory factory) : ManifestOverdueTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ManifestOverdueTestsOnPostgreSql(PostgresAppFactory factory) : ManifestOverdueTests(factory);
