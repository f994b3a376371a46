using System.IO.Compression;
using System.Net;
using System.Text;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>Management plans, declarations and the ledger export through the HTTP API, on both providers.</summary>
public abstract class PlansAndDeclarationsApiTests(GreenIslandAppFactory factory)
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
    public async Task Plan_IsSavedFiledOnce_AndTheRegulatorSeesTheReminderState()
    {
        var (enterprise, admin) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        var (_, regulatorUser) = await App.MemberAsync(PlatformRoles.Regulator);
        var (_, otherAdmin) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = await App.SignedInAsync(admin);
        using var regulator = await App.SignedInAsync(regulatorUser);
        using var other = await App.SignedInAsync(otherAdmin);
        var year = DateTime.UtcNow.Year;

        var bad = await client.PutJsonAsync($"/api/waste/management-plans/{year}", new
        {
            lines = new object[] { new { wasteCode = "900-41-49", wasteName = "废抹布", expectedKg = 10 }, new { wasteCode = "900-249-08", wasteName = "废矿物油", expectedKg = -1 } },
        }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["lines[0].wasteCode"]);
        Assert.NotNull(bad["errors"]!["lines[1].expectedKg"]);
        Assert.Empty((await client.GetAsync($"/api/waste/management-plans?year={year}").ExpectJson(HttpStatusCode.OK)).AsArray());

        // A draft may leave the measures empty (or blank); filing it is refused, naming the three fields, and changes nothing.
        var bare = await client.PutJsonAsync($"/api/waste/management-plans/{year}", new
        {
            reductionMeasures = "   ",
            lines = new object[] { new { wasteCode = "900-041-49", wasteName = "废抹布手套", expectedKg = 850.5m } },
        }).ExpectJson(HttpStatusCode.OK);
        var refused = await client.PostJsonAsync($"/api/waste/management-plans/{(string)bare["id"]!}/file", new { }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.Equal(["reductionMeasures", "storageMeasures", "transferPlan"], refused["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
        var stillDraft = Assert.Single((await client.GetAsync($"/api/waste/management-plans?year={year}").ExpectJson(HttpStatusCode.OK)).AsArray())!;
        Assert.Equal(("Draft", null), ((string?)stillDraft["status"], (string?)stillDraft["filedAt"]));

        var saved = await client.PutJsonAsync($"/api/waste/management-plans/{year}", new
        {
            reductionMeasures = "更换水性漆", storageMeasures = "智能柜分区贮存", transferPlan = "委托持证单位每季度收运",
            lines = new object[] { new { wasteCode = "900-041-49", wasteName = "废抹布手套", expectedKg = 850.5m }, new { wasteCode = "900-249-08", wasteName = "废矿物油", expectedKg = 1200 } },
        }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Draft", (string?)saved["status"]);
        Assert.Equal(850.5m, (decimal)saved["lines"]![0]!["expectedKg"]!);
        var id = (string)saved["id"]!;

        Assert.Equal(HttpStatusCode.Forbidden, (await other.PutJsonAsync($"/api/waste/management-plans/{year}",
            new { organisationId = enterprise.Id.Value, lines = new object[] { new { wasteCode = "900-041-49", wasteName = "x", expectedKg = 1 } } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostJsonAsync($"/api/waste/management-plans/{id}/file", new { })).StatusCode);

        var filed = await client.PostJsonAsync($"/api/waste/management-plans/{id}/file", new { }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Filed", (string?)filed["status"]);
        Assert.Equal("user:" + admin.UserName, (string?)filed["filedBy"]);
        Assert.Equal("测试用户 " + PlatformRoles.EnterpriseAdmin, (string?)filed["filedByName"]);
        Assert.Equal("测试用户 " + PlatformRoles.EnterpriseAdmin, (string?)filed["updatedByName"]);
        var again = await client.PostJsonAsync($"/api/waste/management-plans/{id}/file", new { }).ExpectJson(HttpStatusCode.Conflict);
        Assert.Equal("APlanIsFiledOnce", (string?)again["title"]);
        var change = await client.PutJsonAsync($"/api/waste/management-plans/{year}",
            new { lines = new object[] { new { wasteCode = "900-041-49", wasteName = "x", expectedKg = 1 } } }).ExpectJson(HttpStatusCode.Conflict);
        Assert.Equal("AFiledPlanCannotBeChanged", (string?)change["title"]);

        var reminders = (await regulator.GetAsync($"/api/waste/management-plans/reminders?year={year}").ExpectJson(HttpStatusCode.OK)).AsArray();
        var mine = Assert.Single(reminders, r => (string?)r!["organisationId"] == enterprise.Id.Value.ToString());
        Assert.Contains((string?)mine!["state"], new[] { "Filed", "FiledLate" });
        var own = (await client.GetAsync($"/api/waste/management-plans/reminders?year={year}").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Single(own);
        var regulatorPlans = (await regulator.GetAsync($"/api/waste/management-plans?year={year}").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Contains(regulatorPlans, p => (string?)p!["id"] == id);
        Assert.DoesNotContain(id, await (await other.GetAsync($"/api/waste/management-plans?year={year}")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declaration_IsOpenedForAnEndedPeriod_SubmittedOnce_AndExported()
    {
        var (_, admin) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        var (_, otherAdmin) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = await App.SignedInAsync(admin);
        using var other = await App.SignedInAsync(otherAdmin);
        var lastYear = DateTime.UtcNow.Year - 1;

        var schedule = await client.GetAsync($"/api/waste/declarations/schedule?year={lastYear}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Annual", (string?)schedule["frequency"]);
        var period = Assert.Single(schedule["periods"]!.AsArray())!;
        // Last year's annual declaration falls due on 31 March of this year.
        Assert.Equal(DateTime.UtcNow > new DateTime(lastYear + 1, 3, 31, 16, 0, 0, DateTimeKind.Utc) ? "Overdue" : "Open", (string?)period["state"]);

        var future = await client.PostJsonAsync("/api/waste/declarations", new { year = DateTime.UtcNow.Year + 1, periodIndex = 1 }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(future["errors"]!["periodIndex"]);
        var wrongIndex = await client.PostJsonAsync("/api/waste/declarations", new { year = lastYear, periodIndex = 2 }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(wrongIndex["errors"]!["periodIndex"]);

        var opened = await client.PostJsonAsync("/api/waste/declarations", new { year = lastYear, periodIndex = 1 }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Draft", (string?)opened["status"]);
        var id = (string)opened["id"]!;
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/waste/declarations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostJsonAsync($"/api/waste/declarations/{id}/submit", new { })).StatusCode);

        var submitted = await client.PostJsonAsync($"/api/waste/declarations/{id}/submit", new { note = "无异常" }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Submitted", (string?)submitted["status"]);
        Assert.True((bool)submitted["late"]! == (DateTime.UtcNow > new DateTime(lastYear + 1, 3, 31, 16, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostJsonAsync($"/api/waste/declarations/{id}/submit", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostJsonAsync("/api/waste/declarations", new { year = lastYear, periodIndex = 1 })).StatusCode);

        var csv = await client.GetAsync($"/api/waste/declarations/{id}/export?format=csv").Expect(HttpStatusCode.OK);
        Assert.StartsWith("text/csv", csv.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("废物代码", Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        var xlsx = await client.GetAsync($"/api/waste/declarations/{id}/export?format=xlsx").Expect(HttpStatusCode.OK);
        using (var zip = new ZipArchive(await xlsx.Content.ReadAsStreamAsync()))
        {
            Assert.NotNull(zip.GetEntry("xl/worksheets/sheet1.xml"));
        }

        var badFormat = await client.GetAsync($"/api/waste/declarations/{id}/export?format=pdf").ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(badFormat["errors"]!["format"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class PlansAndDeclarationsApiTestsOnSqlite(SqliteAppFactory factory) : PlansAndDeclarationsApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class PlansAndDeclarationsApiTestsOnPostgreSql(PostgresAppFactory factory) : PlansAndDeclarationsApiTests(factory);
