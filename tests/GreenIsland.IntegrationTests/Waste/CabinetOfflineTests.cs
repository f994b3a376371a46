using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Tenancy;
using GreenIsland.Telemetry.Liveness;
using GreenIsland.Telemetry.Outbox;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// Issue 5 §3 (cabinet offline), on both providers: a cabinet whose Telemetry device falls silent for more than three
/// reporting intervals raises exactly one offline alert; the liveness job
/// running again adds none; when readings resume the alert is closed.
/// </summary>
public abstract class CabinetOfflineTests(GreenIslandAppFactory factory)
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
    public async Task SilentCabinet_RaisesOneOfflineAlert_ClosedWhenReadingsResume()
    {
        var app = App;
        var (generator, admin) = await app.MemberAsync(PlatformRoles.EnterpriseAdmin, app.District.TownA);
        using var client = await app.SignedInAsync(admin);
        var (deviceId, key, cabinetId) = await DispatchAdjustmentTests.CabinetAsync(client, generator);
        // A whole second: PostgreSQL keeps microseconds, so the last-seen time is exactly the start and the 15-minute limit exact.
        var real = TimeProvider.System.GetUtcNow();
        var clock = new Telemetry.FakeTimeProvider(real.AddTicks(-(real.Ticks % TimeSpan.TicksPerSecond)));
        await using var host = app.At(clock);
        var start = clock.GetUtcNow().UtcDateTime;

        // The device reports (interval 300 s) and falls silent: after 10 minutes it is still online.
        await ReadingAsync(host, clock, deviceId, key, 0.3);
        await LivenessAsync(host, start.AddMinutes(10));
        Assert.Empty(await OfflineAlertsAsync(client, cabinetId));

        // 15 minutes of silence is the limit; 16 minutes is offline: one alert.
        await LivenessAsync(host, start.AddMinutes(15));
        Assert.Empty(await OfflineAlertsAsync(client, cabinetId));
        await LivenessAsync(host, start.AddMinutes(16));
        var alert = Assert.Single(await OfflineAlertsAsync(client, cabinetId))!;
        Assert.Equal("Open", (string?)alert["status"]);
        Assert.Equal(generator.Id.Value.ToString(), (string?)alert["organisationId"]);

        // The job keeps running while the cabinet stays silent: still one alert.
        await LivenessAsync(host, start.AddMinutes(20));
        await LivenessAsync(host, start.AddMinutes(40));
        Assert.Single(await OfflineAlertsAsync(client, cabinetId));

        // Readings resume: the device is back online and the alert is closed with its reason.
        clock.Now = new DateTimeOffset(start.AddMinutes(45), TimeSpan.Zero);
        await ReadingAsync(host, clock, deviceId, key, 0.31);
        await LivenessAsync(host, start.AddMinutes(45).AddSeconds(30));
        var closed = Assert.Single(await OfflineAlertsAsync(client, cabinetId))!;
        Assert.Equal("Closed", (string?)closed["status"]);
        Assert.Equal((string?)alert["id"], (string?)closed["id"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)closed["closeReason"]));
        Assert.Empty(await OfflineAlertsAsync(client, cabinetId, "Open"));

        // Online and reporting: the job finds nothing more to say.
        await LivenessAsync(host, start.AddMinutes(47));
        Assert.Single(await OfflineAlertsAsync(client, cabinetId));
    }

    /// <summary>A fill reading through the real ingest of the clocked host (which stamps the device's last-seen time).</summary>
    private static async Task ReadingAsync(WebApplicationFactory<Program> host, Telemetry.FakeTimeProvider clock, Guid deviceId, string key, double fill)
    {
        using var http = host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings")
        {
            Content = System.Net.Http.Json.JsonContent.Create(
                new { readings = new[] { new { deviceId, metric = "fill_ratio", ts = clock.GetUtcNow().UtcDateTime, value = fill } } }, options: Json.Options),
        };
        request.Headers.Add("X-Device-Key", key);
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Runs Telemetry's liveness job at a time, then the outbox delivers its events to Waste's subscriber.</summary>
    private static async Task LivenessAsync(WebApplicationFactory<Program> host, DateTime at)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem();
        await scope.ServiceProvider.GetRequiredService<LivenessMonitor>().RunOnceAsync(at, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync(at, CancellationToken.None);
    }

    private static async Task<List<JsonNode?>> OfflineAlertsAsync(ApiClient client, string cabinetId, string? status = null) =>
        (await client.GetAsync($"/api/waste/alerts?kind=CabinetOffline&cabinetId={cabinetId}" + (status is null ? "" : $"&status={status}"))
            .ExpectJson(HttpStatusCode.OK)).AsArray().Where(a => (string?)a!["cabinetId"] == cabinetId).ToList();
}

[Collection(SqliteCollection.Name)]
public sealed class CabinetOfflineTestsOnSqlite(SqliteAppFactory factory) : CabinetOfflineTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class CabinetOfflineTestsOnPostgreSql(PostgresAppFactory factory) : CabinetOfflineTests(factory);
