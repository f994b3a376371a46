using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// Signed webhooks end to end against a real local HTTP listener: the signature verifies with the secret shown at
/// creation, a 500 is retried, a delivered event is never sent twice, and other organisations' events never arrive.
/// </summary>
public abstract class WebhookDeliveryTests(GreenIslandAppFactory factory)
{
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _failuresLeft;

        public Receiver(int failFirst)
        {
            _failuresLeft = failFirst;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/hooks/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        /// <summary>Answers the next <paramref name="count"/> requests with 500.</summary>
        public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

        public ConcurrentQueue<(int Answer, string Body, string Signature, string EventId)> Requests { get; } = new();

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var answer = Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 204;
                Requests.Enqueue((answer, body, context.Request.Headers[WebhookSigning.SignatureHeader] ?? string.Empty,
                    context.Request.Headers[WebhookSigning.EventIdHeader] ?? string.Empty));
                context.Response.StatusCode = answer;
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            _listener.Close();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }
    }

    [Fact]
    public async Task ManifestTransitions_AreDeliveredSigned_RetriedAfterA500_AndNeverTwice()
    {
        factory.RequireDatabase();
        await using var app = await factory.CreateIsolatedAsync(
            ("Waste:Webhooks:AllowInsecureUrls", "true"), ("Waste:Webhooks:BackgroundDelivery", "false"), ("Waste:Webhooks:InitialRetryDelay", "00:00:00"));
        var (generator, admin) = await app.MemberAsync(PlatformRoles.EnterpriseAdmin);
        var (other, _) = await app.MemberAsync(PlatformRoles.EnterpriseAdmin);
        var carrier = await app.OrganisationAsync(OrganisationType.Collector);
        var receiver = await app.OrganisationAsync(OrganisationType.DisposalFacility);
        await using var listener = new Receiver(failFirst: 1);
        using var client = await app.SignedInAsync(admin);

        var created = await client.PostJsonAsync("/api/waste/webhooks/subscriptions", new { url = listener.Url, description = "ERP" }).ExpectJson(HttpStatusCode.Created);
        var secret = (string)created["secret"]!;
        var subscriptionId = (string)created["subscription"]!["id"]!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var listed = await (await client.GetAsync("/api/waste/webhooks/subscriptions").Expect(HttpStatusCode.OK)).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);

        await app.ManifestAsync(generator, carrier, receiver, ManifestStatus.InTransit);   // Drawn, SignedByGenerator, InTransit
        await app.ManifestAsync(other, carrier, receiver, ManifestStatus.InTransit);       // another enterprise's: never delivered

        async Task<int> RoundAsync() => await app.WithScopeAsync(sp => sp.GetRequiredService<WebhookDispatcher>().RunOnceAsync(CancellationToken.None));

        Assert.Equal(3, await RoundAsync());   // three attempts, the first answered 500
        Assert.Equal(1, await RoundAsync());   // the failed one is due again at once (zero initial delay) and succeeds
        Assert.Equal(0, await RoundAsync());   // nothing left: no duplicate
        Assert.Equal(0, await RoundAsync());

        var requests = listener.Requests.ToList();
        Assert.Equal(4, requests.Count);
        Assert.Equal(500, requests[0].Answer);
        Assert.Equal(3, requests.Where(r => r.Answer == 204).Select(r => r.EventId).Distinct().Count());
        Assert.Equal(requests[0].EventId, requests.Skip(1).Single(r => r.EventId == requests[0].EventId).EventId);
        Assert.All(requests, r => Assert.True(WebhookSigning.Verify(secret, r.Signature, Encoding.UTF8.GetBytes(r.Body), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))));
        Assert.All(requests, r => Assert.Contains(generator.Id.Value.ToString(), r.Body, StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.Body.Contains(other.Id.Value.ToString(), StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Body.Contains("\"type\":\"manifest.in_transit\"", StringComparison.Ordinal));

        var log = (await client.GetAsync($"/api/waste/webhooks/subscriptions/{subscriptionId}/deliveries").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Equal(3, log.Count);
        Assert.All(log, d => Assert.Equal("Succeeded", (string?)d!["status"]));
        Assert.Contains(log, d => (int)d!["attempts"]! == 2 && (int?)d["lastStatusCode"] == 204);
    }

    [Fact]
    public async Task RegulatorSubscription_ReceivesEveryManifestOfItsTown_SignedWithTheDiscrepancyFlag_AndNothingElse()
    {
        factory.RequireDatabase();
        await using var app = await factory.CreateIsolatedAsync(
            ("Waste:Webhooks:AllowInsecureUrls", "true"), ("Waste:Webhooks:BackgroundDelivery", "false"), ("Waste:Webhooks:InitialRetryDelay", "00:00:00"));
        var townA = app.District.TownA;
        var (_, regulatorUser) = await app.MemberAsync(PlatformRoles.Regulator, townA, supervised: townA);
        var (_, otherRegulatorUser) = await app.MemberAsync(PlatformRoles.Regulator, app.District.TownB, supervised: app.District.TownB);
        var inTown = await app.OrganisationAsync(OrganisationType.Enterprise, townA);
        var elsewhere = await app.OrganisationAsync(OrganisationType.Enterprise, app.District.TownB);
        var carrier = await app.OrganisationAsync(OrganisationType.Collector, app.District.TownB);
        var receiver = await app.OrganisationAsync(OrganisationType.DisposalFacility, app.District.TownB);
        await using var listener = new Receiver(failFirst: 0);
        using var regulator = await app.SignedInAsync(regulatorUser);
        using var otherRegulator = await app.SignedInAsync(otherRegulatorUser);

        var created = await regulator.PostJsonAsync("/api/waste/webhooks/subscriptions", new { url = listener.Url, description = "监管平台" }).ExpectJson(HttpStatusCode.Created);
        var secret = (string)created["secret"]!;
        var subscriptionId = (string)created["subscription"]!["id"]!;
        Assert.Equal("Jurisdiction", (string?)created["subscription"]!["scope"]);
        Assert.Equal(townA.Value.ToString(), (string?)created["subscription"]!["townId"]);

        // In its town: drawn, signed, in transit, received 17 % light (discrepancy). Elsewhere: never delivered.
        var manifestId = await app.ManifestAsync(inTown, carrier, receiver, ManifestStatus.Received, shippedG: 120_000, receivedG: 100_000);
        await app.ManifestAsync(elsewhere, carrier, receiver, ManifestStatus.Received);
        Assert.Equal(4, await app.WithScopeAsync(sp => sp.GetRequiredService<WebhookDispatcher>().RunOnceAsync(CancellationToken.None)));
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<WebhookDispatcher>().RunOnceAsync(CancellationToken.None)));

        var requests = listener.Requests.ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests, r => Assert.True(WebhookSigning.Verify(secret, r.Signature, Encoding.UTF8.GetBytes(r.Body), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))));
        Assert.All(requests, r => Assert.Contains(manifestId.ToString(), r.Body, StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.Body.Contains(elsewhere.Id.Value.ToString(), StringComparison.Ordinal));
        var received = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(requests, r => r.Body.Contains("\"type\":\"manifest.received\"", StringComparison.Ordinal)).Body)!;
        Assert.True((bool)received["manifest"]!["discrepancy"]!);
        Assert.Equal(townA.Value.ToString(), (string?)received["manifest"]!["townId"]);
        var drawn = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(requests, r => r.Body.Contains("\"type\":\"manifest.draft\"", StringComparison.Ordinal)).Body)!;
        Assert.False((bool)drawn["manifest"]!["discrepancy"]!);

        // Its delivery log; another regulator neither sees the subscription nor its log.
        var log = (await regulator.GetAsync($"/api/waste/webhooks/subscriptions/{subscriptionId}/deliveries").ExpectJson(HttpStatusCode.OK)).AsArray();
        Assert.Equal(4, log.Count);
        Assert.All(log, d => Assert.Equal("Succeeded", (string?)d!["status"]));
        Assert.Equal(HttpStatusCode.NotFound, (await otherRegulator.GetAsync($"/api/waste/webhooks/subscriptions/{subscriptionId}/deliveries")).StatusCode);
        Assert.DoesNotContain(subscriptionId, await (await otherRegulator.GetAsync("/api/waste/webhooks/subscriptions")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRegulator.SendAsync(HttpMethod.Delete, $"/api/waste/webhooks/subscriptions/{subscriptionId}")).StatusCode);
    }

    [Fact]
    public async Task OverdueConfirmation_IsAnEventDeliveredToTheRegulatorAndTheGenerator_Signed_RetriedAndLogged_Once()
    {
        factory.RequireDatabase();
        await using var app = await factory.CreateIsolatedAsync(
            ("Waste:Webhooks:AllowInsecureUrls", "true"), ("Waste:Webhooks:BackgroundDelivery", "false"), ("Waste:Webhooks:InitialRetryDelay", "00:00:00"));
        var townA = app.District.TownA;
        var (_, regulatorUser) = await app.MemberAsync(PlatformRoles.Regulator, townA, supervised: townA);
        var (generator, generatorAdmin) = await app.MemberAsync(PlatformRoles.EnterpriseAdmin, townA);
        var carrier = await app.OrganisationAsync(OrganisationType.Collector, townA);
        var receiver = await app.OrganisationAsync(OrganisationType.DisposalFacility, townA);
        await using var regulatorHook = new Receiver(failFirst: 0);
        await using var generatorHook = new Receiver(failFirst: 0);
        using var regulator = await app.SignedInAsync(regulatorUser);
        using var generatorClient = await app.SignedInAsync(generatorAdmin);
        var regulatorSubscription = await regulator.PostJsonAsync("/api/waste/webhooks/subscriptions", new { url = regulatorHook.Url }).ExpectJson(HttpStatusCode.Created);
        var generatorSubscription = await generatorClient.PostJsonAsync("/api/waste/webhooks/subscriptions", new { url = generatorHook.Url }).ExpectJson(HttpStatusCode.Created);

        // A received manifest; its transitions are delivered first (four events to each subscription).
        var manifestId = await app.ManifestAsync(generator, carrier, receiver, ManifestStatus.Received);
        async Task<int> RoundAsync() => await app.WithScopeAsync(sp => sp.GetRequiredService<WebhookDispatcher>().RunOnceAsync(CancellationToken.None));
        async Task OverdueRuleAsync(DateTime now) =>
            await app.WithScopeAsync(sp => sp.GetRequiredService<GreenIsland.Waste.Features.Manifests.ManifestOverdueRule>().RunAsync(now, CancellationToken.None));
        Assert.Equal(8, await RoundAsync());
        Assert.Equal(0, await RoundAsync());
        var deadline = DateOnly.Parse((string)(await generatorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK))["confirmationDeadline"]!,
            System.Globalization.CultureInfo.InvariantCulture);
        var endOfDeadline = new DateTimeOffset(deadline.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).UtcDateTime;

        // Not yet overdue on the deadline day: no event. Past it: one event, delivered to both; the regulator's
        // endpoint fails once and gets it on the retry.
        await OverdueRuleAsync(endOfDeadline.AddMinutes(-1));
        Assert.Equal(0, await RoundAsync());
        regulatorHook.FailNext(1);
        await OverdueRuleAsync(endOfDeadline.AddMinutes(1));
        Assert.Equal(2, await RoundAsync());
        Assert.Equal(1, await RoundAsync());
        Assert.Equal(0, await RoundAsync());
        await OverdueRuleAsync(endOfDeadline.AddDays(2));   // the rule runs again: nothing new to send
        Assert.Equal(0, await RoundAsync());

        var toRegulator = regulatorHook.Requests.Skip(4).ToList();
        Assert.Equal([500, 204], toRegulator.Select(r => r.Answer));
        Assert.Equal(toRegulator[0].Body, toRegulator[1].Body);
        Assert.Equal(toRegulator[0].EventId, toRegulator[1].EventId);
        var toGenerator = Assert.Single(generatorHook.Requests.Skip(4));
        Assert.Equal(toRegulator[1].Body, toGenerator.Body);
        Assert.True(WebhookSigning.Verify((string)regulatorSubscription["secret"]!, toRegulator[1].Signature, Encoding.UTF8.GetBytes(toRegulator[1].Body),
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.True(WebhookSigning.Verify((string)generatorSubscription["secret"]!, toGenerator.Signature, Encoding.UTF8.GetBytes(toGenerator.Body),
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));

        var body = System.Text.Json.Nodes.JsonNode.Parse(toGenerator.Body)!;
        Assert.Equal("manifest.confirmation_overdue", (string?)body["type"]);
        Assert.Equal(manifestId.ToString(), (string?)body["manifest"]!["id"]);
        Assert.Equal(("ConfirmationOverdue", "Received", "Received"),
            ((string?)body["manifest"]!["transition"], (string?)body["manifest"]!["from"], (string?)body["manifest"]!["to"]));
        Assert.Equal(endOfDeadline, ((DateTime)body["occurredAt"]!).ToUniversalTime());
        Assert.Equal(deadline.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string?)body["data"]!["confirmationDeadline"]);
        Assert.Equal(receiver.Id.Value.ToString(), (string?)body["data"]!["receiverId"]);

        // The delivery logs name the event; the regulator's shows the retry.
        var regulatorLog = (await regulator.GetAsync($"/api/waste/webhooks/subscriptions/{(string)regulatorSubscription["subscription"]!["id"]!}/deliveries")
            .ExpectJson(HttpStatusCode.OK)).AsArray();
        var overdueDelivery = Assert.Single(regulatorLog, d => (string?)d!["eventType"] == "manifest.confirmation_overdue")!;
        Assert.Equal(("Succeeded", 2, 204), ((string?)overdueDelivery["status"], (int)overdueDelivery["attempts"]!, (int?)overdueDelivery["lastStatusCode"]));
        Assert.Equal(5, regulatorLog.Count);

        // The manifest's own history shows it; its state has not changed.
        var manifest = await generatorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Received", (string?)manifest["status"]);
        Assert.Single(manifest["events"]!.AsArray(), e => (string?)e!["type"] == "ConfirmationOverdue");
    }

    [Fact]
    public async Task Subscriptions_AreTheOrganisationAdministratorsOwn_AndBadUrlsAreRefused()
    {
        factory.RequireDatabase();
        var (_, admin) = await factory.MemberAsync(PlatformRoles.EnterpriseAdmin);
        var (_, staff) = await factory.MemberAsync(PlatformRoles.EnterpriseStaff);
        var (_, otherAdmin) = await factory.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = await factory.SignedInAsync(admin);
        using var staffClient = await factory.SignedInAsync(staff);
        using var otherClient = await factory.SignedInAsync(otherAdmin);

        var bad = await client.PostJsonAsync("/api/waste/webhooks/subscriptions", new { url = "http://127.0.0.1:9/hook" }).ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["url"]);
        var created = await client.PostJsonAsync("/api/waste/webhooks/subscriptions", new { url = "https://erp.example.com/greenisland" }).ExpectJson(HttpStatusCode.Created);
        var id = (string)created["subscription"]!["id"]!;

        Assert.Equal(HttpStatusCode.Forbidden, (await staffClient.PostJsonAsync("/api/waste/webhooks/subscriptions", new { url = "https://erp.example.com/x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.GetAsync($"/api/waste/webhooks/subscriptions/{id}/deliveries")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherClient.SendAsync(HttpMethod.Delete, $"/api/waste/webhooks/subscriptions/{id}")).StatusCode);
        Assert.DoesNotContain(id, await (await otherClient.GetAsync("/api/waste/webhooks/subscriptions")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(HttpMethod.Delete, $"/api/waste/webhooks/subscriptions/{id}")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WebhookDeliveryTestsOnSqlite(SqliteAppFactory factory) : WebhookDeliveryTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class WebhookDeliveryTestsOnPostgreSql(PostgresAppFactory factory) : WebhookDeliveryTests(factory);
