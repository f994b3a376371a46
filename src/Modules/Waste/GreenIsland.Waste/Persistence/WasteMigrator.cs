using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Waste.Features.Catalogue;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Persistence;

/// <summary>
/// Applies the Waste module's migrations (history table <c>__waste_migrations</c>) after Platform and Telemetry, then
/// inserts the shipped catalogue rows that are missing.
/// </summary>
internal sealed class WasteMigrator(WasteDbContext db, TimeProvider clock) : IModuleMigrator
{
    public string Module => WasteDbContext.Module;

    public int Order => 40;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        await ShippedCatalogue.EnsureAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return pending;
    }
}
