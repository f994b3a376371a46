using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Waste.Features.Rules;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>
/// Waste forgets the Telemetry event ids it processed once Telemetry can no longer redeliver them (outbox retention,
/// 7 days by default, plus a day), in batches; ids inside the window stay, so a redelivery is still recognised.
/// </summary>
public abstract class ProcessedEventPurgeTests(GreenIslandAppFactory factory)
{
    [Fact]
    public async Task Purge_ForgetsIdsOlderThanTheOutboxRetentionPlusADay_KeepsTheRest_InBatches()
    {
        factory.RequireDatabase();
        await using var app = await factory.CreateIsolatedAsync(("Telemetry:OutboxRetention", "3.00:00:00"));
        var now = new DateTime(2026, 11, 22, 4, 0, 0, DateTimeKind.Utc);
        // Retention 3 days + 1 day margin: the cutoff is 2026-11-18 04:00.
        var old = Enumerable.Range(0, ProcessedEventPurge.BatchSize + 5).Select(i => now.AddDays(-4).AddMinutes(-1 - i)).ToList();
        var recent = new[] { now.AddDays(-4).AddMinutes(1), now.AddDays(-1), now };
        var recentIds = await app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WasteDbContext>();
            db.AddRange(old.Select(at => new ProcessedEvent { EventId = Guid.NewGuid(), Type = "ReadingsAccepted", ProcessedAt = at }));
            var kept = recent.Select(at => new ProcessedEvent { EventId = Guid.NewGuid(), Type = "ReadingsAccepted", ProcessedAt = at }).ToList();
            db.AddRange(kept);
            await db.SaveChangesAsync();
            return kept.Select(k => k.EventId).Order().ToList();
        });

        var purged = await app.WithScopeAsync(sp => sp.GetRequiredService<ProcessedEventPurge>().PurgeAsync(now, CancellationToken.None));

        Assert.Equal(old.Count, purged);
        var left = await app.WithScopeAsync(sp => sp.GetRequiredService<WasteDbContext>().Set<ProcessedEvent>().Select(p => p.EventId).ToListAsync());
        Assert.Equal(recentIds, left.Order());
        Assert.Equal(0, await app.WithScopeAsync(sp => sp.GetRequiredService<ProcessedEventPurge>().PurgeAsync(now, CancellationToken.None)));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ProcessedEventPurgeTestsOnSqlite(SqliteAppFactory factory) : ProcessedEventPurgeTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ProcessedEventPurgeTestsOnPostgreSql(PostgresAppFactory factory) : ProcessedEventPurgeTests(factory);
