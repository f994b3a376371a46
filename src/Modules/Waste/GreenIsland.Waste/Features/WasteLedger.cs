using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Waste.Persistence;

namespace GreenIsland.Waste.Features;

/// <summary>
/// Ledger streams of the Waste module: <c>waste-cabinet/{id}</c>, <c>waste-container/{id}</c>,
/// <c>waste-pickup/{id}</c>, <c>waste-agreement/{id}</c>, <c>waste-catalogue/{edition}</c>. Entries are written in the
/// caller's open transaction on the scoped <see cref="WasteDbContext"/>.
/// </summary>
internal sealed class WasteLedger(WasteDbContext db, ILedger ledger)
{
    public Task AppendAsync(string stream, string type, OrganisationId organisation, JsonObject payload, CancellationToken cancellationToken) =>
        ledger.AppendAsync(db, new LedgerRecord(stream, type, payload, organisation), cancellationToken);

    public static string Cabinet(Guid id) => $"waste-cabinet/{id}";

    public static string Container(Guid id) => $"waste-container/{id}";

    public static string Pickup(Guid id) => $"waste-pickup/{id}";
}
