using System.Text.Json.Nodes;

namespace GreenIsland.Waste.Features.Alerts;

/// <summary>
/// How handling an alert goes on the ledger, whoever does it (a person through the alert endpoints, or an agreed
/// manifest correction): an entry in the stream of what the alert is about (cabinet, container, otherwise the alert).
/// Appended inside the caller's transaction.
/// </summary>
internal static class AlertLedger
{
    public const string Acknowledged = "AlertAcknowledged";

    public const string Closed = "AlertClosed";

    public static string StreamOf(WasteAlert alert) =>
        alert.CabinetId is { } cabinetId ? WasteLedger.Cabinet(cabinetId)
        : alert.ContainerId is { } containerId ? WasteLedger.Container(containerId)
        : $"waste-alert/{alert.Id}";

    public static Task AppendAsync(WasteLedger ledger, WasteAlert alert, string type, string? reason, DateTime at, string actor, CancellationToken cancellationToken,
        JsonObject? context = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(alert);
        var payload = new JsonObject
        {
            ["alertId"] = alert.Id,
            ["kind"] = alert.Kind.ToString(),
            ["reason"] = reason,
            ["at"] = at,
            ["actor"] = actor,
        };
        foreach (var (key, value) in context ?? [])
        {
            payload[key] = value?.DeepClone();
        }

        return ledger.AppendAsync(StreamOf(alert), type, alert.OrganisationId, payload, cancellationToken);
    }
}
