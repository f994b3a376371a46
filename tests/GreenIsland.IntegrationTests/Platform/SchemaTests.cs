using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Platform;

public abstract class SchemaTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    [Fact]
    public async Task PlatformMigrations_ProduceExactlyTheEfModel()
    {
        var differences = await App.WithDbAsync(db => SchemaComparer.CompareAsync(db, "platform_"));

        Assert.True(differences.Count == 0,
            "The hand-written platform migrations and the EF model disagree (add a migration with MigrationBuilder):\n" + string.Join('\n', differences));
    }

    [Fact]
    public async Task PlatformMigrations_AreAllApplied()
    {
        var (pending, applied) = await App.WithDbAsync(async db =>
            ((await db.Database.GetPendingMigrationsAsync()).ToList(), (await db.Database.GetAppliedMigrationsAsync()).ToList()));

        Assert.Empty(pending);
        Assert.Contains("20261121130000_InitialPlatform", applied);
    }

    [Fact]
    public async Task SchemaComparer_ReportsAColumnTheMigrationsDidNotCreate()
    {
        // DDL is transactional on both engines: damage the schema inside a transaction and roll it back.
        var differences = await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var table = App.IsPostgres ? "platform.platform_sites" : "platform_sites";
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE " + table + " DROP COLUMN address");
            await db.Database.ExecuteSqlRawAsync("CREATE INDEX ix_unexpected ON " + table + " (name)");
            var found = await SchemaComparer.CompareAsync(db, "platform_");
            await transaction.RollbackAsync();
            return found;
        });

        Assert.Contains(differences, d => d.Contains("platform_sites.address", StringComparison.Ordinal) && d.Contains("database '(none)'", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.Contains("ix_unexpected", StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SchemaTestsOnSqlite(SqliteAppFactory factory) : SchemaTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class SchemaTestsOnPostgreSql(PostgresAppFactory factory) : SchemaTests(factory);
