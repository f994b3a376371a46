using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Persistence;

namespace GreenIsland.Waste.Features.Manifests;

/// <summary>
/// Records manifest transitions twice, inside the caller's open transaction: a hash-chained ledger entry in the
/// stream <c>manifest/{id}</c>, and a row in <c>waste_manifest_events</c> for the webhooks.
/// </summary>
internal sealed class ManifestRecorder(ILedger ledger, TimeProvider clock)
{
    public async Task RecordAsync(WasteDbContext db, Manifest manifest, IReadOnlyList<ManifestTransition> transitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(transitions);
        var now = clock.GetUtcNow().UtcDateTime;
        var records = new List<LedgerRecord>();
        foreach (var t in transitions)
        {
            db.Add(ManifestEvent.Of(manifest, t, now));
            records.Add(LedgerRecordOf(manifest, t));
        }

        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendRangeAsync(db, records, cancellationToken);
    }

    /// <summary>The ledger entry of one transition (stream <c>manifest/{id}</c>, type <c>Manifest{Type}</c>).</summary>
    public static LedgerRecord LedgerRecordOf(Manifest manifest, ManifestTransition t)
    {
        var payload = (JsonObject)t.Payload.DeepClone();
        payload["manifestId"] = manifest.Id.ToString();
        payload["from"] = t.Type == "Drawn" ? null : t.From.ToString();
        payload["to"] = t.To.ToString();
        payload["at"] = t.At;
        payload["actor"] = t.Actor;
        return new LedgerRecord($"manifest/{manifest.Id}", "Manifest" + t.Type, payload, manifest.OrganisationId);
    }

    /// <summary>The transition that records a manifest being drawn up (no state before it).</summary>
    public static ManifestTransition Drawn(Manifest manifest) => new("Drawn", ManifestStatus.Draft, ManifestStatus.Draft, manifest.CreatedAt, manifest.CreatedBy, new JsonObject
    {
        ["number"] = manifest.Number,
        ["version"] = manifest.Version,
        ["generator"] = manifest.GeneratorName,
        ["carrier"] = manifest.CarrierName,
        ["receiver"] = manifest.ReceiverName,
        ["vehiclePlate"] = manifest.VehiclePlate,
        ["estimatedKg"] = Weight.ToKilograms(manifest.TotalQuantityG),
    });
}
