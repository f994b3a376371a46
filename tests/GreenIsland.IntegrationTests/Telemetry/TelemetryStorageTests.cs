using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Liveness;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Telemetry.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.IntegrationTests.Telemetry;

/// <summary>Ingest, rollups, register conversion, liveness and outbox against real databases (both providers).</summary>
public sealed class TelemetryStorageTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid OrgA = Guid.NewGuid();
    private static readonly Guid OrgB = Guid.NewGuid();
    private static readonly Guid SiteA = Guid.NewGuid();
    private static readonly Guid SiteB = Guid.NewGuid();

    public static TheoryData<string> Providers => TelemetryTestHost.Providers;

    private static Actor DeviceActor(TelemetryDevice device) =>
        new(ActorKind.Device, device.DeviceId.Value, device.Name, device.OrganisationId, null, [], null);

    private static IncomingReading R(TelemetryDevice device, string metric, DateTime ts, double value) =>
        new(device.DeviceId.Value, metric, ts, value, null, null);

    private static Task<IngestOutcome> IngestAsync(TelemetryTestHost host, TelemetryDevice actor, params IncomingReading[] readings) =>
        host.Services.GetRequiredService<IngestService>().IngestAsync(DeviceActor(actor), readings, CancellationToken.None);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ingest_SameBatchTwice_StoresOnceAndReportsDuplicates(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA);
        var t0 = Start.UtcDateTime.AddMinutes(-30);
        var batch = Enumerable.Range(0, 20).Select(i => R(cabinet, MetricCodes.Weight, t0.AddMinutes(i), 100 + i)).ToArray();

        var first = await IngestAsync(host, cabinet, batch);
        var second = await IngestAsync(host, cabinet, batch);

        Assert.Equal((20, 0), (first.Accepted, first.Duplicates));
        Assert.Equal((0, 20), (second.Accepted, second.Duplicates));
        Assert.Equal(20, await host.WithDbAsync(db => db.Readings.CountAsync()));

        // The ingest path's own encoding of keys equals the provider's (EF binds these parameters itself).
        var (cabinetId, at) = (cabinet.DeviceId, DateTime.SpecifyKind(t0.AddMinutes(7), DateTimeKind.Utc));
        Assert.Equal(1, await host.WithDbAsync(db => db.Readings.CountAsync(r => r.DeviceId == cabinetId && r.Ts == at)));
        await host.MergeRollupsAsync();
        var hourCount = await host.WithDbAsync(db => db.Rollups.Where(r => r.Grain == RollupGrain.Hour).SumAsync(r => r.Count));
        Assert.Equal(20, hourCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ingest_OverlappingBatches_StoresTheUnionOnce(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA);
        var t0 = Start.UtcDateTime.AddHours(-2);
        var a = Enumerable.Range(0, 30).Select(i => R(cabinet, MetricCodes.Temperature, t0.AddMinutes(i), 20 + (i * 0.1))).ToArray();
        var b = Enumerable.Range(20, 30).Select(i => R(cabinet, MetricCodes.Temperature, t0.AddMinutes(i), 20 + (i * 0.1))).ToArray();

        await IngestAsync(host, cabinet, a);
        var second = await IngestAsync(host, cabinet, b);

        Assert.Equal((20, 10), (second.Accepted, second.Duplicates));
        Assert.Equal(50, await host.WithDbAsync(db => db.Readings.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ingest_MixedBatch_StoresTheValidReadingsAndListsEveryRejection(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA);
        var now = Start.UtcDateTime;

        var outcome = await IngestAsync(host, cabinet,
            R(cabinet, MetricCodes.FillRatio, now.AddMinutes(-1), 0.5),
            R(cabinet, MetricCodes.FillRatio, now.AddMinutes(-2), 1.5),
            R(cabinet, MetricCodes.FillRatio, now.AddMinutes(10), 0.5),
            R(cabinet, MetricCodes.FillRatio, now.AddDays(-31), 0.5),
            R(cabinet, MetricCodes.Temperature, now.AddMinutes(-1), double.NaN),
            new IncomingReading(cabinet.DeviceId.Value, MetricCodes.Weight, now.AddMinutes(-1), 3, "g", null));

        Assert.Equal(1, outcome.Accepted);
        Assert.Equal(
            [(1, RejectionReason.OutOfRange), (2, RejectionReason.TimestampInFuture), (3, RejectionReason.TimestampTooOld), (4, RejectionReason.NotFinite), (5, RejectionReason.WrongUnit)],
            outcome.Rejected.Select(r => (r.Index, r.Reason)));
        Assert.Equal(1, await host.WithDbAsync(db => db.Readings.CountAsync()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ingest_DeviceOfOrganisationA_CannotWriteForDeviceOfOrganisationB(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var gatewayA = await host.AddDeviceAsync(DeviceType.Gateway, OrgA, SiteA);
        var cabinetA = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA);
        var cabinetB = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgB, SiteB);
        var ts = Start.UtcDateTime.AddMinutes(-1);

        var outcome = await IngestAsync(host, gatewayA, R(cabinetA, MetricCodes.Weight, ts, 5), R(cabinetB, MetricCodes.Weight, ts, 5));

        Assert.Equal(1, outcome.Accepted);
        Assert.Equal(RejectionReason.UnknownDevice, Assert.Single(outcome.Rejected).Reason);
        var cabinetBId = cabinetB.DeviceId;
        Assert.Equal(0, await host.WithDbAsync(db => db.Readings.CountAsync(r => r.DeviceId == cabinetBId)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ingest_CumulativeMeterWithRolloverAndLateReading_RollupsHoldTheConsumption(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var meter = await host.AddDeviceAsync(DeviceType.ElectricityMeter, OrgA, SiteA, intervalSeconds: 900, registerModulus: 1_000_000);
        var t0 = Start.UtcDateTime.AddHours(-3);

        // 999,900 -> 999,950 -> (wrap) 30 -> 80, with the 999,950 reading arriving late.
        await IngestAsync(host, meter, R(meter, MetricCodes.EnergyImport, t0, 999_900));
        await IngestAsync(host, meter, R(meter, MetricCodes.EnergyImport, t0.AddMinutes(90), 30), R(meter, MetricCodes.EnergyImport, t0.AddMinutes(120), 80));
        var late = await IngestAsync(host, meter, R(meter, MetricCodes.EnergyImport, t0.AddMinutes(45), 999_950));
        Assert.Equal(1, late.Accepted);

        var metricId = MetricCatalogue.Get(MetricCodes.EnergyImport).Id;
        var meterId = meter.DeviceId;
        await host.MergeRollupsAsync();
        var hours = await host.WithDbAsync(db => db.Rollups
            .Where(r => r.DeviceId == meterId && r.MetricId == metricId && r.Grain == RollupGrain.Hour).OrderBy(r => r.BucketStart).ToListAsync());
        var days = await host.WithDbAsync(db => db.Rollups
            .Where(r => r.DeviceId == meterId && r.MetricId == metricId && r.Grain == RollupGrain.Day).ToListAsync());

        // 50 (900->950) in hour 0, 80 (950 -> wrap -> 30) in hour 1, 50 in hour 2.
        Assert.Equal([50.0, 80.0, 50.0], hours.Select(h => Math.Round(h.Sum, 6)));
        Assert.Equal(180, days.Sum(d => d.Sum), 6);
        Assert.Equal(80, hours[^1].Last);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ingest_CumulativeMeterReset_CountsFromZeroAndNeverNegative(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var meter = await host.AddDeviceAsync(DeviceType.ElectricityMeter, OrgA, SiteA, intervalSeconds: 900, registerModulus: 1_000_000);
        var t0 = Start.UtcDateTime.AddHours(-3);

        // 500,000 -> 500,020 -> (meter replaced, counts from zero) 12 -> 40: consumption 20 + 12 + 28.
        await IngestAsync(host, meter, R(meter, MetricCodes.EnergyImport, t0, 500_000), R(meter, MetricCodes.EnergyImport, t0.AddMinutes(15), 500_020));
        var outcome = await IngestAsync(host, meter, R(meter, MetricCodes.EnergyImport, t0.AddMinutes(75), 12), R(meter, MetricCodes.EnergyImport, t0.AddMinutes(90), 40));
        Assert.Equal(2, outcome.Accepted);

        var metricId = MetricCatalogue.Get(MetricCodes.EnergyImport).Id;
        var meterId = meter.DeviceId;
        await host.MergeRollupsAsync();
        var hours = await host.WithDbAsync(db => db.Rollups
            .Where(r => r.DeviceId == meterId && r.MetricId == metricId && r.Grain == RollupGrain.Hour).OrderBy(r => r.BucketStart).ToListAsync());

        Assert.Equal([20.0, 40.0], hours.Select(h => Math.Round(h.Sum, 6)));
        Assert.Equal(40, hours[^1].Last);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Ingest_ConcurrentOverlappingBatches_CountEachReadingOnceAndAnswerExactCounts(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var gateway = await host.AddDeviceAsync(DeviceType.Gateway, OrgA, SiteA);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA);
        var other = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA);
        var t0 = Start.UtcDateTime.AddHours(-5);

        // 16 requests at once (SQLite commits queued batches together; PostgreSQL runs them concurrently): each
        // overlaps its neighbours by half, every fourth is an exact re-send of the one before, and half of them also
        // carry readings of another device that no other batch has.
        var batches = Enumerable.Range(0, 16).Select(i =>
        {
            var from = (i % 4 == 3 ? i - 1 : i) * 10;
            var readings = Enumerable.Range(from, 20).Select(m => R(cabinet, MetricCodes.Weight, t0.AddMinutes(m), m));
            return (i % 2 == 0 ? readings.Append(R(other, MetricCodes.Weight, t0.AddMinutes(i), i)) : readings).ToArray();
        }).ToList();
        var outcomes = await Task.WhenAll(batches.Select(b => Task.Run(() => IngestAsync(host, gateway, b))));

        var distinct = batches.SelectMany(b => b).Select(r => (r.DeviceId, r.TimestampUtc)).Distinct().Count();
        Assert.All(outcomes, o => Assert.Empty(o.Rejected));
        Assert.All(outcomes.Zip(batches), x => Assert.Equal(x.Second.Length, x.First.Accepted + x.First.Duplicates));
        Assert.Equal(distinct, outcomes.Sum(o => o.Accepted));
        Assert.Equal(distinct, await host.WithDbAsync(db => db.Readings.CountAsync()));
        await host.MergeRollupsAsync();
        Assert.Equal(distinct, await host.WithDbAsync(db => db.Rollups.Where(r => r.Grain == RollupGrain.Hour).SumAsync(r => r.Count)));
        Assert.Equal(outcomes.Count(o => o.Accepted > 0), await host.WithDbAsync(db => db.Outbox.CountAsync(m => m.Type == nameof(ReadingsAccepted))));
        await AssertRollupsEqualDirectAggregateAsync(host);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Rollups_EqualADirectAggregateOverTheRawReadings(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var gateway = await host.AddDeviceAsync(DeviceType.Gateway, OrgA, SiteA);
        var cabinets = new[] { await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA), await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA) };
        var random = new Random(42);
        var t0 = Start.UtcDateTime.AddDays(-3);
        var all = cabinets.SelectMany(c => Enumerable.Range(0, 400).Select(i => R(c, MetricCodes.Weight, t0.AddMinutes(i * 11), Math.Round(random.NextDouble() * 500, 2))))
            .OrderBy(_ => random.Next()).ToList();
        foreach (var chunk in all.Chunk(137))
        {
            await IngestAsync(host, gateway, chunk);
        }

        await IngestAsync(host, gateway, [.. all.Take(300)]); // re-sent: must not change anything
        await host.MergeRollupsAsync(limit: 2); // several merge transactions
        await AssertRollupsEqualDirectAggregateAsync(host);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RollupDeltas_CommittedBeforeACrash_AreAllFoldedInAfterRestart_AndAFailedMergeChangesNothing(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var gateway = await host.AddDeviceAsync(DeviceType.Gateway, OrgA, SiteA);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA);
        var t0 = Start.UtcDateTime.AddHours(-30);
        for (var b = 0; b < 6; b++)
        {
            var accepted = await IngestAsync(host, gateway, [.. Enumerable.Range(0, 50).Select(i => R(cabinet, MetricCodes.Weight, t0.AddMinutes((b * 50) + i), b + (i * 0.5)))]);
            Assert.Equal(50, accepted.Accepted);
        }

        // Acknowledged = committed: each batch left exactly one delta, nothing is folded in yet.
        Assert.Equal(6, await host.WithDbAsync(db => db.RollupDeltas.CountAsync()));
        Assert.Equal(0, await host.WithDbAsync(db => db.Rollups.CountAsync()));

        // A merge that fails half-way (an unreadable delta after the good ones) rolls back: nothing folded, nothing lost.
        var bad = Guid.CreateVersion7(Start.AddDays(1));
        await host.WithDbAsync(async db =>
        {
            db.RollupDeltas.Add(new RollupDeltaRow { Id = bad, CreatedAt = Start.UtcDateTime, Cells = 1, Payload = [99] });
            return await db.SaveChangesAsync();
        });
        await Assert.ThrowsAsync<InvalidDataException>(() => host.MergeRollupsAsync());
        Assert.Equal(7, await host.WithDbAsync(db => db.RollupDeltas.CountAsync()));
        Assert.Equal(0, await host.WithDbAsync(db => db.Rollups.CountAsync()));
        await host.WithDbAsync(db => db.RollupDeltas.Where(d => d.Id == bad).ExecuteDeleteAsync());

        // "Restart": a new instance (fresh store, caches and connections) folds everything in exactly once.
        await using (var restarted = host.NewInstance())
        {
            Assert.Equal(6, await restarted.GetRequiredService<IReadingStore>().MergeRollupsAsync(500, CancellationToken.None));
        }

        Assert.Equal(0, await host.WithDbAsync(db => db.RollupDeltas.CountAsync()));
        Assert.Equal(0, await host.MergeRollupsAsync());
        await AssertRollupsEqualDirectAggregateAsync(host);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RollupMerge_ConcurrentInstances_CountEveryDeltaOnce(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var gateway = await host.AddDeviceAsync(DeviceType.Gateway, OrgA, SiteA);
        var cabinets = new[] { await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA), await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA) };
        var t0 = Start.UtcDateTime.AddDays(-2);
        for (var b = 0; b < 30; b++)
        {
            await IngestAsync(host, gateway, [.. cabinets.SelectMany(c => Enumerable.Range(0, 20).Select(i => R(c, MetricCodes.Temperature, t0.AddMinutes((b * 20) + i), 15 + ((b + i) % 17))))]);
        }

        await using var second = host.NewInstance();
        var stores = new[] { host.Services.GetRequiredService<IReadingStore>(), second.GetRequiredService<IReadingStore>() };
        var merged = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => stores[i % 2].MergeRollupsAsync(limit: 4, CancellationToken.None))));

        Assert.Equal(30, merged.Sum());
        Assert.Equal(0, await host.WithDbAsync(db => db.RollupDeltas.CountAsync()));
        Assert.Equal(1200, await host.WithDbAsync(db => db.Rollups.Where(r => r.Grain == RollupGrain.Month).SumAsync(r => r.Count)));
        await AssertRollupsEqualDirectAggregateAsync(host);
    }

    private static async Task AssertRollupsEqualDirectAggregateAsync(TelemetryTestHost host)
    {
        var calendar = host.Services.GetRequiredService<RollupCalendar>();
        var raw = await host.WithDbAsync(db => db.Readings.AsNoTracking().ToListAsync());
        var rollups = await host.WithDbAsync(db => db.Rollups.AsNoTracking().ToListAsync());
        foreach (var grain in new[] { RollupGrain.Hour, RollupGrain.Day, RollupGrain.Month })
        {
            var expected = raw.GroupBy(r => (r.DeviceId, calendar.BucketStart(grain, r.Ts))).ToDictionary(g => g.Key);
            var actual = rollups.Where(r => r.Grain == grain).ToList();
            Assert.Equal(expected.Count, actual.Count);
            foreach (var row in actual)
            {
                var group = expected[(row.DeviceId, row.BucketStart)];
                Assert.Equal(group.Count(), row.Count);
                Assert.Equal(group.Sum(r => r.Value), row.Sum, 6);
                Assert.Equal(group.Min(r => r.Value), row.Min);
                Assert.Equal(group.Max(r => r.Value), row.Max);
                Assert.Equal(group.MaxBy(r => r.Ts)!.Value, row.Last);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Liveness_SilentDeviceGoesOfflineAndComesBackOnline_WithEvents(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA, intervalSeconds: 60);
        await IngestAsync(host, cabinet, R(cabinet, MetricCodes.Weight, Start.UtcDateTime, 1));

        async Task<LivenessStatus> RunAsync()
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<LivenessMonitor>().RunOnceAsync(host.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
            var id = cabinet.DeviceId;
            return await scope.ServiceProvider.GetRequiredService<TelemetryDbContext>().Devices.Where(d => d.DeviceId == id).Select(d => d.Status).SingleAsync();
        }

        Assert.Equal(LivenessStatus.Online, await RunAsync());
        host.Clock.Advance(TimeSpan.FromSeconds(181));
        Assert.Equal(LivenessStatus.Offline, await RunAsync());
        Assert.Equal(LivenessStatus.Offline, await RunAsync());
        await IngestAsync(host, cabinet, R(cabinet, MetricCodes.Weight, host.Clock.GetUtcNow().UtcDateTime, 2));
        Assert.Equal(LivenessStatus.Online, await RunAsync());

        var types = await host.WithDbAsync(db => db.Outbox.OrderBy(m => m.OccurredAt).Select(m => m.Type).ToListAsync());
        Assert.Equal([nameof(ReadingsAccepted), nameof(DeviceWentOffline), nameof(ReadingsAccepted), nameof(DeviceCameOnline)], types);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Outbox_EventsCommittedBeforeACrash_AreDeliveredAfterRestart(string provider)
    {
        var subscriber = new RecordingSubscriber { FailuresLeft = 1 };
        await using var host = await TelemetryTestHost.StartAsync(provider, Start, s => s.AddSingleton<ITelemetryEventSubscriber>(subscriber));
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA);
        await IngestAsync(host, cabinet, R(cabinet, MetricCodes.FillRatio, Start.UtcDateTime.AddMinutes(-1), 0.8));

        async Task<int> DispatchAsync()
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync(host.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        }

        // The "crash": the subscriber dies mid-delivery; nothing is marked delivered.
        Assert.Equal(0, await DispatchAsync());
        Assert.Empty(subscriber.Received);
        Assert.Equal(1, await host.WithDbAsync(db => db.Outbox.CountAsync(m => m.DeliveredAt == null)));

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await DispatchAsync());
        var accepted = Assert.IsType<ReadingsAccepted>(Assert.Single(subscriber.Received));
        var series = Assert.Single(accepted.Series);
        Assert.Equal((MetricCodes.FillRatio, 0.8, 1), (series.Metric, series.LastValue, series.Count));
        Assert.Equal(0, await DispatchAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Outbox_PayloadThatCannotBeRead_IsParkedWithItsReason_AndLaterMessagesAreStillDelivered(string provider)
    {
        var subscriber = new RecordingSubscriber();
        await using var host = await TelemetryTestHost.StartAsync(provider, Start, s => s.AddSingleton<ITelemetryEventSubscriber>(subscriber));
        var now = Start.UtcDateTime;
        OutboxMessage Online(int minutesAgo) => OutboxSerializer.ToMessage(new DeviceCameOnline
        {
            EventId = Guid.CreateVersion7(Start.AddMinutes(-minutesAgo)),
            OccurredAtUtc = now.AddMinutes(-minutesAgo),
            OrganisationId = OrgA,
            DeviceId = Guid.NewGuid(),
            SiteId = SiteA,
            LastSeenAtUtc = now.AddMinutes(-minutesAgo),
        });
        var before = Online(3);
        // What a newer version might have written (a format this one does not know), and a payload cut short.
        var unknownFormat = new OutboxMessage
        {
            Id = Guid.CreateVersion7(Start.AddMinutes(-2)),
            OccurredAt = now.AddMinutes(-2),
            Type = nameof(ReadingsAccepted),
            Payload = """{"v":3,"eventId":"0193a0c4-0000-7000-8000-000000000001"}""",
            NextAttemptAt = now.AddMinutes(-2),
        };
        var truncated = new OutboxMessage
        {
            Id = Guid.CreateVersion7(Start.AddMinutes(-2).AddSeconds(1)),
            OccurredAt = now.AddMinutes(-2).AddSeconds(1),
            Type = nameof(ReadingsAccepted),
            Payload = """{"v":2,"eventId":"0193a0c4""",
            NextAttemptAt = now.AddMinutes(-2),
        };
        var after = Online(1);
        await host.WithDbAsync(db =>
        {
            db.Outbox.AddRange(before, unknownFormat, truncated, after);
            return db.SaveChangesAsync();
        });

        async Task<int> DispatchAsync()
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync(host.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        }

        Assert.Equal(2, await DispatchAsync());
        Assert.Equal([before.Id, after.Id], subscriber.Received.Select(e => e.EventId));
        var parked = await host.WithDbAsync(db => db.Outbox.Where(m => m.DeliveredAt == null).OrderBy(m => m.OccurredAt).ToListAsync());
        Assert.Equal([unknownFormat.Id, truncated.Id], parked.Select(m => m.Id));
        Assert.All(parked, m =>
        {
            Assert.Equal(OutboxDispatcher.ParkedUntil, m.NextAttemptAt);
            Assert.Equal(1, m.Attempts);
            Assert.StartsWith(OutboxDispatcher.ParkedPrefix, m.LastError, StringComparison.Ordinal);
            Assert.True(m.LastError!.Length > OutboxDispatcher.ParkedPrefix.Length);
        });

        // Parked messages are not retried (they would fail the same way), and do not hold back what comes next.
        host.Clock.Advance(TimeSpan.FromHours(1));
        var later = Online(-30);
        await host.WithDbAsync(db =>
        {
            db.Outbox.Add(later);
            return db.SaveChangesAsync();
        });
        Assert.Equal(1, await DispatchAsync());
        Assert.Equal(later.Id, subscriber.Received[^1].EventId);
        Assert.All(await host.WithDbAsync(db => db.Outbox.Where(m => m.DeliveredAt == null).ToListAsync()), m => Assert.Equal(1, m.Attempts));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Outbox_Retention_DeletesOnlyMessagesDeliveredBeforeTheCutoff(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var now = Start.UtcDateTime;
        OutboxMessage Message(int minutesAgo, DateTime? deliveredAt) => new()
        {
            Id = Guid.CreateVersion7(Start.AddMinutes(-minutesAgo)),
            OccurredAt = now.AddMinutes(-minutesAgo),
            Type = "DeviceCameOnline",
            Payload = "{}",
            NextAttemptAt = now.AddMinutes(-minutesAgo),
            DeliveredAt = deliveredAt,
        };
        var oldDelivered = Message(20_000, now.AddDays(-8));
        var recentDelivered = Message(20_000, now.AddDays(-6));
        var oldUndelivered = Message(30_000, null);
        await host.WithDbAsync(db =>
        {
            db.Outbox.AddRange(oldDelivered, recentDelivered, oldUndelivered);
            return db.SaveChangesAsync();
        });

        await using var scope = host.Services.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().PurgeDeliveredAsync(now, TimeSpan.FromDays(7), CancellationToken.None);

        Assert.Equal(1, deleted);
        var left = await host.WithDbAsync(db => db.Outbox.Select(m => m.Id).ToListAsync());
        Assert.Equal(new[] { recentDelivered.Id, oldUndelivered.Id }.Order(), left.Order());
    }

    private sealed class RecordingSubscriber : ITelemetryEventSubscriber
    {
        public int FailuresLeft { get; set; }

        public List<TelemetryEvent> Received { get; } = [];

        public Task HandleAsync(TelemetryEvent telemetryEvent, CancellationToken cancellationToken)
        {
            if (FailuresLeft-- > 0)
            {
                throw new InvalidOperationException("simulated crash during delivery");
            }

            Received.Add(telemetryEvent);
            return Task.CompletedTask;
        }
    }
}
