using System.Globalization;
using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.CommandCentre;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// The command centre's figures on a fresh database (so every count is known), on both providers: manifests by state
/// and overdue, tonnage by category, town (named) and month, open alerts by kind, today's trips, each for a collector
/// (its own work only), the district regulator (everything) and a town regulator (its town only).
/// </summary>
public abstract class CommandCentreApiTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory Factory
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    [Fact]
    public async Task Figures_AreExactPerState_Overdue_Category_Town_Month_AndScopedPerRole()
    {
        await using var app = await Factory.CreateIsolatedAsync();
        var townA = app.District.TownA;
        var townB = app.District.TownB;

        // Collector 1 sits in town B; it serves enterprise 1 (town A). Collector 2 is a stranger to both.
        var (collector1, dispatcher1User) = await app.MemberAsync(PlatformRoles.CollectorDispatcher, townB);
        var (collector2, dispatcher2User) = await app.MemberAsync(PlatformRoles.CollectorDispatcher, townA);
        var (disposal, _) = await app.MemberAsync(PlatformRoles.DisposalOperator, townA);
        var (_, districtRegulatorUser) = await app.MemberAsync(PlatformRoles.Regulator);
        var (_, townARegulatorUser) = await app.MemberAsync(PlatformRoles.Regulator, townA, supervised: townA);
        var (_, townBRegulatorUser) = await app.MemberAsync(PlatformRoles.Regulator, townB, supervised: townB);
        using var dispatcher1 = await app.SignedInAsync(dispatcher1User);
        using var dispatcher2 = await app.SignedInAsync(dispatcher2User);
        using var district = await app.SignedInAsync(districtRegulatorUser);
        using var regulatorA = await app.SignedInAsync(townARegulatorUser);
        using var regulatorB = await app.SignedInAsync(townBRegulatorUser);

        var enterprise1 = await app.EnterpriseWithCabinetAsync(town: townA.Value);
        await enterprise1.Admin.PostJsonAsync("/api/waste/service-agreements",
            new { collectorId = collector1.Id.Value, generatorId = enterprise1.Organisation.Id.Value, validFrom = "2026-01-01" }).Expect(HttpStatusCode.Created);
        var enterprise2 = await app.EnterpriseWithCabinetAsync(town: townB.Value);

        // Alerts: one refused incompatible deposit at each enterprise.
        foreach (var e in new[] { enterprise1, enterprise2 })
        {
            var acid = await e.StreamAsync("900-052-31", "废铅蓄电池酸液", "Acid");
            var alkali = await e.StreamAsync("336-064-17", "碱性除油废槽液", "AlkalineCaustic");
            await e.Admin.PostJsonAsync("/api/waste/containers",
                new { cabinetId = e.CabinetId, compartmentNumber = 1, streamId = acid, weightKg = 12.5m, volumeLitres = 30 }).Expect(HttpStatusCode.Created);
            await e.Admin.PostJsonAsync("/api/waste/containers",
                new { cabinetId = e.CabinetId, compartmentNumber = 2, streamId = alkali, weightKg = 3m, volumeLitres = 20 }).Expect(HttpStatusCode.Conflict);
        }

        // Today's trip: enterprise 1's cabinet passes 0.8, collector 1 plans the day.
        await app.IngestAndDeliverAsync(enterprise1, ("fill_ratio", 0.9));
        await dispatcher1.PostJsonAsync("/api/waste/vehicles", new
        {
            plate = Arrange.Unique("苏E")[..8], permitNumber = "苏危运-2026-009", categories = new[] { "HW31", "HW49" }, capacityKg = 2000,
            shiftStart = "08:00", shiftEnd = "18:00", depotSiteId = collector1.SiteId.Value,
        }).Expect(HttpStatusCode.Created);
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var plan = await dispatcher1.PostJsonAsync("/api/waste/dispatch/plans", new { date = today, receiverId = disposal.Id.Value }).ExpectJson(HttpStatusCode.OK);
        var tripId = (string)Assert.Single(plan["trips"]!.AsArray())!["id"]!;

        // Manifests: collector 1 carries six (generators in both towns), collector 2 one.
        var generatorA = await app.OrganisationAsync(OrganisationType.Enterprise, townA);
        var generatorB = await app.OrganisationAsync(OrganisationType.Enterprise, townB);
        var oil = ("900-249-08", "废矿物油", "HW08");
        await app.ManifestAsync(generatorA, collector1, disposal, ManifestStatus.Draft);
        await app.ManifestAsync(generatorA, collector1, disposal, ManifestStatus.InTransit);
        await app.ManifestAsync(generatorA, collector1, disposal, ManifestStatus.Received);
        var overdueId = await app.ManifestAsync(generatorB, collector1, disposal, ManifestStatus.Received, start: DateTime.UtcNow.AddDays(-20));
        await app.ManifestAsync(generatorA, collector1, disposal, ManifestStatus.Accepted, shippedG: 120_000);
        await app.ManifestAsync(generatorB, collector1, disposal, ManifestStatus.Disposed, shippedG: 200_000, waste: oil);
        await app.ManifestAsync(generatorA, collector2, disposal, ManifestStatus.Accepted, shippedG: 50_000);
        await app.WithScopeAsync(sp => sp.GetRequiredService<TonnageProjector>().RunOnceAsync(CancellationToken.None));

        // Manifests by state and overdue.
        Assert.Equal(States(draft: 1, inTransit: 1, received: 2, accepted: 1, disposed: 1), await ByStateAsync(dispatcher1));
        Assert.Equal(States(accepted: 1), await ByStateAsync(dispatcher2));
        Assert.Equal(States(draft: 1, inTransit: 1, received: 2, accepted: 2, disposed: 1), await ByStateAsync(district));
        Assert.Equal(States(draft: 1, inTransit: 1, received: 1, accepted: 2), await ByStateAsync(regulatorA));
        Assert.Equal(States(received: 1, disposed: 1), await ByStateAsync(regulatorB));
        foreach (var (client, expected) in new[] { (dispatcher1, 1), (dispatcher2, 0), (district, 1), (regulatorA, 0), (regulatorB, 1) })
        {
            var overdue = (await client.GetAsync("/api/waste/command-centre/manifests").ExpectJson(HttpStatusCode.OK))["overdue"]!.AsArray();
            Assert.Equal(expected, overdue.Count);
            Assert.All(overdue, o => Assert.Equal(overdueId.ToString(), (string?)o!["id"]));
        }

        // Tonnage (accepted tonnes in decided manifests) by category, town (with names) and month.
        var year = DateTime.UtcNow.AddHours(8).Year;
        var month = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.Equal([("HW08", 0.2m), ("HW49", 0.17m)], await TonnageAsync(district, "category", year));
        Assert.Equal([("HW08", 0.2m), ("HW49", 0.12m)], await TonnageAsync(dispatcher1, "category", year));
        Assert.Equal([("HW49", 0.05m)], await TonnageAsync(dispatcher2, "category", year));
        Assert.Equal([("HW49", 0.17m)], await TonnageAsync(regulatorA, "category", year));
        var towns = (await district.GetAsync($"/api/waste/command-centre/tonnage?by=town&year={year}").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Equal([("乙镇", "Town B", 0.2m), ("甲镇", "Town A", 0.17m)],
            towns.Select(t => ((string)t!["label"]!, (string)t["labelEn"]!, (decimal)t["tonnes"]!)).ToArray());
        Assert.Equal([townB.Value.ToString(), townA.Value.ToString()], towns.Select(t => (string)t!["key"]!));
        var months = (await dispatcher1.GetAsync($"/api/waste/command-centre/tonnage?by=month&year={year}").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Equal(12, months.Count);
        Assert.Equal(0.32m, (decimal)months.Single(m => (string?)m!["key"] == month)!["tonnes"]!);
        Assert.Equal(0.32m, months.Sum(m => (decimal)m!["tonnes"]!));
        var bad = await district.GetAsync("/api/waste/command-centre/tonnage?by=province").ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["by"]);

        // Open alerts by kind: the collector sees its served enterprise only, regulators their towns.
        Assert.Equal(1, await IncompatibleAlertsAsync(dispatcher1));
        Assert.Equal(0, await IncompatibleAlertsAsync(dispatcher2));
        Assert.Equal(2, await IncompatibleAlertsAsync(district));
        Assert.Equal(1, await IncompatibleAlertsAsync(regulatorB));
        var latest = (await dispatcher1.GetAsync("/api/waste/command-centre/alerts").ExpectJson(HttpStatusCode.OK))["latest"]!.AsArray();
        Assert.Equal(enterprise1.CabinetId.ToString(), (string?)Assert.Single(latest, a => (string?)a!["kind"] == "IncompatibleDeposit")!["cabinetId"]);

        // Today's trip: its collector, the district and the town where its stop is; not the other collector or town.
        var trip = Assert.Single((await dispatcher1.GetAsync("/api/waste/command-centre/trips-today").ExpectJson(HttpStatusCode.OK)).AsArray())!;
        Assert.Equal((tripId, 1, 0, 12.5m, 0m), ((string)trip["id"]!, (int)trip["stops"]!, (int)trip["completedStops"]!, (decimal)trip["plannedKg"]!, (decimal)trip["collectedKg"]!));
        Assert.Empty((await dispatcher2.GetAsync("/api/waste/command-centre/trips-today").ExpectJson(HttpStatusCode.OK)).AsArray());
        Assert.Single((await district.GetAsync("/api/waste/command-centre/trips-today").ExpectJson(HttpStatusCode.OK)).AsArray());
        Assert.Single((await regulatorA.GetAsync("/api/waste/command-centre/trips-today").ExpectJson(HttpStatusCode.OK)).AsArray());
        Assert.Empty((await regulatorB.GetAsync("/api/waste/command-centre/trips-today").ExpectJson(HttpStatusCode.OK)).AsArray());

        // The map: the collector sees its served enterprise's cabinet only; the district both, one per page with a
        // cursor; a town or a bounding box narrows it; bad bounds are refused with their field.
        var mine = (await dispatcher1.GetAsync("/api/waste/command-centre/cabinets").ExpectJson(HttpStatusCode.OK))["cabinets"]!.AsArray();
        Assert.Equal(enterprise1.CabinetId.ToString(), (string?)Assert.Single(mine)!["cabinetId"]);
        Assert.Equal(0.9, (double)mine[0]!["fillRatio"]!);
        var first = await district.GetAsync("/api/waste/command-centre/cabinets?limit=1").ExpectJson(HttpStatusCode.OK);
        var second = await district.GetAsync($"/api/waste/command-centre/cabinets?limit=1&after={(string)first["next"]!}").ExpectJson(HttpStatusCode.OK);
        Assert.Null((string?)second["next"]);
        Assert.Equal(new[] { enterprise1.CabinetId, enterprise2.CabinetId }.Select(i => i.ToString()).Order(),
            first["cabinets"]!.AsArray().Concat(second["cabinets"]!.AsArray()).Select(c => (string)c!["cabinetId"]!).Order());
        var inB = (await district.GetAsync($"/api/waste/command-centre/cabinets?townId={townB.Value}").ExpectJson(HttpStatusCode.OK))["cabinets"]!.AsArray();
        Assert.Equal(enterprise2.CabinetId.ToString(), (string?)Assert.Single(inB)!["cabinetId"]);
        Assert.Equal(2, (await district.GetAsync("/api/waste/command-centre/cabinets?minLongitude=119&minLatitude=31&maxLongitude=121&maxLatitude=32").ExpectJson(HttpStatusCode.OK))["cabinets"]!.AsArray().Count);
        Assert.Empty((await district.GetAsync("/api/waste/command-centre/cabinets?minLongitude=100&minLatitude=20&maxLongitude=101&maxLatitude=21").ExpectJson(HttpStatusCode.OK))["cabinets"]!.AsArray());
        Assert.NotNull((await district.GetAsync("/api/waste/command-centre/cabinets?minLongitude=119").ExpectJson(HttpStatusCode.BadRequest))["errors"]!["minLongitude"]);
        Assert.NotNull((await district.GetAsync("/api/waste/command-centre/cabinets?limit=0").ExpectJson(HttpStatusCode.BadRequest))["errors"]!["limit"]);

        // The command centre is not for enterprises.
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise1.Admin.GetAsync("/api/waste/command-centre/manifests")).StatusCode);
    }

    private static Dictionary<string, int> States(int draft = 0, int signed = 0, int inTransit = 0, int received = 0, int accepted = 0, int partially = 0,
        int disposed = 0, int refused = 0, int cancelled = 0) => new()
    {
        ["Draft"] = draft, ["SignedByGenerator"] = signed, ["InTransit"] = inTransit, ["Received"] = received, ["Accepted"] = accepted,
        ["PartiallyRefused"] = partially, ["Disposed"] = disposed, ["Refused"] = refused, ["Cancelled"] = cancelled,
    };

    private static async Task<Dictionary<string, int>> ByStateAsync(ApiClient client) =>
        (await client.GetAsync("/api/waste/command-centre/manifests").ExpectJson(HttpStatusCode.OK))["byState"]!.AsArray()
            .ToDictionary(s => (string)s!["status"]!, s => (int)s!["count"]!);

    private static async Task<(string, decimal)[]> TonnageAsync(ApiClient client, string by, int year) =>
        (await client.GetAsync($"/api/waste/command-centre/tonnage?by={by}&year={year}").ExpectJson(HttpStatusCode.OK)).AsArray()
            .Select(t => ((string)t!["key"]!, (decimal)t["tonnes"]!)).ToArray();

    private static async Task<int> IncompatibleAlertsAsync(ApiClient client)
    {
        var byKind = (await client.GetAsync("/api/waste/command-centre/alerts").ExpectJson(HttpStatusCode.OK))["byKind"]!.AsArray();
        return byKind.Where(k => (string?)k!["kind"] == "IncompatibleDeposit").Sum(k => (int)k!["count"]!);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CommandCentreApiTestsOnSqlite(SqliteAppFactory factory) : CommandCentreApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class CommandCentreApiTestsOnPostgreSql(PostgresAppFactory factory) : CommandCentreApiTests(factory);
