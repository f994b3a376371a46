using GreenIsland.Platform.Contracts.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Persistence;

/// <summary>Applies the Waste module's migrations (history table <c>__waste_migrations</c>) after Platform and Telemetry.</summary>
internal sealed class WasteMigrator(WasteDbContext db) : IModuleMigrator
{
    public string Module => WasteDbContext.Module;

    public int Order => 40;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }
}
