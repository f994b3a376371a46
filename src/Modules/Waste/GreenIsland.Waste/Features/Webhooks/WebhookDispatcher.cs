using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Features.Webhooks;

/// <summary>
/// Turns rows of <c>waste_manifest_events</c> into webhook deliveries and sends them. Two steps, each safe to run on
/// several instances at once: (1) fan-out inserts one delivery per (active subscription, event of a manifest the
/// subscriber takes part in); the unique (subscription, event) index makes a second insert fail instead of duplicating;
/// (2) sending claims a due delivery with a conditional update of its lease (only one instance wins), POSTs the stored
/// body with a fresh signature and records the outcome, retrying failures with exponential backoff.
/// </summary>
internal sealed partial class WebhookDispatcher(
    WasteDbContext db,
    IHttpClientFactory httpClients,
    TimeProvider clock,
    IOptions<WebhookOptions> options,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "waste-webhooks";
    private const int BatchSize = 200;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Fans out new events, then sends what is due. Returns the number of delivery attempts made.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await FanOutAsync(cancellationToken);
        return await SendDueAsync(cancellationToken);
    }

    public async Task<int> FanOutAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = options.Value;
        var subscriptions = await db.Set<WebhookSubscription>().AsNoTracking().Where(s => s.IsActive).ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var subscription in subscriptions)
        {
            var since = subscription.CreatedAt > now - settings.Lookback ? subscription.CreatedAt : now - settings.Lookback;
            var org = subscription.OrganisationId;
            var subscriptionId = subscription.Id;
            var candidates = db.Set<ManifestEvent>().IgnoreQueryFilters().AsNoTracking().Where(e => e.RecordedAt >= since);
            if (subscription.DistrictId is { } district)
            {
                // A regulator's subscription: manifests whose generator lies in its district (or town, below).
                candidates = candidates.Where(e => e.DistrictId == district);
            }
            else if (subscription.TownId is { } town)
            {
                candidates = candidates.Where(e => e.TownId == town);
            }
            else
            {
                candidates = candidates.Where(e => e.OrganisationId == org || e.CarrierId == org || e.ReceiverId == org);
            }

            var events = await candidates
                .Where(e => !db.Set<WebhookDelivery>().Any(d => d.SubscriptionId == subscriptionId && d.EventId == e.Id))
                .OrderBy(e => e.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var e in events)
            {
                db.Add(WebhookDelivery.Queue(subscription, e.Id, e.ManifestId, EventType(e), Body(e), now));
            }

            try
            {
                queued += await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException e)
            {
                // Another instance queued some of the same events first: forget ours, the next round fills any gap.
                LogFanOutRace(logger, subscriptionId, e);
                db.ChangeTracker.Clear();
            }
        }

        return queued;
    }

    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<WebhookDelivery>().AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && d.LeaseUntil < now)
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => d.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var attempts = 0;
        foreach (var id in due)
        {
            var leaseUntil = now + Lease;
            var claimed = await db.Set<WebhookDelivery>()
                .Where(d => d.Id == id && d.Status == WebhookDeliveryStatus.Pending && d.LeaseUntil < now)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseUntil, leaseUntil), cancellationToken);
            if (claimed != 1)
            {
                continue;
            }

            // The claim changed the row behind the change tracker's back: read it fresh.
            db.ChangeTracker.Clear();
            var delivery = await db.Set<WebhookDelivery>().SingleAsync(d => d.Id == id, cancellationToken);
            var subscription = await db.Set<WebhookSubscription>().AsNoTracking().SingleAsync(s => s.Id == delivery.SubscriptionId, cancellationToken);
            if (!subscription.IsActive)
            {
                delivery.AttemptFailed(now, null, "The subscription was deactivated.", new WebhookRetryPolicy(TimeSpan.Zero, TimeSpan.Zero, 1));
                await db.SaveChangesAsync(cancellationToken);
                continue;
            }

            await SendAsync(delivery, subscription, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            attempts++;
        }

        return attempts;
    }

    private async Task SendAsync(WebhookDelivery delivery, WebhookSubscription subscription, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var sentAt = clock.GetUtcNow();
        var bytes = Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSigning.SignatureHeader, WebhookSigning.Header(subscription.Secret, sentAt.ToUnixTimeSeconds(), bytes));
        request.Headers.Add(WebhookSigning.EventIdHeader, delivery.EventId.ToString());
        request.Headers.Add(WebhookSigning.DeliveryIdHeader, delivery.Id.ToString());
        request.Headers.Add(WebhookSigning.EventTypeHeader, delivery.EventType);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.RequestTimeout);
        var at = sentAt.UtcDateTime;
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.Succeeded(at, code);
            }
            else
            {
                delivery.AttemptFailed(at, code, $"HTTP {code} {response.ReasonPhrase}", settings.RetryPolicy);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            delivery.AttemptFailed(at, null, e is TaskCanceledException ? $"No response within {settings.RequestTimeout.TotalSeconds:0} s." : e.Message, settings.RetryPolicy);
        }

        if (delivery.Status == WebhookDeliveryStatus.Failed)
        {
            LogGaveUp(logger, delivery.Id, delivery.Attempts);
        }
    }

    // A change of state is named by the state entered; the overdue notice (no change of state) by itself.
    private static string EventType(ManifestEvent e) =>
        "manifest." + JsonNamingPolicy.SnakeCaseLower.ConvertName(e.Type == ManifestEvent.ConfirmationOverdue ? e.Type : e.ToStatus);

    private static string Body(ManifestEvent e)
    {
        JsonNode? payload;
        try
        {
            payload = string.IsNullOrEmpty(e.PayloadJson) ? null : JsonNode.Parse(e.PayloadJson);
        }
        catch (JsonException)
        {
            payload = e.PayloadJson;
        }

        var body = new JsonObject
        {
            ["id"] = e.Id,
            ["type"] = EventType(e),
            ["occurredAt"] = e.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["recordedAt"] = e.RecordedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["manifest"] = new JsonObject
            {
                ["id"] = e.ManifestId,
                ["number"] = e.Number,
                ["version"] = e.Version,
                ["transition"] = e.Type,
                ["from"] = e.FromStatus,
                ["to"] = e.ToStatus,
                ["generatorId"] = e.OrganisationId.Value,
                ["carrierId"] = e.CarrierId?.Value,
                ["receiverId"] = e.ReceiverId?.Value,
                ["districtId"] = e.DistrictId.Value,
                ["townId"] = e.TownId.Value,
                ["discrepancy"] = payload is JsonObject data && data["discrepancy"] is JsonValue flag && flag.TryGetValue<bool>(out var d) && d,
            },
            ["actor"] = e.Actor,
            ["data"] = payload,
        };
        return body.ToJsonString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook fan-out for subscription {SubscriptionId} raced another worker; retrying next round")]
    private static partial void LogFanOutRace(ILogger logger, Guid subscriptionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} given up after {Attempts} attempts")]
    private static partial void LogGaveUp(ILogger logger, Guid deliveryId, int attempts);
}
