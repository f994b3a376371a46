using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Telemetry;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Telemetry;

/// <summary>
/// The SQLite ingest writer never checkpoints in its own commits; <see cref="SqliteWalCheckpointer"/> copies the WAL
/// into the database file on its own connection. What is acknowledged must survive a crash before any checkpoint,
/// and a checkpoint must leave the database file holding every committed reading.
/// </summary>
public sealed class SqliteWriterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid Org = Guid.NewGuid();
    private static readonly Guid Site = Guid.NewGuid();

    private static Actor DeviceActor(TelemetryDevice device) =>
        new(ActorKind.Device, device.DeviceId.Value, device.Name, device.OrganisationId, null, [], null);

    /// <summary>Batch <paramref name="b"/>: 200 temperature readings of one cabinet, one a second.</summary>
    private static Task<IngestOutcome> IngestAsync(TelemetryTestHost host, TelemetryDevice cabinet, int b) =>
        host.Services.GetRequiredService<IngestService>().IngestAsync(DeviceActor(cabinet),
            [.. Enumerable.Range(b * 200, 200).Select(i => new IncomingReading(cabinet.DeviceId.Value, MetricCodes.Temperature,
                Start.UtcDateTime.AddHours(-6).AddSeconds(i), 20 + (i % 50 / 10.0), null, null))],
            CancellationToken.None);

    [Fact]
    public async Task BackgroundCheckpoint_LeavesEveryCommittedReadingInTheDatabaseFile()
    {
        await using var host = await TelemetryTestHost.StartAsync("sqlite", Start,
            s => s.Configure<TelemetryOptions>(o => o.SqliteCheckpointPages = 4));
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
        var store = host.Services.GetRequiredService<SqliteReadingStore>();

        for (var b = 0; b < 10; b++)
        {
            Assert.Equal(200, (await IngestAsync(host, cabinet, b)).Accepted);
        }

        // The writer signals the checkpointer every 4 pages; wait for one signalled that way, then ask for one that
        // starts after the last write.
        for (var i = 0; i < 200 && store.CheckpointsCompleted == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(store.CheckpointsCompleted > 0, "the writer's commits started no background checkpoint");
        await store.CheckpointAsync().WaitAsync(TimeSpan.FromSeconds(30));

        // The database file alone (no WAL) holds every reading: all were committed before that checkpoint started.
        var copy = Path.Combine(Path.GetTempPath(), $"gi-tel-ckpt-{Guid.NewGuid():N}.db");
        File.Copy(await host.WithDbAsync(db => Task.FromResult(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource)), copy);
        try
        {
            await using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            // In the readings table or still in the ingest log (SqliteReadingLog), whichever the fold reached.
            count.CommandText = $"SELECT (SELECT count(DISTINCT ts) FROM telemetry_readings), (SELECT coalesce(sum(readings), 0) FROM {SqliteReadingLog.Table})";
            await using var reader = await count.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(2000L, reader.GetInt64(0) + reader.GetInt64(1));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(copy + suffix);
            }
        }

        // The store goes on writing after the WAL restarted.
        Assert.Equal(200, (await IngestAsync(host, cabinet, 10)).Accepted);
        Assert.Equal(2200, await host.WithDbAsync(db => db.Readings.CountAsync()));
    }

    [Fact]
    public async Task AcknowledgedBatches_SurviveACrashBeforeAnyCheckpoint_WithTheirRollupsAndEvents()
    {
        var crashed = Path.Combine(Path.GetTempPath(), $"gi-tel-crash-{Guid.NewGuid():N}.db");
        await using (var host = await TelemetryTestHost.StartAsync("sqlite", Start,
            s => s.Configure<TelemetryOptions>(o => o.SqliteCheckpointPages = int.MaxValue)))
        {
            var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
            for (var b = 0; b < 5; b++)
            {
                Assert.Equal(200, (await IngestAsync(host, cabinet, b)).Accepted);
            }

            // The "crash": the files as they are on disk right after the last acknowledgement, while the writer still
            // holds its connection open (a clean close would checkpoint). The committed batches are in the WAL only.
            var file = await host.WithDbAsync(db => Task.FromResult(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource));
            Assert.True(new FileInfo(file + "-wal").Length > 0);
            File.Copy(file, crashed);
            File.Copy(file + "-wal", crashed + "-wal");
        }

        // A new instance on the crashed files: the WAL is replayed; readings, rollup deltas and events are all there.
        await using var restarted = await TelemetryTestHost.StartAsync("sqlite", Start, sqliteFile: crashed);
        Assert.Equal(1000, await restarted.WithDbAsync(db => db.Readings.CountAsync()));
        Assert.Equal(5, await restarted.WithDbAsync(db => db.Outbox.CountAsync(m => m.Type == nameof(ReadingsAccepted) && m.DeliveredAt == null)));
        Assert.Equal(5, await restarted.MergeRollupsAsync());
        Assert.Equal(1000, await restarted.WithDbAsync(db => db.Rollups.Where(r => r.Grain == RollupGrain.Hour).SumAsync(r => r.Count)));
    }
}
