using GreenIsland.Platform.Contracts.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Persistence;

/// <summary>Applies Carbon's migrations, then publishes version 1 of every shipped factor library that is not there yet.</summary>
internal sealed class CarbonMigrator(CarbonDbContext db, FactorLibraryStore store) : IModuleMigrator
{
    public string Module => CarbonDbContext.Module;

    public int Order => 30;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        await store.EnsureShippedAsync(db, cancellationToken);
        return pending;
    }
}
