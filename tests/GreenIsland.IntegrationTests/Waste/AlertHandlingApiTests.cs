using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// Who may act on an alert, through the API on both providers: the serving collector's dispatcher and the regulator
/// of the enterprise's town acknowledge and close (with a reason) the enterprise's alerts, and the command centre shows
/// who acknowledged and drops closed ones; a regulator of another town and a collector that does not serve the
/// enterprise do not reach them (404), the serving collector's driver may not act (403); a missing reason is a 400
/// on the field, a second acknowledgement or closing a 409, and none of these changes the alert. Closed alerts stay
/// in the command centre's recently-closed list with who closed them, when and why, for the same people only.
/// </summary>
public abstract class AlertHandlingApiTests(GreenIslandAppFactory factory)
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
    public async Task ServingCollectorAndTownRegulator_AcknowledgeAndClose_OthersAreRefused_AndNothingChanges()
    {
        var townA = App.District.TownA;
        var townB = App.District.TownB;
        var enterprise = await App.EnterpriseWithCabinetAsync(town: townA.Value);
        var (collector, dispatcher) = await App.ServingCollectorAsync(enterprise);
        var driverUser = await App.UserAsync(collector.Id, PlatformRoles.Driver);
        using var driver = await App.SignedInAsync(driverUser);
        var (_, strangerUser) = await App.MemberAsync(PlatformRoles.CollectorDispatcher, townA);
        using var stranger = await App.SignedInAsync(strangerUser);
        var (_, regulatorAUser) = await App.MemberAsync(PlatformRoles.Regulator, townA, supervised: townA);
        using var regulatorA = await App.SignedInAsync(regulatorAUser);
        var (_, regulatorBUser) = await App.MemberAsync(PlatformRoles.Regulator, townB, supervised: townB);
        using var regulatorB = await App.SignedInAsync(regulatorBUser);

        // Two refused deposits of an alkali beside a stored acid: two open alerts of the enterprise.
        var acid = await enterprise.StreamAsync("900-052-31", "废铅蓄电池酸液", "Acid");
        var alkali = await enterprise.StreamAsync("336-064-17", "碱性除油废槽液", "AlkalineCaustic");
        await enterprise.Admin.PostJsonAsync("/api/waste/containers",
            new { cabinetId = enterprise.CabinetId, compartmentNumber = 1, streamId = acid, weightKg = 12.5m, volumeLitres = 30 }).Expect(HttpStatusCode.Created);
        for (var i = 0; i < 2; i++)
        {
            await enterprise.Admin.PostJsonAsync("/api/waste/containers",
                new { cabinetId = enterprise.CabinetId, compartmentNumber = 2, streamId = alkali, weightKg = 3m, volumeLitres = 20 }).Expect(HttpStatusCode.Conflict);
        }

        var alerts = await AlertsAsync(enterprise.Admin, enterprise.CabinetId);
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal("Open", (string?)a["status"]));
        var first = (string)alerts[1]["id"]!;
        var second = (string)alerts[0]["id"]!;

        // Not theirs: another town's regulator and a collector without an agreement cannot even see it; the serving
        // collector's driver sees it but alerts are the dispatcher's work.
        await regulatorB.PostJsonAsync($"/api/waste/alerts/{first}/acknowledge", null).Expect(HttpStatusCode.NotFound);
        await stranger.PostJsonAsync($"/api/waste/alerts/{first}/close", new { reason = "不是我们的客户" }).Expect(HttpStatusCode.NotFound);
        var driverRefused = await driver.PostJsonAsync($"/api/waste/alerts/{first}/acknowledge", null).ExpectJson(HttpStatusCode.Forbidden);
        Assert.Contains("regulator", (string?)driverRefused["detail"], StringComparison.Ordinal);

        // A close without a reason names the field.
        var noReason = await dispatcher.PostJsonAsync($"/api/waste/alerts/{first}/close", new { reason = "  " }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(noReason["errors"]!["reason"]);
        Assert.All(await AlertsAsync(enterprise.Admin, enterprise.CabinetId), a => Assert.Equal("Open", (string?)a["status"]));

        // The serving collector's dispatcher acknowledges; the command centre shows who and when, to the regulator too.
        var acknowledged = await dispatcher.PostJsonAsync($"/api/waste/alerts/{first}/acknowledge", null).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Acknowledged", (string?)acknowledged["status"]);
        Assert.Equal("user:" + (await DispatcherUserNameAsync(dispatcher)), (string?)acknowledged["acknowledgedBy"]);
        Assert.Equal("测试用户 " + PlatformRoles.CollectorDispatcher, (string?)acknowledged["acknowledgedByName"]);
        var seen = Assert.Single(await CommandCentreAsync(regulatorA), a => (string?)a["id"] == first);
        Assert.Equal("Acknowledged", (string?)seen["status"]);
        // One contract in both endpoints: the audit id under acknowledgedBy, the display name under acknowledgedByName.
        Assert.Equal((string?)acknowledged["acknowledgedBy"], (string?)seen["acknowledgedBy"]);
        Assert.Equal("测试用户 " + PlatformRoles.CollectorDispatcher, (string?)seen["acknowledgedByName"]);
        Assert.NotNull(seen["acknowledgedAt"]);
        var twice = await regulatorA.PostJsonAsync($"/api/waste/alerts/{first}/acknowledge", null).ExpectJson(HttpStatusCode.Conflict);
        Assert.Equal("OnlyAnOpenAlertCanBeAcknowledged", (string?)twice["title"]);

        // The town's regulator closes it with the reason; it leaves the command centre's open list.
        var closed = await regulatorA.PostJsonAsync($"/api/waste/alerts/{first}/close", new { reason = "现场核查：已分区存放" }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Closed", (string?)closed["status"]);
        Assert.Equal("现场核查：已分区存放", (string?)closed["closeReason"]);
        Assert.Equal("测试用户 " + PlatformRoles.Regulator, (string?)closed["closedByName"]);
        Assert.DoesNotContain(await CommandCentreAsync(dispatcher), a => (string?)a["id"] == first);
        Assert.Contains(await CommandCentreAsync(dispatcher), a => (string?)a["id"] == second);

        // The other way round: the regulator acknowledges, the dispatcher closes; a closed alert stays closed.
        await regulatorA.PostJsonAsync($"/api/waste/alerts/{second}/acknowledge", null).Expect(HttpStatusCode.OK);
        await dispatcher.PostJsonAsync($"/api/waste/alerts/{second}/close", new { reason = "已清运碱液桶" }).Expect(HttpStatusCode.OK);
        var again = await regulatorA.PostJsonAsync($"/api/waste/alerts/{second}/close", new { reason = "重复" }).ExpectJson(HttpStatusCode.Conflict);
        Assert.Equal("AClosedAlertStaysClosed", (string?)again["title"]);

        // Closed alerts leave the open list but stay in view as recently closed: who closed them, when and why, for the
        // serving collector and the town's regulator; not for another town's regulator or a collector that does not serve it.
        foreach (var viewer in new[] { dispatcher, regulatorA })
        {
            var recent = await RecentlyClosedAsync(viewer);
            var c1 = Assert.Single(recent, a => (string?)a["id"] == first);
            var c2 = Assert.Single(recent, a => (string?)a["id"] == second);
            Assert.Equal(("现场核查：已分区存放", "测试用户 " + PlatformRoles.Regulator, "测试用户 " + PlatformRoles.CollectorDispatcher),
                ((string?)c1["closeReason"], (string?)c1["closedByName"], (string?)c1["acknowledgedByName"]));
            Assert.Equal(("已清运碱液桶", "测试用户 " + PlatformRoles.CollectorDispatcher), ((string?)c2["closeReason"], (string?)c2["closedByName"]));
            Assert.StartsWith("user:", (string?)c2["closedBy"], StringComparison.Ordinal);
            Assert.Equal("IncompatibleDeposit", (string?)c1["kind"]);
            Assert.NotNull(c1["closedAt"]);
            // The latest closing first.
            Assert.True(recent.FindIndex(a => (string?)a["id"] == second) < recent.FindIndex(a => (string?)a["id"] == first));
        }

        Assert.DoesNotContain(await RecentlyClosedAsync(regulatorB), a => (string?)a["id"] == first || (string?)a["id"] == second);
        Assert.DoesNotContain(await RecentlyClosedAsync(stranger), a => (string?)a["id"] == first || (string?)a["id"] == second);
        await enterprise.Admin.GetAsync("/api/waste/command-centre/alerts/closed").Expect(HttpStatusCode.Forbidden);
        var badDays = await dispatcher.GetAsync("/api/waste/command-centre/alerts/closed?days=0&limit=500").ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(badDays["errors"]!["days"]);
        Assert.NotNull(badDays["errors"]!["limit"]);

        var final = await AlertsAsync(enterprise.Admin, enterprise.CabinetId);
        var f = final.Single(a => (string?)a["id"] == first);
        var s = final.Single(a => (string?)a["id"] == second);
        Assert.Equal(("Closed", "现场核查：已分区存放"), ((string?)f["status"], (string?)f["closeReason"]));
        Assert.Equal(("Closed", "已清运碱液桶", "测试用户 " + PlatformRoles.Regulator, "测试用户 " + PlatformRoles.CollectorDispatcher),
            ((string?)s["status"], (string?)s["closeReason"], (string?)s["acknowledgedByName"], (string?)s["closedByName"]));
    }

    private static async Task<List<JsonNode>> AlertsAsync(ApiClient client, Guid cabinetId) =>
        (await client.GetAsync($"/api/waste/alerts?cabinetId={cabinetId}").ExpectJson(HttpStatusCode.OK)).AsArray().Select(a => a!).ToList();

    private static async Task<List<JsonNode>> CommandCentreAsync(ApiClient client) =>
        (await client.GetAsync("/api/waste/command-centre/alerts").ExpectJson(HttpStatusCode.OK))["latest"]!.AsArray().Select(a => a!).ToList();

    private static async Task<List<JsonNode>> RecentlyClosedAsync(ApiClient client) =>
        (await client.GetAsync("/api/waste/command-centre/alerts/closed?days=1&limit=200").ExpectJson(HttpStatusCode.OK)).AsArray().Select(a => a!).ToList();

    private static async Task<string> DispatcherUserNameAsync(ApiClient client) =>
        (string)(await client.GetAsync("/api/auth/me").ExpectJson(HttpStatusCode.OK))["userName"]!;
}

[Collection(SqliteCollection.Name)]
public sealed class AlertHandlingApiTestsOnSqlite(SqliteAppFactory factory) : AlertHandlingApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class AlertHandlingApiTestsOnPostgreSql(PostgresAppFactory factory) : AlertHandlingApiTests(factory);
