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
/// The SQLite ingest log (<see cref="SqliteReadingLog"/>): readings acknowledged from the log must count exactly as
/// new or duplicate against the log and the table together, survive a crash before they are folded, be folded exactly
/// once, and be visible to every reader of the readings table. The background fold is switched off here (except where
/// said), so the log holds what the tests put in it until a write or a reader folds it.
/// </summary>
public sealed class SqliteIngestLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid Org = Guid.NewGuid();
    private static readonly Guid Site = Guid.NewGuid();

    private static void NoBackgroundFold(IServiceCollection services) =>
        services.Configure<TelemetryOptions>(o =>
        {
            o.SqliteLogFoldReadings = int.MaxValue;
            o.SqliteLogFoldIdle = Timeout.InfiniteTimeSpan;
            o.SqliteLogFoldMaxAge = Timeout.InfiniteTimeSpan;
            o.SqliteCheckpointPages = int.MaxValue;
        });

    private static Actor DeviceActor(TelemetryDevice device) =>
        new(ActorKind.Device, device.DeviceId.Value, device.Name, device.OrganisationId, null, [], null);

    private static IncomingReading R(TelemetryDevice device, string metric, int second, double value) =>
        new(device.DeviceId.Value, metric, Start.UtcDateTime.AddHours(-6).AddSeconds(second), value, null, null);

    private static async Task<(int Accepted, int Duplicates)> IngestAsync(IServiceProvider services, TelemetryDevice actor, IEnumerable<IncomingReading> readings)
    {
        var outcome = await services.GetRequiredService<IngestService>().IngestAsync(DeviceActor(actor), [.. readings], CancellationToken.None);
        Assert.Empty(outcome.Rejected);
        return (outcome.Accepted, outcome.Duplicates);
    }

    private static IEnumerable<IncomingReading> Temperatures(TelemetryDevice cabinet, int from, int count) =>
        Enumerable.Range(from, count).Select(i => R(cabinet, MetricCodes.Temperature, i, 20 + (i % 50 / 10.0)));

    /// <summary>Readings in the log and in the table, read with plain SQL (no reader's fold first).</summary>
    private static async Task<(long Log, long Table)> WhereAsync(string sqliteFile)
    {
        await using var connection = new SqliteConnection($"Data Source={sqliteFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT (SELECT coalesce(sum(readings), 0) FROM {SqliteReadingLog.Table}), (SELECT count(*) FROM {TelemetryDbContext.ReadingsTable})";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static string FileOf(TelemetryTestHost host) =>
        new SqliteConnectionStringBuilder(host.Services.GetRequiredService<TelemetryDatabase>().ConnectionString).DataSource;

    private static async Task<long> HourCountAsync(TelemetryTestHost host)
    {
        await host.MergeRollupsAsync();
        return await host.WithDbAsync(db => db.Rollups.Where(r => r.Grain == RollupGrain.Hour).SumAsync(r => r.Count));
    }

    [Fact]
    public async Task NewReadings_AreAcknowledgedFromTheLog_AndAReaderFoldsThemIntoTheTable()
    {
        await using var host = await TelemetryTestHost.StartAsync("sqlite", Start, NoBackgroundFold);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);

        Assert.Equal((200, 0), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 0, 200)));
        Assert.Equal((200, 0), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 200, 200)));
        Assert.Equal((400L, 0L), await WhereAsync(FileOf(host)));

        // What the series query does first.
        await host.Services.GetRequiredService<IReadingStore>().PublishReadingsAsync(CancellationToken.None);
        Assert.Equal((0L, 400L), await WhereAsync(FileOf(host)));
        Assert.Equal(400, await HourCountAsync(host));
    }

    [Fact]
    public async Task Resend_WhileTheFirstCopyIsStillInTheLog_IsCountedAsDuplicates()
    {
        await using var host = await TelemetryTestHost.StartAsync("sqlite", Start, NoBackgroundFold);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);

        Assert.Equal((200, 0), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 0, 200)));
        Assert.Equal((200L, 0L), await WhereAsync(FileOf(host)));
        Assert.Equal((0, 200), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 0, 200)));

        // The resend could not be told apart from the log's readings: the log was folded first, the table answered.
        Assert.Equal((0L, 200L), await WhereAsync(FileOf(host)));
        Assert.Equal(200, await HourCountAsync(host));
        Assert.Equal(1, await host.WithDbAsync(db => db.Outbox.CountAsync(m => m.Type == nameof(ReadingsAccepted))));
    }

    [Fact]
    public async Task OverlappingBatches_WhileTheFirstIsInTheLog_StoreTheUnionOnce()
    {
        await using var host = await TelemetryTestHost.StartAsync("sqlite", Start, NoBackgroundFold);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);

        Assert.Equal((30, 0), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 0, 30)));
        Assert.Equal((20, 10), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 20, 30)));
        // An older reading that is not stored yet (a gateway's buffer): new, through the table.
        Assert.Equal((1, 0), await IngestAsync(host.Services, cabinet, [R(cabinet, MetricCodes.Temperature, -5, 19)]));

        Assert.Equal(51, await host.WithDbAsync(db => db.Readings.CountAsync()));
        Assert.Equal(51, await HourCountAsync(host));
    }

    [Fact]
    public async Task MixedBatch_LaterSeriesGoToTheLog_OverlappingSeriesToTheTable_CountsExact()
    {
        await using var host = await TelemetryTestHost.StartAsync("sqlite", Start, NoBackgroundFold);
        var gateway = await host.AddDeviceAsync(DeviceType.Gateway, Org, Site);
        var x = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
        var y = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);

        Assert.Equal((20, 0), await IngestAsync(host.Services, gateway, [.. Temperatures(x, 0, 10), .. Temperatures(y, 0, 10)]));
        await host.Services.GetRequiredService<IReadingStore>().PublishReadingsAsync(CancellationToken.None);
        Assert.Equal((0L, 20L), await WhereAsync(FileOf(host)));

        // x continues (later than anything stored: log); y overlaps what the table holds (table, exact).
        Assert.Equal((15, 5), await IngestAsync(host.Services, gateway, [.. Temperatures(x, 10, 10), .. Temperatures(y, 5, 10)]));
        Assert.Equal((10L, 25L), await WhereAsync(FileOf(host)));

        // Now x overlaps while its readings are in the log: folded first, then exact.
        Assert.Equal((5, 10), await IngestAsync(host.Services, gateway, [.. Temperatures(x, 5, 10), .. Temperatures(x, 20, 5)]));
        Assert.Equal((0L, 40L), await WhereAsync(FileOf(host)));
        Assert.Equal(40, await HourCountAsync(host));
        var sums = await host.WithDbAsync(db => db.Rollups.Where(r => r.Grain == RollupGrain.Month).SumAsync(r => r.Sum));
        Assert.Equal(await host.WithDbAsync(db => db.Readings.SumAsync(r => r.Value)), sums, precision: 6);
    }

    [Fact]
    public async Task CrashBeforeTheFold_LosesNothing_AndResendsAfterTheRestartAreDuplicates()
    {
        var crashed = Path.Combine(Path.GetTempPath(), $"gi-tel-logcrash-{Guid.NewGuid():N}.db");
        TelemetryDevice cabinet;
        await using (var host = await TelemetryTestHost.StartAsync("sqlite", Start, NoBackgroundFold))
        {
            cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
            for (var b = 0; b < 5; b++)
            {
                Assert.Equal((200, 0), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, b * 200, 200)));
            }

            // The files as they are right after the last acknowledgement (the host still running): the readings are
            // committed in the log only, and the log only in the WAL.
            var file = FileOf(host);
            File.Copy(file, crashed);
            File.Copy(file + "-wal", crashed + "-wal");
        }

        Assert.Equal((1000L, 0L), await WhereAsync(crashed));
        await using var restarted = await TelemetryTestHost.StartAsync("sqlite", Start, NoBackgroundFold, sqliteFile: crashed);

        // The first write of the new instance takes the log over (folds it); its cache starts empty, so the resends are
        // answered by the table.
        for (var b = 0; b < 5; b++)
        {
            Assert.Equal((0, 200), await IngestAsync(restarted.Services, cabinet, Temperatures(cabinet, b * 200, 200)));
        }

        Assert.Equal((200, 0), await IngestAsync(restarted.Services, cabinet, Temperatures(cabinet, 1000, 200)));
        Assert.Equal(1200, await restarted.WithDbAsync(db => db.Readings.CountAsync()));
        Assert.Equal(6, await restarted.WithDbAsync(db => db.Outbox.CountAsync(m => m.Type == nameof(ReadingsAccepted))));
        Assert.Equal(1200, await HourCountAsync(restarted));
    }

    [Fact]
    public async Task CrashBeforeTheFold_AReaderOfTheRestartedInstanceSeesEveryAcknowledgedReading()
    {
        var crashed = Path.Combine(Path.GetTempPath(), $"gi-tel-logcrash-{Guid.NewGuid():N}.db");
        TelemetryDevice cabinet;
        await using (var host = await TelemetryTestHost.StartAsync("sqlite", Start, NoBackgroundFold))
        {
            cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
            Assert.Equal((200, 0), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 0, 200)));
            var file = FileOf(host);
            File.Copy(file, crashed);
            File.Copy(file + "-wal", crashed + "-wal");
        }

        await using var restarted = await TelemetryTestHost.StartAsync("sqlite", Start, NoBackgroundFold, sqliteFile: crashed);
        Assert.Equal((200L, 0L), await WhereAsync(crashed));
        await restarted.Services.GetRequiredService<IReadingStore>().PublishReadingsAsync(CancellationToken.None);
        Assert.Equal((0L, 200L), await WhereAsync(crashed));
    }

    [Fact]
    public async Task TwoInstancesOnOneFile_EachTakesTheLogOverBeforeWriting_CountsStayExact()
    {
        await using var host = await TelemetryTestHost.StartAsync("sqlite", Start, NoBackgroundFold);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
        await using var second = host.NewInstance();

        Assert.Equal((200, 0), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 0, 200)));
        Assert.Equal((200, 0), await IngestAsync(second, cabinet, Temperatures(cabinet, 200, 200)));

        // The first instance's cache says "nothing after second 199": stale, the second instance wrote 200-399.
        Assert.Equal((0, 200), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 200, 200)));
        Assert.Equal((0, 200), await IngestAsync(second, cabinet, Temperatures(cabinet, 0, 200)));
        Assert.Equal((100, 100), await IngestAsync(second, cabinet, Temperatures(cabinet, 300, 200)));
        Assert.Equal((0, 100), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 400, 100)));

        Assert.Equal(500, await host.WithDbAsync(db => db.Readings.CountAsync()));
        Assert.Equal(500, await HourCountAsync(host));
    }

    [Fact]
    public async Task BackgroundFold_MovesTheLogIntoTheTableWithoutAReader()
    {
        await using var host = await TelemetryTestHost.StartAsync("sqlite", Start, s => s.Configure<TelemetryOptions>(o =>
        {
            o.SqliteLogFoldReadings = 300;
            o.SqliteLogFoldIdle = Timeout.InfiniteTimeSpan;
            o.SqliteLogFoldMaxAge = Timeout.InfiniteTimeSpan;
        }));
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);

        Assert.Equal((200, 0), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 0, 200)));
        Assert.Equal((200L, 0L), await WhereAsync(FileOf(host)));
        Assert.Equal((200, 0), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 200, 200)));

        // Past 300 readings the writer signals the fold.
        var where = await WhereAsync(FileOf(host));
        for (var i = 0; i < 200 && where != (0L, 400L); i++)
        {
            await Task.Delay(50);
            where = await WhereAsync(FileOf(host));
        }

        Assert.Equal((0L, 400L), where);
        Assert.Equal((0, 400), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 0, 400)));
    }

    private static void SmallChunks(IServiceCollection services)
    {
        NoBackgroundFold(services);
        services.Configure<TelemetryOptions>(o => o.SqliteLogFoldChunkReadings = 100);
    }

    /// <summary>Holds a chunked fold after its <paramref name="chunk"/>th chunk committed until <see cref="Resume"/>.</summary>
    private sealed class FoldPause(int chunk)
    {
        private readonly TaskCompletionSource paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource resume = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int chunks;

        public Task Paused => paused.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Resume() => resume.TrySetResult();

        public async Task AfterChunk()
        {
            if (Interlocked.Increment(ref chunks) == chunk)
            {
                paused.TrySetResult();
                await resume.Task;
            }
        }
    }

    private static SqliteReadingStore Store(IServiceProvider services) => services.GetRequiredService<SqliteReadingStore>();

    /// <summary>
    /// Four batches of 100 of <paramref name="device"/>'s readings into the log, then a fold started and held after its
    /// <paramref name="afterChunk"/>th chunk committed (100 readings per chunk with <see cref="SmallChunks"/>).
    /// </summary>
    private static async Task<(SqliteReadingStore Store, FoldPause Pause, Task Fold)> LogThenPauseTheFoldAsync(
        TelemetryTestHost host, TelemetryDevice device, int afterChunk)
    {
        for (var b = 0; b < 4; b++)
        {
            Assert.Equal((100, 0), await IngestAsync(host.Services, device, Temperatures(device, b * 100, 100)));
        }

        var store = Store(host.Services);
        var pause = new FoldPause(afterChunk);
        store.AfterFoldChunk = pause.AfterChunk;
        var fold = store.PublishReadingsAsync(CancellationToken.None);
        await pause.Paused;
        return (store, pause, fold);
    }

    [Fact]
    public async Task ChunkedFold_RequestsCommitBetweenChunks_AndAReaderWaitsForEveryAcknowledgedReading()
    {
        await using var host = await TelemetryTestHost.StartAsync("sqlite", Start, SmallChunks);
        var x = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
        var y = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
        var (store, pause, fold) = await LogThenPauseTheFoldAsync(host, x, afterChunk: 1);

        // One chunk (100 readings, the smallest keys) is in the table; the log rows stay until the last chunk.
        Assert.Equal((400L, 100L), await WhereAsync(FileOf(host)));

        // The writer is free between chunks: new series and x's continuation are acknowledged from the log.
        Assert.Equal((100, 0), await IngestAsync(host.Services, y, Temperatures(y, 0, 100)));
        Assert.Equal((100, 0), await IngestAsync(host.Services, x, Temperatures(x, 400, 100)));
        Assert.Equal((600L, 100L), await WhereAsync(FileOf(host)));

        // A second reader waits for the running fold and then folds what came after it.
        var reader = store.PublishReadingsAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(reader.IsCompleted);

        pause.Resume();
        await fold;
        await reader;
        Assert.Equal((0L, 600L), await WhereAsync(FileOf(host)));
        Assert.Equal(0, store.FoldConflicts);
        Assert.Equal(600, await HourCountAsync(host));
        Assert.Equal((0, 100), await IngestAsync(host.Services, x, Temperatures(x, 400, 100)));
    }

    [Fact]
    public async Task ChunkedFold_AResendMidFold_IsCountedExactly_AndNothingIsInsertedTwice()
    {
        await using var host = await TelemetryTestHost.StartAsync("sqlite", Start, SmallChunks);
        var x = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
        var (store, pause, fold) = await LogThenPauseTheFoldAsync(host, x, afterChunk: 1);
        Assert.Equal((400L, 100L), await WhereAsync(FileOf(host)));

        // x's readings are in the log (and the first 100 in the table too): the resend folds the rest first, skipping
        // what the paused fold moved already, and is answered by the table.
        Assert.Equal((100, 150), await IngestAsync(host.Services, x, Temperatures(x, 250, 250)));
        Assert.Equal((0L, 500L), await WhereAsync(FileOf(host)));

        // The paused fold finds its log rows gone and stops.
        pause.Resume();
        await fold;
        Assert.Equal((0L, 500L), await WhereAsync(FileOf(host)));
        Assert.Equal(0, store.FoldConflicts);
        Assert.Equal(500, await HourCountAsync(host));
        Assert.Equal(5, await host.WithDbAsync(db => db.Outbox.CountAsync(m => m.Type == nameof(ReadingsAccepted))));
    }

    [Fact]
    public async Task CrashBetweenTwoChunks_TheNextFoldSkipsWhatIsInTheTable_LosesAndDuplicatesNothing()
    {
        var crashed = Path.Combine(Path.GetTempPath(), $"gi-tel-chunkcrash-{Guid.NewGuid():N}.db");
        TelemetryDevice x;
        await using (var host = await TelemetryTestHost.StartAsync("sqlite", Start, SmallChunks))
        {
            x = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
            var (_, pause, fold) = await LogThenPauseTheFoldAsync(host, x, afterChunk: 2);

            // The files as they are between the second and the third chunk.
            var file = FileOf(host);
            File.Copy(file, crashed);
            File.Copy(file + "-wal", crashed + "-wal");
            pause.Resume();
            await fold;
            Assert.Equal((0L, 400L), await WhereAsync(file));
        }

        Assert.Equal((400L, 200L), await WhereAsync(crashed));
        await using var restarted = await TelemetryTestHost.StartAsync("sqlite", Start, SmallChunks, sqliteFile: crashed);
        var restartedStore = Store(restarted.Services);
        await restartedStore.PublishReadingsAsync(CancellationToken.None);
        Assert.Equal((0L, 400L), await WhereAsync(crashed));
        Assert.Equal(0, restartedStore.FoldConflicts);

        Assert.Equal((0, 400), await IngestAsync(restarted.Services, x, Temperatures(x, 0, 400)));
        Assert.Equal((100, 0), await IngestAsync(restarted.Services, x, Temperatures(x, 400, 100)));
        Assert.Equal(500, await restarted.WithDbAsync(db => db.Readings.CountAsync()));
        Assert.Equal(500, await HourCountAsync(restarted));
    }

    [Fact]
    public async Task ACleanlyStoppedInstance_LeavesNoReadingsInTheLog()
    {
        await using var host = await TelemetryTestHost.StartAsync("sqlite", Start, NoBackgroundFold);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site);
        var second = host.NewInstance();
        Assert.Equal((200, 0), await IngestAsync(second, cabinet, Temperatures(cabinet, 0, 200)));
        Assert.Equal((200L, 0L), await WhereAsync(FileOf(host)));

        await second.DisposeAsync();
        Assert.Equal((0L, 200L), await WhereAsync(FileOf(host)));
        Assert.Equal((0, 200), await IngestAsync(host.Services, cabinet, Temperatures(cabinet, 0, 200)));
    }

    [Fact]
    public async Task ConcurrentRequests_AreWrittenInGroups_EveryOneAnsweredWithExactCounts()
    {
        await using var host = await TelemetryTestHost.StartAsync("sqlite", Start, NoBackgroundFold);
        var cabinets = new List<TelemetryDevice>();
        for (var i = 0; i < 8; i++)
        {
            cabinets.Add(await host.AddDeviceAsync(DeviceType.StorageCabinet, Org, Site));
        }

        // Each cabinet sends its 0-99 twice and 50-149 once, all at the same time: 150 new readings per cabinet.
        var sends = cabinets.SelectMany(c => new[] { (c, 0), (c, 0), (c, 50) })
            .Select(s => Task.Run(() => IngestAsync(host.Services, s.c, Temperatures(s.c, s.Item2, 100))));
        var outcomes = await Task.WhenAll(sends);

        Assert.Equal(8 * 150, outcomes.Sum(o => o.Accepted));
        Assert.Equal(8 * 150, outcomes.Sum(o => o.Duplicates));
        Assert.Equal(8 * 150, await host.WithDbAsync(db => db.Readings.CountAsync()));
        Assert.Equal(8 * 150, await HourCountAsync(host));
    }
}
