using System.Globalization;
using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Waste.Features.Manifests;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// Issue 5 §6f/§6g through the API and the overdue rule, on both providers: a received manifest's confirmation
/// deadline is the fifth working day after receipt; the receiver's silence past it raises exactly one overdue alert,
/// seen by the generator, its collector and its regulator; the alert is not raised again, and not after the receiver
/// confirms.
/// </summary>
public abstract class ManifestOverdueTests(GreenIslandAppFactory factory)
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
    public async Task ReceiptNotConfirmedWithinFiveWorkingDays_RaisesOneOverdueAlert_SeenByTheParties_ClosedWhenTheReceiverDecides()
    {
        var w = await CollectionScenarioTests.World.CreateAsync(App);
        var manifestId = await w.ReceivedManifestAsync(50m, 50m);
        var manifest = await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK);
        var number = (string)manifest["number"]!;
        var receivedOn = DateOnly.FromDateTime(((DateTime)manifest["receivedAt"]!).ToUniversalTime().Add(China));

        // Counted by hand: the calendar data has no public holiday or make-up day from 11 October 2026 on, so for a
        // receipt in that range the deadline is the fifth Monday-Friday after the day of receipt.
        Assert.True(receivedOn > new DateOnly(2026, 10, 10), "This test assumes a receipt after the last 2026 arrangement (10 October 2026).");
        var expected = receivedOn;
        for (var counted = 0; counted < 5;)
        {
            expected = expected.AddDays(1);
            if (expected.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                counted++;
            }
        }

        Assert.Equal(expected.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string?)manifest["confirmationDeadline"]);
        Assert.False((bool)manifest["overdue"]!);

        // The rule at the last minute of the deadline day raises nothing; one minute later, one alert.
        var lastMinute = new DateTimeOffset(expected.ToDateTime(new TimeOnly(23, 59)), China).UtcDateTime;
        await RunRuleAsync(lastMinute);
        Assert.Empty(await OverdueAlertsAsync(w.GeneratorClient, manifestId));
        await RunRuleAsync(lastMinute.AddMinutes(2));
        var alert = Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId))!;
        Assert.Equal("Open", (string?)alert["status"]);
        Assert.Contains(number, (string?)alert["message"], StringComparison.Ordinal);
        Assert.Contains(expected.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string?)alert["message"], StringComparison.Ordinal);
        Assert.Equal(w.Generator.Id.Value.ToString(), (string?)alert["organisationId"]);
        Assert.Single(await OverdueAlertsAsync(w.Dispatcher, manifestId));
        Assert.Single(await OverdueAlertsAsync(w.Regulator, manifestId));

        // Running again (the job runs every 15 minutes) does not repeat it.
        await RunRuleAsync(lastMinute.AddDays(1));
        Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId));

        // The receiver confirms late: the next run closes the alert with that reason, and raises no other.
        await w.DisposalClient.PostJsonAsync($"/api/waste/manifests/{manifestId}/decision",
            new { decidedAt = TimeProvider.System.GetUtcNow(), decision = "Accepted" }).Expect(HttpStatusCode.OK);
        Assert.Equal("Open", (string?)Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId))!["status"]);
        await RunRuleAsync(lastMinute.AddDays(3));
        var closed = Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId))!;
        Assert.Equal("Closed", (string?)closed["status"]);
        Assert.Contains("confirmed manifest " + number + " late", (string?)closed["closeReason"], StringComparison.Ordinal);
        await RunRuleAsync(lastMinute.AddDays(4));
        Assert.Single(await OverdueAlertsAsync(w.GeneratorClient, manifestId));
        var accepted = await w.GeneratorClient.GetAsync($"/api/waste/manifests/{manifestId}").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Accepted", (string?)accepted["status"]);
    }

    private Task RunRuleAsync(DateTime now) =>
        App.WithScopeAsync(sp => sp.GetRequiredService<ManifestOverdueRule>().RunAsync(now, CancellationToken.None));

    private static async Task<List<System.Text.Json.Nodes.JsonNode?>> OverdueAlertsAsync(ApiClient client, string manifestId) =>
        (await client.GetAsync("/api/waste/alerts?kind=ManifestConfirmationOverdue").ExpectJson(HttpStatusCode.OK)).AsArray()
            .Where(a => (string?)a!["subjectId"] == manifestId).ToList();
}

[Collection(SqliteCollection.Name)]
public sealed class ManifestOverdueTestsOnSqlite(SqliteAppFactory factory) : ManifestOverdueTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ManifestOverdueTestsOnPostgreSql(PostgresAppFactory factory) : ManifestOverdueTests(factory);
