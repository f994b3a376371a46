using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Demo;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Platform;

public abstract class DemoSeedTests(GreenIslandAppFactory factory)
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
    public async Task DemoSeed_WritesTheLabelledDistrictOnce_AndItsAccountsWork()
    {
        await using var demo = await App.CreateIsolatedAsync(("Demo:Seed", "true"), ("Demo:Enabled", "true"));

        var summary = await demo.WithDbAsync(async db => new
        {
            Towns = await db.Jurisdictions.CountAsync(j => j.Level == JurisdictionLevel.Town && j.IsDemo),
            Enterprises = await db.Organisations.CountAsync(o => o.Type == OrganisationType.Enterprise && o.IsDemo),
            Collectors = await db.Organisations.CountAsync(o => o.Type == OrganisationType.Collector),
            Disposal = await db.Organisations.CountAsync(o => o.Type == OrganisationType.DisposalFacility),
            Regulators = await db.Organisations.CountAsync(o => o.Type == OrganisationType.Regulator),
            NotDemo = await db.Organisations.CountAsync(o => !o.IsDemo),
            Codes = await db.Organisations.Select(o => o.CreditCode).ToListAsync(),
            Coordinates = await db.Sites.Select(s => new { s.LatitudeDeg, s.LongitudeDeg }).ToListAsync(),
        });
        Assert.Equal(10, summary.Towns);
        Assert.Equal(DemoDistrict.EnterpriseCount, summary.Enterprises);
        Assert.Equal(3, summary.Collectors);
        Assert.Equal(2, summary.Disposal);
        Assert.True(summary.Regulators >= 2);
        Assert.Equal(0, summary.NotDemo);
        Assert.All(summary.Codes, c => Assert.True(UnifiedSocialCreditCode.TryParse(c, out _, out var reason), reason));
        Assert.All(summary.Coordinates, c => Assert.InRange(c.LatitudeDeg, 31.5, 31.9));
        Assert.All(summary.Coordinates, c => Assert.InRange(c.LongitudeDeg, 119.8, 120.3));

        var again = await demo.WithScopeAsync(sp => sp.GetRequiredService<DatabaseInitialiser>().SeedDemoAsync(CancellationToken.None));
        Assert.False(again.Seeded);

        using var client = demo.NewClient();
        var info = await client.GetAsync("/api/system/info").ExpectJson(HttpStatusCode.OK);
        Assert.True((bool)info["isDemo"]!);
        Assert.NotNull(info["districtName"]);
        Assert.Equal(PlatformRoles.All.Count, info["demoAccounts"]!.AsArray().Count);
        foreach (var account in DemoDistrict.Accounts)
        {
            using var session = demo.NewClient();
            var me = await session.LoginAsync(account.UserName, DemoDistrict.Password).ExpectJson(HttpStatusCode.OK);
            Assert.Equal(account.Role, (string?)me["roles"]![0]);
        }

        var districts = await demo.WithDbAsync(db => db.Jurisdictions.Where(j => j.IsDemo && j.Level == JurisdictionLevel.District).Select(j => j.Name).ToListAsync());
        Assert.Equal([DemoDistrict.Name], districts);

        using var regulator = demo.NewClient();
        await regulator.LoginOkAsync("regulator", DemoDistrict.Password);
        var overview = await regulator.GetAsync("/api/dashboard/overview").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(DemoDistrict.EnterpriseCount, (int)overview["kpis"]!["enterprises"]!);
        Assert.True((bool)(await regulator.GetAsync("/api/ledger/verify").ExpectJson(HttpStatusCode.OK))["ok"]!);
    }

    [Fact]
    public async Task SystemInfo_WithoutDemo_PublishesNoAccounts()
    {
        using var client = App.NewClient();
        var info = await client.GetAsync("/api/system/info").ExpectJson(HttpStatusCode.OK);
        Assert.Null(info["demoAccounts"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DemoSeedTestsOnSqlite(SqliteAppFactory factory) : DemoSeedTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DemoSeedTestsOnPostgreSql(PostgresAppFactory factory) : DemoSeedTests(factory);
