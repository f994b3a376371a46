using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>Service agreements (collector serves generator) through the HTTP API, on both providers.</summary>
public abstract class ServiceAgreementApiTests(GreenIslandAppFactory factory)
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
    public async Task EnterpriseAdmin_SignsAnAgreement_OnlyTheServingCollectorSeesIt_AndTheLedgerRecordsIt()
    {
        var (generator, generatorAdmin) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        var (collector, dispatcher) = await App.MemberAsync(PlatformRoles.CollectorDispatcher);
        var (_, otherDispatcher) = await App.MemberAsync(PlatformRoles.CollectorDispatcher);
        using var enterprise = await App.SignedInAsync(generatorAdmin);
        using var serving = await App.SignedInAsync(dispatcher);
        using var other = await App.SignedInAsync(otherDispatcher);

        var created = await enterprise.PostJsonAsync("/api/waste/service-agreements",
            new { collectorId = collector.Id.Value, generatorId = generator.Id.Value, validFrom = "2026-01-01", contractNumber = "HT-2026-001" }).ExpectJson(HttpStatusCode.Created);
        var id = (string)created["id"]!;
        Assert.Equal(collector.Name, (string?)created["collectorName"]);
        Assert.Equal(generator.Name, (string?)created["generatorName"]);

        var seen = (await serving.GetAsync("/api/waste/service-agreements").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Contains(seen, a => (string?)a!["id"] == id);
        var hidden = await (await other.GetAsync("/api/waste/service-agreements").Expect(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(id, hidden, StringComparison.Ordinal);
        Assert.DoesNotContain(generator.Name, hidden, StringComparison.Ordinal);

        var (_, operatorUser) = await App.MemberAsync(PlatformRoles.PlatformAdmin);
        using var operatorClient = await App.SignedInAsync(operatorUser);
        var ledger = (await operatorClient.GetAsync($"/api/ledger/entries?stream=waste-agreement/{id}").ExpectJson(HttpStatusCode.OK))["items"]!.AsArray();
        Assert.Equal("ServiceAgreementSigned", (string?)Assert.Single(ledger)!["type"]);
    }

    [Fact]
    public async Task SecondOverlappingAgreement_IsRefused_AndACollectorCannotSignOne()
    {
        var (generator, generatorAdmin) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        var (collector, dispatcher) = await App.MemberAsync(PlatformRoles.CollectorDispatcher);
        var (secondCollector, _) = await App.MemberAsync(PlatformRoles.CollectorDispatcher);
        using var enterprise = await App.SignedInAsync(generatorAdmin);
        using var collectorClient = await App.SignedInAsync(dispatcher);

        await enterprise.PostJsonAsync("/api/waste/service-agreements",
            new { collectorId = collector.Id.Value, generatorId = generator.Id.Value, validFrom = "2026-01-01", validTo = "2026-12-31" }).Expect(HttpStatusCode.Created);

        var clash = await enterprise.PostJsonAsync("/api/waste/service-agreements",
            new { collectorId = secondCollector.Id.Value, generatorId = generator.Id.Value, validFrom = "2026-06-01" }).ExpectJson(HttpStatusCode.Conflict);
        Assert.Equal("AGeneratorHasOneServingCollectorAtATime", (string?)clash["title"]);

        var selfGrant = await collectorClient.PostJsonAsync("/api/waste/service-agreements",
            new { collectorId = collector.Id.Value, generatorId = generator.Id.Value, validFrom = "2027-01-01" });
        Assert.Equal(HttpStatusCode.Forbidden, selfGrant.StatusCode);

        var invalid = await enterprise.PostJsonAsync("/api/waste/service-agreements",
            new { collectorId = generator.Id.Value, generatorId = generator.Id.Value, validFrom = "2027-01-01", validTo = "2026-01-01" }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(invalid["errors"]!["collectorId"]);
        Assert.NotNull(invalid["errors"]!["validTo"]);

        var list = (await enterprise.GetAsync($"/api/waste/service-agreements?generatorId={generator.Id}").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Single(list);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ServiceAgreementApiTestsOnSqlite(SqliteAppFactory factory) : ServiceAgreementApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ServiceAgreementApiTestsOnPostgreSql(PostgresAppFactory factory) : ServiceAgreementApiTests(factory);
