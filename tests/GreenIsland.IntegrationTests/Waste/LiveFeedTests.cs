extern alias cli;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using cli::GreenIsland.Cli.Telemetry;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Demo;
using GreenIsland.Platform.Tenancy;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Features.Cabinets;
using GreenIsland.Waste.Features.PickupRequests;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// Issue 5, item 12 and ADR 0010: the demo's live feed (<c>greenisland simulate</c>'s <see cref="CabinetFeed"/>) against
/// the real host with the seeded demo district. The feed finds the demo cabinets through the API, gets each its own
/// device key, and its readings are accepted; over simulated time the cabinets fill, and a cabinet crossing 0.8 opens
/// exactly one pickup request, in its collector's queue. Feed and host share a controllable clock, so simulated weeks
/// pass in a few steps without sleeping.
/// </summary>
public abstract class LiveFeedTests(GreenIslandAppFactory factory)
{
    /// <summary>run.sh's default: a simulated day per real minute.</summary>
    private const double Speed = 1440;

    /// <summary>Clock time per feed step (30 simulated days): longer than the report interval, so every cabinet reports at every step.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(30);

    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    [Fact]
    public async Task Feed_FindsTheDemoCabinets_ReportsWithTheirOwnKeys_AndACabinetPast80PercentOpensExactlyOnePickupRequest()
    {
        await using var demo = await App.CreateIsolatedAsync(("Demo:Seed", "true"), ("Demo:Enabled", "true"));
        var real = TimeProvider.System.GetUtcNow();
        var clock = new Telemetry.FakeTimeProvider(real.AddTicks(-(real.Ticks % TimeSpan.TicksPerSecond)));
        await using var host = demo.At(clock);
        using var admin = await SignedInAsync(host, "admin");
        using var dispatcher = await SignedInAsync(host, "dispatcher");
        var collectorId = (Guid)(await dispatcher.GetAsync("/api/auth/me").ExpectJson(HttpStatusCode.OK))["organisationId"]!;

        // What the feed should find: every demo cabinet, each bound to a registered demo storage-cabinet device.
        var before = (await admin.GetAsync("/api/waste/cabinets").ExpectJson(HttpStatusCode.OK)).AsArray().Select(c => c!).ToDictionary(c => (Guid)c["id"]!);
        Assert.Equal(DemoDistrict.EnterpriseCount, before.Count);
        // Armed: no active request and the fill rule ready to raise (the seed's cabinets over 0.8 already have their request).
        var armed = before.Values.Where(c => c["activePickupRequestId"] is null && (bool)c["fillArmed"]!).Select(c => (Guid)c["id"]!).ToHashSet();
        Assert.True(armed.Count > before.Count / 2, $"{armed.Count} of {before.Count} demo cabinets armed");

        // The feed signs in as the demo platform admin that /api/system/info lists, exactly as `greenisland simulate` does.
        var statePath = Path.Combine(Path.GetTempPath(), $"gi-feed-{Guid.NewGuid():N}", "cabinet-keys.json");
        var sent = new SentFills();
        using var http = host.CreateDefaultClient(new Uri("http://localhost"), sent);
        var log = new StringWriter();
        var feed = new CabinetFeed(http, log, Speed, ct => CabinetFeed.SignInAsync(http, null, null, ct), clock);
        try
        {
            Assert.Equal(before.Count, await feed.StartAsync("http://localhost", statePath, CancellationToken.None));
            Assert.Equal(before.Keys.Order(), feed.Cabinets.Select(c => c.CabinetId).Order());
            Assert.All(feed.Cabinets, c => Assert.Equal((Guid)before[c.CabinetId]["deviceId"]!, c.DeviceId));
            Assert.All(feed.Cabinets, c => Assert.Equal((double?)before[c.CabinetId]["fillRatio"] ?? 0.1, c.Fill, 9)); // continues from the current fill

            // Each cabinet's device got its own key through the API, kept in the state file for the next run.
            Assert.Equal(feed.Cabinets.Count, feed.Cabinets.Select(c => c.Key).Distinct(StringComparer.Ordinal).Count());
            var saved = JsonNode.Parse(await File.ReadAllTextAsync(statePath))!["keys"]!.AsObject();
            Assert.Equal(feed.Cabinets.Count, saved.Count);
            Assert.All(feed.Cabinets, c => Assert.Equal(c.Key, (string?)saved[c.DeviceId.ToString()]));

            // Simulated time passes: every step, every cabinet reports its five readings with its own key, all accepted.
            var startFill = feed.Cabinets.ToDictionary(c => c.CabinetId, c => c.Fill);
            var deposits = 0;
            var previous = startFill;
            for (var i = 0; i < 2; i++)
            {
                clock.Advance(Step);
                var step = await feed.StepAsync(CancellationToken.None);
                Assert.True(step.Failed == 0 && step.Rejected == 0, $"step {i}: {step}\n{log}");
                Assert.Equal(feed.Cabinets.Count, step.Reports);
                Assert.Equal(5 * step.Reports, step.Accepted);
                deposits += step.Deposits;
                await DeliverOutboxAsync(host, clock);

                // No collections run here: fills only rise, and some rise at every step.
                Assert.All(feed.Cabinets, c => Assert.True(c.Fill >= previous[c.CabinetId], $"step {i}, {c.CabinetId}: {previous[c.CabinetId]} -> {c.Fill}"));
                Assert.Contains(feed.Cabinets, c => c.Fill > previous[c.CabinetId]);
                previous = feed.Cabinets.ToDictionary(c => c.CabinetId, c => c.Fill);
            }

            // Sixty simulated days: cabinets filled with deposits, and the platform's cabinets show the feed's fill.
            Assert.True(deposits >= feed.Cabinets.Count, $"{deposits} deposits in 60 simulated days for {feed.Cabinets.Count} cabinets");
            var after = (await admin.GetAsync("/api/waste/cabinets").ExpectJson(HttpStatusCode.OK)).AsArray().Select(c => c!).ToDictionary(c => (Guid)c["id"]!);
            foreach (var c in feed.Cabinets)
            {
                Assert.InRange((double)after[c.CabinetId]["fillRatio"]!, c.Fill - 0.0031, c.Fill + 0.0031);
            }

            Assert.True(feed.Cabinets.Count(c => c.Fill > startFill[c.CabinetId]) > feed.Cabinets.Count / 2);

            // The rules see what the feed sends: its model's fill plus the sensor's noise (up to 0.003 either way), so a
            // cabinet whose model has just passed 0.8 may still have reported 0.7998, and rightly has no request yet (and
            // one the model leaves at 0.799 may have reported 0.801). The expectations follow the fill readings sent.
            bool Reached(Guid cabinetId) => sent.Of(feed.Cabinets.Single(c => c.CabinetId == cabinetId).DeviceId).Any(f => f.Value >= CabinetFeed.Trigger);
            var crossed = armed.Where(c => startFill[c] < CabinetFeed.Trigger && Reached(c)).ToHashSet();
            Assert.NotEmpty(crossed);

            // Every armed cabinet that reported 0.8 or more has exactly one open pickup request, and every other armed
            // cabinet none.
            var open = (await admin.GetAsync("/api/waste/pickup-requests?status=Open").ExpectJson(HttpStatusCode.OK)).AsArray().Select(r => r!).ToList();
            await AssertOpenRequestsAsync(open, "after two simulated months");

            // A crossed cabinet's request is for a collector that serves its enterprise; those of the demo dispatcher's
            // company are in the dispatcher's queue.
            var queue = (await dispatcher.GetAsync("/api/waste/pickup-requests?status=Open").ExpectJson(HttpStatusCode.OK)).AsArray()
                .Select(r => (Guid)r!["cabinetId"]!).ToList();
            foreach (var cabinetId in crossed)
            {
                var request = open.Single(r => (Guid)r["cabinetId"]! == cabinetId);
                var agreements = (await admin.GetAsync($"/api/waste/service-agreements?generatorId={(Guid)before[cabinetId]["organisationId"]!}").ExpectJson(HttpStatusCode.OK)).AsArray();
                Assert.Contains(agreements, a => (Guid)a!["collectorId"]! == (Guid)request["collectorId"]!);
                Assert.Equal((Guid)request["collectorId"]! == collectorId ? 1 : 0, queue.Count(q => q == cabinetId));
            }

            Assert.Contains(crossed, c => queue.Contains(c));

            // More readings above the threshold (a further simulated month) open no second request.
            clock.Advance(Step);
            var further = await feed.StepAsync(CancellationToken.None);
            Assert.Equal(0, further.Failed + further.Rejected);
            Assert.Equal(5 * feed.Cabinets.Count, further.Accepted);
            await DeliverOutboxAsync(host, clock);

            var openLater = (await admin.GetAsync("/api/waste/pickup-requests?status=Open").ExpectJson(HttpStatusCode.OK)).AsArray().Select(r => r!).ToList();
            Assert.All(crossed, cabinetId => Assert.Single(openLater, r => (Guid)r["cabinetId"]! == cabinetId));
            await AssertOpenRequestsAsync(openLater, "a simulated month later");

            async Task AssertOpenRequestsAsync(List<JsonNode> requests, string when)
            {
                foreach (var cabinetId in armed)
                {
                    var count = requests.Count(r => (Guid)r["cabinetId"]! == cabinetId);
                    var expected = Reached(cabinetId) ? 1 : 0;
                    if (count != expected)
                    {
                        Assert.Fail(await DiagnoseAsync(host, cabinetId, $"{count} open requests {when}, expected {expected}", startFill, feed, sent));
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(statePath)!, recursive: true);
        }
    }

    /// <summary>What the platform holds about a cabinet, for an assertion's message: its state, requests, alerts and the fills the feed sent.</summary>
    private static async Task<string> DiagnoseAsync(WebApplicationFactory<Program> host, Guid cabinetId, string what, IReadOnlyDictionary<Guid, double> startFill,
        CabinetFeed feed, SentFills sent)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WasteDbContext>();
        var cabinet = await db.Set<Cabinet>().IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == cabinetId);
        var requests = await db.Set<PickupRequest>().IgnoreQueryFilters().AsNoTracking().Where(r => r.CabinetId == cabinetId).OrderBy(r => r.RaisedAt).ToListAsync();
        var alerts = await db.Set<WasteAlert>().IgnoreQueryFilters().AsNoTracking().Where(a => a.CabinetId == cabinetId).OrderBy(a => a.RaisedAt).ToListAsync();
        var model = feed.Cabinets.Single(c => c.CabinetId == cabinetId);
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"cabinet {cabinetId}: {what}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  feed model fill {startFill[cabinetId]:0.0000} -> {model.Fill:0.0000}; fills sent: {string.Join(", ", sent.Of(model.DeviceId).Select(f => $"{f.At:HH:mm:ss} {f.Value:0.0000}"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  platform: fill {cabinet.FillRatio:0.0000}, armed {cabinet.FillArmed}, last reading {cabinet.LastReadingAt:O}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  requests (last 5 of {requests.Count}): {string.Join("; ", requests.TakeLast(5).Select(r => $"{r.Status} {r.Origin} fill {r.FillRatioAtRaise:0.000} raised {r.RaisedAt:O} collector {r.CollectorId.Value}"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  alerts (last 5 of {alerts.Count}): {string.Join("; ", alerts.TakeLast(5).Select(a => $"{a.Kind} {a.Status} {a.Value:0.000} {a.RaisedAt:O} '{a.Message}'"))}");
        return text.ToString();
    }

    /// <summary>Records the fill readings the feed posts (the feed's model fill plus sensor noise is what the rules see).</summary>
    private sealed class SentFills : DelegatingHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(Guid Device, DateTime At, double Value)> fills = new();

        public IEnumerable<(DateTime At, double Value)> Of(Guid device) => fills.Where(f => f.Device == device).Select(f => (f.At, f.Value)).OrderBy(f => f.At);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath == "/api/telemetry/readings" && request.Content is not null)
            {
                var body = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))!;
                foreach (var reading in body["readings"]!.AsArray().Where(r => (string?)r!["metric"] == "fill_ratio"))
                {
                    fills.Enqueue(((Guid)reading!["deviceId"]!, (DateTime)reading["ts"]!, (double)reading["value"]!));
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    private static async Task<ApiClient> SignedInAsync(WebApplicationFactory<Program> host, string userName)
    {
        var session = new SessionHandler();
        var client = new ApiClient(host.CreateDefaultClient(new Uri("http://localhost"), session), session);
        await client.LoginOkAsync(userName, DemoDistrict.Password);
        return client;
    }

    /// <summary>The Telemetry outbox delivers the accepted readings to Waste's rules (the background job is off in tests).</summary>
    private static async Task DeliverOutboxAsync(WebApplicationFactory<Program> host, Telemetry.FakeTimeProvider clock)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem();
        var dispatcher = scope.ServiceProvider.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DispatchPendingAsync(clock.GetUtcNow().UtcDateTime.AddMinutes(1), CancellationToken.None) > 0)
        {
        }

        // Everything was delivered: a subscriber that failed would leave its message pending with the error.
        var stuck = await scope.ServiceProvider.GetRequiredService<GreenIsland.Telemetry.Persistence.TelemetryDbContext>().Outbox
            .Where(m => m.DeliveredAt == null).Select(m => m.Type + ": " + m.LastError).Take(3).ToListAsync();
        Assert.True(stuck.Count == 0, string.Join("\n", stuck));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class LiveFeedTestsOnSqlite(SqliteAppFactory factory) : LiveFeedTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class LiveFeedTestsOnPostgreSql(PostgresAppFactory factory) : LiveFeedTests(factory);
