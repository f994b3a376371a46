using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Features.Declarations;
using GreenIsland.Waste.Features.Plans;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// The standardised-management evaluation through the HTTP API, on both providers: enterprises arranged with known
/// evidence (an incomplete label, a container past the storage limit, an incompatible deposit, no plan, a late
/// declaration, a manifest not confirmed by its deadline, an open discrepancy) lose exactly the points the indicator
/// set gives, each with its reason, and the regulator's ranking orders them by score. It runs on a host whose clock is
/// fixed in mid-June (a fake <see cref="TimeProvider"/>), so the evaluation year always has months of evidence behind it
/// and the plan's 31 March due date has passed, whatever the real date.
/// </summary>
public abstract class EvaluationApiTests(GreenIslandAppFactory factory)
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
    public async Task Score_LosesThePointsOfEachFailingIndicatorWithItsReason_AndTheRankingOrdersByScore()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now.Add(China));
        var year = today.Year;
        await using var host = App.At(Clock);
        var (collector, _) = await App.MemberAsync(PlatformRoles.CollectorDispatcher);
        var (disposal, _) = await App.MemberAsync(PlatformRoles.DisposalOperator);
        var (_, regulatorUser) = await App.MemberAsync(PlatformRoles.Regulator);
        using var regulator = await host.SignedInAtAsync(regulatorUser);

        // The careless enterprise.
        var bad = await EnterpriseAtAsync(host);
        var acid = await bad.StreamAsync("900-052-31", "废铅蓄电池酸液", "Acid");
        var alkali = await bad.StreamAsync("336-064-17", "碱性除油废槽液", "AlkalineCaustic");
        await DepositAsync(bad, acid, complete: true);
        await DepositAsync(bad, acid, complete: false);
        var old = await DepositAsync(bad, acid, complete: true);
        await App.WithScopeAsync(sp => sp.GetRequiredService<WasteDbContext>().Set<WasteContainer>().IgnoreQueryFilters()
            .Where(c => c.Id == old).ExecuteUpdateAsync(u => u
                .SetProperty(c => c.DepositedAt, now.AddDays(-400))
                .SetProperty(c => c.GeneratedOn, today.AddDays(-400))
                .SetProperty(c => c.StorageLimitDate, today.AddDays(-35))));
        await bad.Admin.PostJsonAsync("/api/waste/containers",
            new { cabinetId = bad.CabinetId, compartmentNumber = 2, streamId = alkali, weightKg = 3m, volumeLitres = 20 }).Expect(HttpStatusCode.Conflict);
        var lastYearDeclaration = await bad.Admin.PostJsonAsync("/api/waste/declarations", new { year = year - 1, periodIndex = 1 }).ExpectJson(HttpStatusCode.OK);
        await bad.Admin.PostJsonAsync($"/api/waste/declarations/{(string)lastYearDeclaration["id"]!}/submit", new { }).Expect(HttpStatusCode.OK);
        await App.ManifestAsync(bad.Organisation, collector, disposal, ManifestStatus.Received, start: now.AddDays(-20));
        await App.ManifestAsync(bad.Organisation, collector, disposal, ManifestStatus.Received, shippedG: 120_000, receivedG: 100_000, start: now.AddHours(-6));

        // The exemplary one: everything on time.
        var good = await EnterpriseAtAsync(host);
        await DepositAsync(good, await good.StreamAsync("900-041-49", "含油废抹布", "General"), complete: true);
        await FilePlanAsync(good, year, filedAt: new DateTime(year, 3, 1, 2, 0, 0, DateTimeKind.Utc));
        await DeclareOnTimeAsync(good, year - 1, submittedAt: new DateTime(year, 3, 10, 2, 0, 0, DateTimeKind.Utc));
        await App.ManifestAsync(good.Organisation, collector, disposal, ManifestStatus.Disposed, start: now.AddHours(-6));

        // In between: only the plan is missing.
        var middle = await EnterpriseAtAsync(host);
        await DepositAsync(middle, await middle.StreamAsync("900-041-49", "含油废抹布", "General"), complete: true);
        await DeclareOnTimeAsync(middle, year - 1, submittedAt: new DateTime(year, 3, 10, 2, 0, 0, DateTimeKind.Utc));

        var badScore = await regulator.GetAsync($"/api/waste/evaluation?organisationId={bad.Organisation.Id.Value}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(year, (int)badScore["year"]!);
        AssertLost(badScore, "labels_complete", 7.5m, "1 of 2 containers have an incomplete label");
        AssertLost(badScore, "storage_age", 5.0m, "1 of 3 containers exceeded the storage-age limit");
        AssertLost(badScore, "compatible_storage", 2.5m, "1 incompatible-storage alert(s)");
        AssertLost(badScore, "plan_filed", 15m, "The annual management plan was not filed by 31 March");
        AssertLost(badScore, "declarations_on_time", 15m, "1 of 1 declarations late or missing");
        AssertLost(badScore, "manifests_confirmed", 7.5m, "1 of 2 manifests not confirmed within the deadline");
        AssertLost(badScore, "discrepancies_resolved", 15m, "1 of 1 weight discrepancies unresolved");
        var badExpected = 100m - 7.5m - 5m - 2.5m - 15m - 15m - 7.5m - 15m;
        Assert.Equal(badExpected, (decimal)badScore["score"]!);
        Assert.Contains("个容器标签信息不完整", (string)Indicator(badScore, "labels_complete")["lost"]![0]!["reason"]!, StringComparison.Ordinal);

        var goodScore = await regulator.GetAsync($"/api/waste/evaluation?organisationId={good.Organisation.Id.Value}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(100m, (decimal)goodScore["score"]!);
        Assert.All(goodScore["indicators"]!.AsArray(), i => Assert.Empty(i!["lost"]!.AsArray()));
        var middleScore = await regulator.GetAsync($"/api/waste/evaluation?organisationId={middle.Organisation.Id.Value}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal(85m, (decimal)middleScore["score"]!);

        // The enterprise reads its own score; another enterprise cannot.
        Assert.Equal(badExpected, (decimal)(await bad.Admin.GetAsync("/api/waste/evaluation").ExpectJson(HttpStatusCode.OK))["score"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await good.Admin.GetAsync($"/api/waste/evaluation?organisationId={bad.Organisation.Id.Value}")).StatusCode);

        // The regulator's ranking: best first, ranks contiguous, the points lost per indicator listed.
        var ranking = (await regulator.GetAsync("/api/waste/evaluation/ranking").ExpectJson(HttpStatusCode.OK)).AsArray().Select(r => r!).ToList();
        Assert.Equal(Enumerable.Range(1, ranking.Count), ranking.Select(r => (int)r["rank"]!));
        Assert.Equal(ranking.Select(r => (decimal)r["score"]!).OrderDescending(), ranking.Select(r => (decimal)r["score"]!));
        var mine = ranking.Where(r => (string?)r["organisationId"] is { } id
            && (id == good.Organisation.Id.Value.ToString() || id == middle.Organisation.Id.Value.ToString() || id == bad.Organisation.Id.Value.ToString())).ToList();
        Assert.Equal([good.Organisation.Name, middle.Organisation.Name, bad.Organisation.Name], mine.Select(r => (string)r["organisationName"]!));
        var badLosses = mine[2]["pointsLost"]!.AsArray().ToDictionary(l => (string)l!["code"]!, l => (decimal)l!["points"]!);
        Assert.Equal(7.5m, badLosses["labels_complete"]);
        Assert.Equal(15m, badLosses["discrepancies_resolved"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await bad.Admin.GetAsync("/api/waste/evaluation/ranking")).StatusCode);
    }

    /// <summary>15 June 2026: months into its year, after the plan's due date, and in the past (the arranged manifests are signed at real time).</summary>
    private static TimeProvider Clock { get; } = new Telemetry.FakeTimeProvider(new DateTimeOffset(2026, 6, 15, 2, 0, 0, TimeSpan.Zero));

    /// <summary>An enterprise with a cabinet whose admin acts on the clocked host (deposits, plans and declarations at its time).</summary>
    private async Task<WasteEnterprise> EnterpriseAtAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host)
    {
        var (organisation, admin) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        return await WasteArrange.CabinetForAsync(organisation, await host.SignedInAtAsync(admin));
    }

    private static JsonNode Indicator(JsonNode score, string code) =>
        score["indicators"]!.AsArray().Single(i => (string?)i!["code"] == code)!;

    private static void AssertLost(JsonNode score, string code, decimal points, string? reasonEn)
    {
        var indicator = Indicator(score, code);
        var lost = indicator["lost"]!.AsArray();
        Assert.Equal((decimal)indicator["weight"]! - points, (decimal)indicator["points"]!);
        if (reasonEn is null)
        {
            Assert.Empty(lost);
            return;
        }

        var single = Assert.Single(lost)!;
        Assert.Equal(points, (decimal)single["points"]!);
        Assert.Equal(reasonEn, (string?)single["reasonEn"]);
    }

    private static async Task<Guid> DepositAsync(WasteEnterprise enterprise, Guid stream, bool complete)
    {
        object body = complete
            ? new { cabinetId = enterprise.CabinetId, compartmentNumber = 1, streamId = stream, weightKg = 5m, volumeLitres = 20, mainComponents = "硫酸、铅", precautions = "防腐蚀，远离碱" }
            : new { cabinetId = enterprise.CabinetId, compartmentNumber = 1, streamId = stream, weightKg = 5m, volumeLitres = 20 };
        var deposited = await enterprise.Admin.PostJsonAsync("/api/waste/containers", body).ExpectJson(HttpStatusCode.Created);
        return Guid.Parse((string)deposited["id"]!);
    }

    private async Task FilePlanAsync(WasteEnterprise enterprise, int year, DateTime filedAt)
    {
        var plan = await enterprise.Admin.PutJsonAsync($"/api/waste/management-plans/{year}", new
        {
            reductionMeasures = "延长抹布使用周期", storageMeasures = "暂存柜分区贮存", transferPlan = "委托持证单位收运",
            lines = new object[] { new { wasteCode = "900-041-49", wasteName = "含油废抹布", expectedKg = 300 } },
        }).ExpectJson(HttpStatusCode.OK);
        var id = Guid.Parse((string)plan["id"]!);
        await enterprise.Admin.PostJsonAsync($"/api/waste/management-plans/{id}/file", new { }).Expect(HttpStatusCode.OK);

        // The filing happened before 31 March (the clocked host is in June).
        await App.WithScopeAsync(sp => sp.GetRequiredService<WasteDbContext>().Set<ManagementPlan>().IgnoreQueryFilters()
            .Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.FiledAt, filedAt)));
    }

    private async Task DeclareOnTimeAsync(WasteEnterprise enterprise, int year, DateTime submittedAt)
    {
        var opened = await enterprise.Admin.PostJsonAsync("/api/waste/declarations", new { year, periodIndex = 1 }).ExpectJson(HttpStatusCode.OK);
        var id = Guid.Parse((string)opened["id"]!);
        await enterprise.Admin.PostJsonAsync($"/api/waste/declarations/{id}/submit", new { }).Expect(HttpStatusCode.OK);
        await App.WithScopeAsync(sp => sp.GetRequiredService<WasteDbContext>().Set<Declaration>().IgnoreQueryFilters()
            .Where(d => d.Id == id).ExecuteUpdateAsync(u => u.SetProperty(d => d.SubmittedAt, submittedAt)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class EvaluationApiTestsOnSqlite(SqliteAppFactory factory) : EvaluationApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class EvaluationApiTestsOnPostgreSql(PostgresAppFactory factory) : EvaluationApiTests(factory);
