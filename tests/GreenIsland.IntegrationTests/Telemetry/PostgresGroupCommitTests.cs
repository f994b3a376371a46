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
        // The group stayed one transaction (ON CONFLICT over all its readings), not one per batch.
        Assert.Equal(2L, await ScalarAsync(host, "SELECT count(DISTINCT xmin::text) FROM telemetry.telemetry_readings"));
        // One event per batch that stored something: the first write, then x, y and the new one (not the re-send).
        Assert.Equal(4, await host.WithDbAsync(db => db.Outbox.CountAsync(m => m.Type == nameof(ReadingsAccepted))));
        await host.MergeRollupsAsync();
        Assert.Equal(50, await host.WithDbAsync(db => db.Rollups.Where(r => r.Grain == RollupGrain.Hour).SumAsync(r => r.Count)));
        var sums = await host.WithDbAsync(db => db.Rollups.Where(r => r.Grain == RollupGrain.Hour).SumAsync(r => r.Sum));
        Assert.Equal(await host.WithDbAsync(db => db.Readings.SumAsync(r => r.Value)), sums, precision: 6);
    }

    [Fact]
    public async Task AGroupWithABatchThatCannotBeWritten_FailsThatBatchAlone_AndWritesTheOthers()
    {
        await using var host = await TelemetryTestHost.StartAsync("postgres", Start);
        var (a, b) = (await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site), await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site));
        var store = host.Services.GetRequiredService<PostgresReadingStore>();
        var t0 = Start.UtcDateTime.AddHours(-3);

        // The store knows October's partition, which then disappears (dropped by hand): a batch for October cannot be
        // written, for another reason than a stored reading (no partition for its rows).
        var october = new DateTime(2026, 10, 5, 0, 0, 0, DateTimeKind.Utc);
        await using (var connection = await host.Services.GetRequiredService<TelemetryDatabase>().DataSource.OpenConnectionAsync())
        {
            await host.Services.GetRequiredService<ReadingPartitions>().EnsureAsync(connection, [october], CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP TABLE telemetry.{ReadingPartitions.PartitionName(ReadingPartitions.MonthOf(october))}", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var settled = await store.WriteAsGroupSettledAsync(
        [
            await BatchAsync(host, a, t0, 0, 10),
            await BatchAsync(host, b, october, 0, 5),
            await BatchAsync(host, a, t0, 10, 10),
        ]);

        var (first, third) = (await settled[0], await settled[2]);
        Assert.Equal((10, 0), (first.Inserted, first.Duplicates));
        var failed = await Assert.ThrowsAsync<PostgresException>(() => settled[1]);
        Assert.Equal(PostgresErrorCodes.CheckViolation, failed.SqlState);
        Assert.Equal((10, 0), (third.Inserted, third.Duplicates));
        Assert.Equal(20, await host.WithDbAsync(db => db.Readings.CountAsync()));
        Assert.Equal(2, await host.WithDbAsync(db => db.Outbox.CountAsync(m => m.Type == nameof(ReadingsAccepted))));
        Assert.Equal(2L, await ScalarAsync(host, "SELECT count(*) FROM telemetry.telemetry_rollup_deltas"));
    }

    [Fact]
    public async Task ABatchWhoseTransactionIsADeadlockVictim_IsWrittenAgain_WithExactCounts()
    {
        await using var host = await TelemetryTestHost.StartAsync("postgres", Start);
        var a = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
        var store = host.Services.GetRequiredService<PostgresReadingStore>();
        var database = host.Services.GetRequiredService<TelemetryDatabase>();
        var t0 = Start.UtcDateTime.AddHours(-3);
        var batch = await BatchAsync(host, a, t0, 0, 2); // j = t0, k = t0 + 1 min, copied in that order

        // Another writer (its own connection, never the store's pool) inserts k and keeps its transaction open. It
        // never runs the deadlock check itself, so the ingest transaction is always the one chosen as the victim.
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await ExecuteAsync(other, "SET deadlock_timeout = '60s'");
        await using var otherTransaction = await other.BeginTransactionAsync();
        await InsertReadingAsync(other, a, t0.AddMinutes(1));

        // The ingest inserts j, then waits for the other writer's k.
        var write = store.WriteAsync(batch, CancellationToken.None);
        await WaitForLockWaitAsync(database);

        // The other writer now wants j: a deadlock. The ingest transaction is rolled back (40P01), the other insert
        // goes through, and the ingest starts again, waiting for the other transaction, which then rolls back.
        await InsertReadingAsync(other, a, t0);
        await otherTransaction.RollbackAsync();

        var result = await write.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal((2, 0), (result.Inserted, result.Duplicates));
        Assert.Equal(2, await host.WithDbAsync(db => db.Readings.CountAsync()));
        Assert.Equal(1, await host.WithDbAsync(db => db.Outbox.CountAsync(m => m.Type == nameof(ReadingsAccepted))));
        Assert.Equal(1L, await ScalarAsync(host, "SELECT count(*) FROM telemetry.telemetry_rollup_deltas"));
    }

    private static async Task InsertReadingAsync(NpgsqlConnection connection, TelemetryDevice device, DateTime ts)
    {
        await using var insert = new NpgsqlCommand("INSERT INTO telemetry.telemetry_readings (device_id, metric_id, ts, value) VALUES (@d, @m, @t, 1)", connection);
        insert.Parameters.Add(new NpgsqlParameter<Guid>("d", device.DeviceId.Value));
        insert.Parameters.Add(new NpgsqlParameter<short>("m", MetricCatalogue.Get(MetricCodes.Weight).Id));
        insert.Parameters.Add(new NpgsqlParameter<DateTime>("t", ts));
        await insert.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Until some other session of this database waits for a lock (at most 30 s).</summary>
    private static async Task WaitForLockWaitAsync(TelemetryDatabase database)
    {
        await using var probe = new NpgsqlConnection(database.ConnectionString);
        await probe.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()", probe);
        for (var i = 0; i < 300; i++)
        {
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the ingest never waited for the other writer's row");
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
