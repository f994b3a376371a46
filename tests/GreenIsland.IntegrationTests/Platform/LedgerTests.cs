using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Platform;

public abstract class LedgerTests(GreenIslandAppFactory factory)
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
    public async Task Changes_AppendHashChainedEntries_AndVerificationReportsIntact()
    {
        var (_, admin) = await App.MemberAsync(PlatformRoles.PlatformAdmin);
        using var client = await App.SignedInAsync(admin);
        var organisation = await RegisterAsync(client, App);
        await client.PutJsonAsync($"/api/organisations/{organisation}", new
        {
            name = "绿岛测试更名有限公司" + Guid.NewGuid().ToString("N")[..6], creditCode = Arrange.NewCreditCode(), townId = App.District.TownA.Value,
        }).Expect(HttpStatusCode.OK);

        var entries = await client.GetAsync($"/api/ledger/entries?stream=organisation/{organisation}").ExpectJson(HttpStatusCode.OK);

        var items = entries["items"]!.AsArray();
        Assert.Equal(["OrganisationRegistered", "OrganisationUpdated"], items.Select(i => (string)i!["type"]!));
        Assert.Equal([1L, 2L], items.Select(i => (long)i!["sequence"]!));
        Assert.Equal(new string('0', 64), (string?)items[0]!["previousHash"]);
        Assert.Equal((string?)items[0]!["hash"], (string?)items[1]!["previousHash"]);
        Assert.Equal($"user:{admin.UserName}", (string?)items[1]!["actor"]);
        var verification = await client.GetAsync("/api/ledger/verify").ExpectJson(HttpStatusCode.OK);
        Assert.True((bool)verification["ok"]!, verification.ToJsonString());
        Assert.True((long)verification["entriesChecked"]! >= 2);
    }

    [Fact]
    public async Task LedgerTable_RefusesUpdatesAndDeletes()
    {
        var (_, admin) = await App.MemberAsync(PlatformRoles.PlatformAdmin);
        using var client = await App.SignedInAsync(admin);
        var organisation = await RegisterAsync(client, App);
        var table = App.IsPostgres ? "platform.platform_ledger_entries" : "platform_ledger_entries";
        var stream = $"organisation/{organisation}";

        await Assert.ThrowsAnyAsync<Exception>(() => App.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE " + table + " SET actor = 'user:mallory' WHERE stream = {0}", stream)));
        await Assert.ThrowsAnyAsync<Exception>(() => App.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM " + table + " WHERE stream = {0}", stream)));
    }

    [Fact]
    public async Task Append_OutsideATransaction_IsRefused_AndRolledBackAppendsLeaveNoTrace()
    {
        var stream = "test/" + Guid.NewGuid();
        await App.WithScopeAsync<bool>(async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var ledger = sp.GetRequiredService<ILedger>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.AppendAsync(db, new LedgerRecord(stream, "Test", [], null), CancellationToken.None));

            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                var appended = await ledger.AppendAsync(db, new LedgerRecord(stream, "Test", new JsonObject { ["n"] = 1 }, null), CancellationToken.None);
                Assert.Equal(1, appended.Sequence);
                await transaction.RollbackAsync();
            }

            return true;
        });

        var count = await App.WithDbAsync(db => db.LedgerEntries.IgnoreQueryFilters().CountAsync(e => e.Stream == stream));
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task Tampering_EditsAndDeletions_AreReportedAsTheFirstBrokenLinkOfTheirStream()
    {
        await using var isolated = await App.CreateIsolatedAsync();
        var (_, admin) = await isolated.MemberAsync(PlatformRoles.PlatformAdmin);
        using var client = await isolated.SignedInAsync(admin);
        var cases = new[] { ("update", 1L, "hash does not match"), ("delete-first", 1L, "missing"), ("delete-last", 2L, "head") };
        var streams = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tampering, _, _) in cases)
        {
            var organisation = await RegisterAsync(client, isolated);
            await client.PutJsonAsync($"/api/organisations/{organisation}", new
            {
                name = "篡改测试有限公司" + tampering, creditCode = Arrange.NewCreditCode(), townId = isolated.District.TownA.Value,
            }).Expect(HttpStatusCode.OK);
            streams[tampering] = $"organisation/{organisation}";
        }

        Assert.True((bool)(await client.GetAsync("/api/ledger/verify").ExpectJson(HttpStatusCode.OK))["ok"]!);

        await isolated.WithDbAsync(async db =>
        {
            var table = isolated.IsPostgres ? "platform.platform_ledger_entries" : "platform_ledger_entries";
            if (isolated.IsPostgres)
            {
                await db.Database.ExecuteSqlRawAsync("DROP TRIGGER platform_ledger_entries_append_only ON platform.platform_ledger_entries");
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("DROP TRIGGER platform_ledger_entries_no_update");
                await db.Database.ExecuteSqlRawAsync("DROP TRIGGER platform_ledger_entries_no_delete");
            }

            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("UPDATE " + table + " SET actor = 'user:mallory' WHERE stream = {0} AND sequence = 1", streams["update"]));
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("DELETE FROM " + table + " WHERE stream = {0} AND sequence = 1", streams["delete-first"]));
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("DELETE FROM " + table + " WHERE stream = {0} AND sequence = 2", streams["delete-last"]));
        });

        foreach (var (tampering, sequence, reason) in cases)
        {
            var stream = streams[tampering];
            var verification = await client.GetAsync($"/api/ledger/verify?stream={Uri.EscapeDataString(stream)}").ExpectJson(HttpStatusCode.OK);
            Assert.False((bool)verification["ok"]!, tampering);
            var broken = verification["firstBroken"]!;
            Assert.Equal(stream, (string?)broken["stream"]);
            Assert.Equal(sequence, (long)broken["sequence"]!);
            Assert.Contains(reason, (string)broken["reason"]!, StringComparison.OrdinalIgnoreCase);
        }

        var whole = await client.GetAsync("/api/ledger/verify").ExpectJson(HttpStatusCode.OK);
        Assert.False((bool)whole["ok"]!);
        Assert.Equal(streams.Values.Order(StringComparer.Ordinal).First(), (string?)whole["firstBroken"]!["stream"]);
    }

    [Fact]
    public async Task Verification_IsForSupervisorsOnly()
    {
        var (_, staff) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = await App.SignedInAsync(staff);
        await client.GetAsync("/api/ledger/verify").Expect(HttpStatusCode.Forbidden);
    }

    private static async Task<string> RegisterAsync(ApiClient client, GreenIslandAppFactory app)
    {
        var created = await client.PostJsonAsync("/api/organisations", new
        {
            name = "绿岛台账测试有限公司" + Guid.NewGuid().ToString("N")[..6],
            type = "Enterprise",
            creditCode = Arrange.NewCreditCode(),
            townId = app.District.TownA.Value,
            contactName = "王先生",
            contactPhone = "13900000000",
        }).ExpectJson(HttpStatusCode.Created);
        return (string)created["id"]!;
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LedgerTestsOnSqlite(SqliteAppFactory factory) : LedgerTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class LedgerTestsOnPostgreSql(PostgresAppFactory factory) : LedgerTests(factory);
