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
        await using var isolated = await App.CreateIsolatedAsync();
        var differences = await isolated.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<PlatformDbContext>();
            var table = isolated.IsPostgres ? "platform.platform_sites" : "platform_sites";
            var drop = "ALTER TABLE " + table + " DROP COLUMN address";
            var index = "CREATE INDEX ix_unexpected ON " + table + " (name)";
            await db.Database.ExecuteSqlRawAsync(drop);
            await db.Database.ExecuteSqlRawAsync(index);
            return await SchemaComparer.CompareAsync(db, "platform_");
        });

        Assert.Contains(differences, d => d.Contains("platform_sites.address", StringComparison.Ordinal) && d.Contains("database '(none)'", StringComparison.Ordinal));
        Assert.Contains(differences, d => d.Contains("ix_unexpected", StringComparison.Ordinal));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SchemaTestsOnSqlite(SqliteAppFactory factory) : SchemaTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class SchemaTestsOnPostgreSql(PostgresAppFactory factory) : SchemaTests(factory);
