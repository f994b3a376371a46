using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Devices;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenIsland.IntegrationTests.Telemetry;

/// <summary>
/// PostgreSQL group commit (ADR 0011): batches written together share one transaction and one <c>COPY</c>; when a
/// reading of the group is stored already, or two batches of the group overlap, each batch is written on its own and
/// the counts stay exact. Which batches queue up together is up to timing, so these tests hand the store a group.
/// </summary>
public sealed class PostgresGroupCommitTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid Org = Guid.NewGuid();
    private static readonly Guid Site = Guid.NewGuid();

    [Fact]
    public async Task DisjointBatches_AreCommittedInOneTransaction_EachWithItsOwnEvent()
    {
        await using var host = await TelemetryTestHost.StartAsync("postgres", Start);
        var (a, b) = (await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site), await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site));
        var store = host.Services.GetRequiredService<PostgresReadingStore>();
        var t0 = Start.UtcDateTime.AddHours(-3);

        var batches = new[]
        {
            await BatchAsync(host, a, t0, 0, 40),
            await BatchAsync(host, b, t0, 0, 25),
            await BatchAsync(host, a, t0, 40, 10),
        };
        var results = await store.WriteAsGroupAsync(batches);

        Assert.Equal([(40, 0), (25, 0), (10, 0)], results.Select(r => (r.Inserted, r.Duplicates)));
        Assert.Equal(75, await host.WithDbAsync(db => db.Readings.CountAsync()));
        Assert.Equal(1L, await ScalarAsync(host, "SELECT count(DISTINCT xmin::text) FROM telemetry.telemetry_readings")); // one transaction
        Assert.Equal(3, await host.WithDbAsync(db => db.Outbox.CountAsync(m => m.Type == nameof(ReadingsAccepted))));
        Assert.Equal(3L, await ScalarAsync(host, "SELECT count(*) FROM telemetry.telemetry_rollup_deltas"));
        Assert.Equal([1, 1, 1], results.Select(r => r.Series.Count));
        Assert.Equal(10, results[2].Series[0].Count);

        await host.MergeRollupsAsync();
        Assert.Equal(75, await host.WithDbAsync(db => db.Rollups.Where(r => r.Grain == RollupGrain.Hour).SumAsync(r => r.Count)));
    }

    [Fact]
    public async Task OverlappingAndResentBatchesInOneGroup_CountEveryReadingOnce()
    {
        await using var host = await TelemetryTestHost.StartAsync("postgres", Start);
        var (a, b) = (await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site), await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site));
        var store = host.Services.GetRequiredService<PostgresReadingStore>();
        var t0 = Start.UtcDateTime.AddHours(-3);
        var stored = await BatchAsync(host, b, t0, 0, 15);
        var first = Assert.Single(await store.WriteAsGroupAsync([stored]));
        Assert.Equal((15, 0), (first.Inserted, first.Duplicates));

        // x and y overlap by 10 readings; the third re-sends what is stored; the fourth is new.
        var batches = new[]
        {
            await BatchAsync(host, a, t0, 0, 20),
            await BatchAsync(host, a, t0, 10, 20),
            stored,
            await BatchAsync(host, b, t0, 15, 5),
        };
        var results = await store.WriteAsGroupAsync(batches);

        Assert.Equal([(20, 0), (10, 10), (0, 15), (5, 0)], results.Select(r => (r.Inserted, r.Duplicates)));
        Assert.Equal(50, await host.WithDbAsync(db => db.Readings.CountAsync()));
        // One event per batch that stored something: the first write, then x, y and the new one (not the re-send).
        Assert.Equal(4, await host.WithDbAsync(db => db.Outbox.CountAsync(m => m.Type == nameof(ReadingsAccepted))));
        await host.MergeRollupsAsync();
        Assert.Equal(50, await host.WithDbAsync(db => db.Rollups.Where(r => r.Grain == RollupGrain.Hour).SumAsync(r => r.Count)));
        var sums = await host.WithDbAsync(db => db.Rollups.Where(r => r.Grain == RollupGrain.Hour).SumAsync(r => r.Sum));
        Assert.Equal(await host.WithDbAsync(db => db.Readings.SumAsync(r => r.Value)), sums, precision: 6);
    }

    /// <summary>Weights of one cabinet, one a minute from <paramref name="first"/> minutes after <paramref name="t0"/>.</summary>
    private static async Task<IngestBatch> BatchAsync(TelemetryTestHost host, TelemetryDevice device, DateTime t0, int first, int count)
    {
        var profiles = await host.Services.GetRequiredService<DeviceRegistry>().GetAsync([device.DeviceId.Value], CancellationToken.None);
        var metric = MetricCatalogue.Get(MetricCodes.Weight).Id;
        var readings = Enumerable.Range(first, count)
            .Select((m, i) => new ValidReading(i, device.DeviceId.Value, metric, t0.AddMinutes(m), 100 + m, null))
            .ToList();
        return new IngestBatch(readings, profiles.ToDictionary(p => p.Key, p => p.Value!), Org, host.Clock.GetUtcNow().UtcDateTime, device.DeviceId.Value);
    }

    private static async Task<long> ScalarAsync(TelemetryTestHost host, string sql)
    {
        await using var connection = await host.Services.GetRequiredService<TelemetryDatabase>().DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
