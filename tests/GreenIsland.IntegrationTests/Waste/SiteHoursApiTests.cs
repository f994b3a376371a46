using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// <c>PUT /api/waste/sites/{id}/opening-hours</c> refusals, on both providers: every refusal names the field and leaves
/// the stored week exactly as it was.
/// </summary>
public abstract class SiteHoursApiTests(GreenIslandAppFactory factory)
{
    private static readonly object[] StoredWeek =
    [
        new { weekday = 1, intervals = new[] { "08:00-11:30", "13:00-17:00" } },
        new { weekday = 3, intervals = new[] { "09:00-12:00" } },
        new { weekday = 7, intervals = Array.Empty<string>() },
    ];

    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { """[{"weekday":8,"intervals":["08:00-12:00"]}]""", "days[0].weekday" },
        { """[{"weekday":0,"intervals":[]}]""", "days[0].weekday" },
        { """[{"weekday":2,"intervals":["08:00-12:00"]},{"weekday":2,"intervals":[]}]""", "days[1].weekday" },
        { """[{"weekday":2,"intervals":["08:00-12:00","11:00-14:00"]}]""", "days[0].intervals" },
        { """[{"weekday":2,"intervals":["13:00-17:00","08:00-12:00"]}]""", "days[0].intervals" },
        { """[{"weekday":4,"intervals":["12:00-08:00"]}]""", "days[0].intervals" },
        { """[{"weekday":4,"intervals":["8-12"]}]""", "days[0].intervals" },
        { """[{"weekday":4,"intervals":["08:00-25:00"]}]""", "days[0].intervals" },
        { """[{"weekday":1,"intervals":["08:00-12:00"]},{"weekday":5,"intervals":["08:00 to 12:00"]}]""", "days[1].intervals" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Put_WithInvalidWeek_IsRefusedWithTheField_AndTheStoredWeekIsUnchanged(string days, string field)
    {
        var (site, admin) = await SiteWithStoredWeekAsync();
        var before = await admin.GetAsync($"/api/waste/sites/{site}/opening-hours").ExpectJson(HttpStatusCode.OK);

        var refused = await admin.PutJsonAsync($"/api/waste/sites/{site}/opening-hours", new JsonObject { ["days"] = JsonNode.Parse(days) })
            .ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]![field]);

        var after = await admin.GetAsync($"/api/waste/sites/{site}/opening-hours").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal([1, 3, 7], after["days"]!.AsArray().Select(d => (int)d!["weekday"]!));
    }

    [Fact]
    public async Task Put_OnAnotherEnterprisesSite_IsNotFound_AndTheirWeekIsUnchanged()
    {
        var (site, owner) = await SiteWithStoredWeekAsync();
        var (_, otherAdmin) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var other = await App.SignedInAsync(otherAdmin);
        var before = await owner.GetAsync($"/api/waste/sites/{site}/opening-hours").ExpectJson(HttpStatusCode.OK);

        await other.PutJsonAsync($"/api/waste/sites/{site}/opening-hours", new { days = new[] { new { weekday = 1, intervals = Array.Empty<string>() } } })
            .Expect(HttpStatusCode.NotFound);
        await other.GetAsync($"/api/waste/sites/{site}/opening-hours").Expect(HttpStatusCode.NotFound);

        var after = await owner.GetAsync($"/api/waste/sites/{site}/opening-hours").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    private async Task<(Guid Site, ApiClient Admin)> SiteWithStoredWeekAsync()
    {
        var (organisation, user) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        var admin = await App.SignedInAsync(user);
        var site = organisation.SiteId.Value;
        var stored = await admin.PutJsonAsync($"/api/waste/sites/{site}/opening-hours", new { days = StoredWeek }).ExpectJson(HttpStatusCode.OK);
        Assert.Equal(["08:00-11:30", "13:00-17:00"], stored["days"]![0]!["intervals"]!.AsArray().Select(i => (string)i!));
        return (site, admin);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SiteHoursApiTestsOnSqlite(SqliteAppFactory factory) : SiteHoursApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class SiteHoursApiTestsOnPostgreSql(PostgresAppFactory factory) : SiteHoursApiTests(factory);
