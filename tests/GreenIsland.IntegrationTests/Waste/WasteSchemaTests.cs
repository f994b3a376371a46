using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>The Waste module's hand-written migrations (every owner's) against its EF model, on both providers.</summary>
public abstract class WasteSchemaTests(GreenIslandAppFactory factory)
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
    public async Task WasteMigrations_ProduceExactlyTheEfModel()
    {
        var differences = await App.WithScopeAsync(sp => SchemaComparer.CompareAsync(sp.GetRequiredService<WasteDbContext>(), "waste_"));

        Assert.True(differences.Count == 0,
            "The hand-written waste migrations and the EF model disagree (add a migration with MigrationBuilder for your tables):\n" + string.Join('\n', differences));
    }

    [Fact]
    public async Task WasteMigrations_AreAllAppliedInTheirOwnHistoryTable()
    {
        var (pending, applied) = await App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WasteDbContext>();
            return ((await db.Database.GetPendingMigrationsAsync()).ToList(), (await db.Database.GetAppliedMigrationsAsync()).ToList());
        });

        Assert.Empty(pending);
        Assert.Contains("20261121160000_InitialWaste", applied);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WasteSchemaTestsOnSqlite(SqliteAppFactory factory) : WasteSchemaTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class WasteSchemaTestsOnPostgreSql(PostgresAppFactory factory) : WasteSchemaTests(factory);
