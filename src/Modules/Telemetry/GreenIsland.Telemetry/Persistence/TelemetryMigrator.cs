using GreenIsland.Platform.Contracts.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GreenIsland.Telemetry.Persistence;

/// <summary>Applies Telemetry's migrations and makes sure reading partitions exist for the accepted time window.</summary>
internal sealed class TelemetryMigrator(
    TelemetryDbContext db,
    TelemetryDatabase database,
    ReadingPartitions partitions,
    TimeProvider clock,
    IOptions<TelemetryOptions> options) : IModuleMigrator
{
    public const int MonthsAhead = 3;

    public string Module => TelemetryDbContext.Module;

    public int Order => 20;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        await EnsurePartitionsAsync(clock.GetUtcNow().UtcDateTime, cancellationToken);
        return pending;
    }

    public async Task EnsurePartitionsAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (!database.IsPostgres)
        {
            return;
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await partitions.EnsureAsync(connection, ReadingPartitions.Window(nowUtc - options.Value.MaxReadingAge, nowUtc, MonthsAhead), cancellationToken);
    }
}
