using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Telemetry;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Telemetry.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GreenIsland.IntegrationTests.Telemetry;

/// <summary>
/// The deferred work of ingest: commits wake the outbox dispatcher and the rollup merge (instead of waiting for their
/// poll), and dispatch rounds deliver in batches with the one-by-one failure semantics (both providers).
/// </summary>
public sealed class OutboxDeliveryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
    private static readonly Guid OrgA = Guid.NewGuid();
    private static readonly Guid SiteA = Guid.NewGuid();

    /// <summary>Far longer than any test waits: whatever happens within a test was not started by a poll.</summary>
    private static readonly TimeSpan NoPoll = TimeSpan.FromHours(1);

    /// <summary>Generous: the machine may be loaded. Reaching it means the work was never started.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Providers => TelemetryTestHost.Providers;

    private static Task<IngestOutcome> IngestAsync(TelemetryTestHost host, TelemetryDevice device, string metric, double value, int minutesAgo = 1) =>
        host.Services.GetRequiredService<IngestService>().IngestAsync(
            new Actor(ActorKind.Device, device.DeviceId.Value, device.Name, device.OrganisationId, null, [], null),
            [new IncomingReading(device.DeviceId.Value, metric, Start.UtcDateTime.AddMinutes(-minutesAgo), value, null, null)],
            CancellationToken.None);

    private static async Task<IHostedService> StartJobAsync<TJob>(TelemetryTestHost host, TelemetryOptions options)
        where TJob : IHostedService
    {
        var job = ActivatorUtilities.CreateInstance<TJob>(host.Services, Options.Create(options));
        await job.StartAsync(CancellationToken.None);
        return job;
    }

    private static async Task StopAsync(IHostedService job)
    {
        await job.StopAsync(CancellationToken.None);
        (job as IDisposable)?.Dispose();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IngestCommit_WakesTheDispatcher_WithoutWaitingForItsPoll(string provider)
    {
        var subscriber = new RecordingSubscriber();
        await using var host = await TelemetryTestHost.StartAsync(provider, Start, s => s.AddSingleton<ITelemetryEventSubscriber>(subscriber));
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA);
        var job = await StartJobAsync<TelemetryBackgroundJobs>(host, new TelemetryOptions { OutboxPollInterval = NoPoll, LivenessCheckInterval = NoPoll });
        try
        {
            // The job's first round (at start) may or may not have run yet; either way only a wake-up delivers this.
            await IngestAsync(host, cabinet, MetricCodes.FillRatio, 0.85);

            var delivered = await subscriber.FirstReadings.Task.WaitAsync(Patience);
            Assert.Equal((MetricCodes.FillRatio, 0.85), (Assert.Single(delivered.Series).Metric, delivered.Series[0].LastValue));
            await Eventually(async () => await host.WithDbAsync(db => db.Outbox.CountAsync(m => m.DeliveredAt == null)) == 0);
        }
        finally
        {
            await StopAsync(job);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IngestCommit_WakesTheRollupMerge_WithoutWaitingForItsInterval(string provider)
    {
        await using var host = await TelemetryTestHost.StartAsync(provider, Start);
        var cabinet = await host.AddDeviceAsync(DeviceType.StorageCabinet, OrgA, SiteA);
        var job = await StartJobAsync<RollupMergeJob>(host, new TelemetryOptions { RollupMergeInterval = NoPoll });
        try
        {
            await IngestAsync(host, cabinet, MetricCodes.Weight, 12.5);

            await Eventually(async () => await host.WithDbAsync(db => db.RollupDeltas.CountAsync()) == 0);
            var hour = await host.WithDbAsync(db => db.Rollups.SingleAsync(r => r.DeviceId == cabinet.DeviceId && r.Grain == RollupGrain.Hour));
            Assert.Equal((1L, 12.5), (hour.Count, hour.Sum));
        }
        finally
        {
            await StopAsync(job);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Round_SubscriberFailingOnTheThirdEvent_DeliversTheFirstTwoToEveryone_StopsThere_AndRetriesTheThirdAfterItsBackoff(string provider)
    {
        var batching = new BatchingSubscriber { FailAtEventIndex = 2 };
        var scoped = new List<(Guid Instance, Guid EventId)>();
        await using var host = await TelemetryTestHost.StartAsync(provider, Start, s =>
        {
            s.AddSingleton<ITelemetryEventSubscriber>(batching);
            s.AddScoped<ITelemetryEventSubscriber>(_ => new ScopedSubscriber(scoped));
        });
        var now = Start.UtcDateTime;
        var messages = Enumerable.Range(0, 4).Select(i => OutboxSerializer.ToMessage(new DeviceCameOnline
        {
            EventId = Guid.CreateVersion7(Start.AddMinutes(-10 + i)),
            OccurredAtUtc = now.AddMinutes(-10 + i),
            OrganisationId = OrgA,
            DeviceId = Guid.NewGuid(),
            SiteId = SiteA,
            LastSeenAtUtc = now.AddMinutes(-10 + i),
        })).ToList();
        await host.WithDbAsync(db =>
        {
            db.Outbox.AddRange(messages);
            return db.SaveChangesAsync();
        });
        var ids = messages.Select(m => m.Id).ToList();

        async Task<int> DispatchAsync()
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchPendingAsync(host.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
        }

        Assert.Equal(2, await DispatchAsync());

        // The batching subscriber got the whole round at once; the one after it only what the first handled.
        Assert.Equal(new List<List<Guid>> { ids }, batching.Batches);
        Assert.Equal(ids[..2], scoped.Select(s => s.EventId));
        var rows = await host.WithDbAsync(db => db.Outbox.OrderBy(m => m.OccurredAt).ToListAsync());
        Assert.Equal([true, true, false, false], rows.Select(m => m.DeliveredAt is not null));
        Assert.Equal([0, 0, 1, 0], rows.Select(m => m.Attempts));
        Assert.Equal("simulated failure of event 2", rows[2].LastError);
        Assert.Equal(now + OutboxDispatcher.Backoff(1), rows[2].NextAttemptAt);
        Assert.All(rows.Where((_, i) => i != 2), m => Assert.Null(m.LastError));

        // The failed one is not due before its back-off; the fourth is, and goes on its own.
        Assert.Equal(1, await DispatchAsync());
        host.Clock.Advance(OutboxDispatcher.Backoff(1));
        Assert.Equal(1, await DispatchAsync());
        Assert.Equal(new List<List<Guid>> { ids, new() { ids[3] }, new() { ids[2] } }, batching.Batches);
        Assert.Equal([ids[0], ids[1], ids[3], ids[2]], scoped.Select(s => s.EventId));

        // One DI scope per round, not per event.
        Assert.Equal(3, scoped.Select(s => s.Instance).Distinct().Count());
        Assert.Equal(scoped[0].Instance, scoped[1].Instance);
        Assert.Equal(0, await host.WithDbAsync(db => db.Outbox.CountAsync(m => m.DeliveredAt == null)));
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(10);
        }
    }

    private sealed class RecordingSubscriber : ITelemetryEventSubscriber
    {
        public TaskCompletionSource<ReadingsAccepted> FirstReadings { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task HandleAsync(TelemetryEvent telemetryEvent, CancellationToken cancellationToken)
        {
            if (telemetryEvent is ReadingsAccepted readings)
            {
                FirstReadings.TrySetResult(readings);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Overrides the batch method; fails once on the event at <see cref="FailAtEventIndex"/> of its first batch.</summary>
    private sealed class BatchingSubscriber : ITelemetryEventSubscriber
    {
        public int? FailAtEventIndex { get; set; }

        public List<List<Guid>> Batches { get; } = [];

        public Task HandleAsync(TelemetryEvent telemetryEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the dispatcher should call the batch method");

        public Task<TelemetryBatchResult> HandleBatchAsync(IReadOnlyList<TelemetryEvent> events, CancellationToken cancellationToken)
        {
            Batches.Add([.. events.Select(e => e.EventId)]);
            if (FailAtEventIndex is { } at && at < events.Count)
            {
                FailAtEventIndex = null;
                return Task.FromResult(TelemetryBatchResult.FailedAt(at, new InvalidOperationException($"simulated failure of event {at}")));
            }

            return Task.FromResult(TelemetryBatchResult.All(events.Count));
        }
    }

    /// <summary>A scoped subscriber using the default (one by one) batch method; records which instance saw what.</summary>
    private sealed class ScopedSubscriber(List<(Guid Instance, Guid EventId)> log) : ITelemetryEventSubscriber
    {
        private readonly Guid instance = Guid.NewGuid();

        public Task HandleAsync(TelemetryEvent telemetryEvent, CancellationToken cancellationToken)
        {
            log.Add((instance, telemetryEvent.EventId));
            return Task.CompletedTask;
        }
    }
}
