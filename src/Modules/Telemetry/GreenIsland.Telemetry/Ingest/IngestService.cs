using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Telemetry.Devices;
using GreenIsland.Telemetry.Domain;
using Microsoft.Extensions.Options;

namespace GreenIsland.Telemetry.Ingest;

internal sealed record IngestOutcome(int Received, int Accepted, int Duplicates, IReadOnlyList<RejectedReading> Rejected);

internal sealed class IngestService(DeviceRegistry registry, IReadingStore store, DeferredWork deferredWork, TimeProvider clock, IOptions<TelemetryOptions> options)
{
    public async Task<IngestOutcome> IngestAsync(Actor actor, IReadOnlyList<IncomingReading> readings, CancellationToken cancellationToken)
    {
        // While requests are in flight the rollup merge does not take a pause between commits for the end of a burst.
        deferredWork.IngestStarted();
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var profiles = await registry.GetAsync(DeviceIds(actor.ActorId, readings), cancellationToken);
            var (batch, validation) = Prepare(actor.ActorId, actor.OrganisationId.Value, readings, profiles, now, options.Value.MaxReadingAge);
            var written = await store.WriteAsync(batch, cancellationToken);
            return new IngestOutcome(readings.Count, written.Inserted, written.Duplicates + validation.DuplicatesWithinBatch, validation.Rejected);
        }
        finally
        {
            deferredWork.IngestEnded();
        }
    }

    /// <summary>The sender and every device named in the batch, each once (readings of a device mostly come together).</summary>
    public static HashSet<Guid> DeviceIds(Guid actorDeviceId, IReadOnlyList<IncomingReading> readings)
    {
        var ids = new HashSet<Guid>(capacity: 64) { actorDeviceId };
        var last = actorDeviceId;
        for (var i = 0; i < readings.Count; i++)
        {
            if (readings[i].DeviceId is { } id && id != last)
            {
                ids.Add(id);
                last = id;
            }
        }

        return ids;
    }

    /// <summary>
    /// The CPU-bound part of a request, between loading the device profiles and writing: validates every reading and
    /// builds the batch the store writes (no I/O; <c>bench ingest-host</c> measures it).
    /// </summary>
    public static (IngestBatch Batch, BatchValidation Validation) Prepare(
        Guid actorDeviceId,
        Guid organisationId,
        IReadOnlyList<IncomingReading> readings,
        Dictionary<Guid, DeviceProfile?> profiles,
        DateTime nowUtc,
        TimeSpan maxReadingAge)
    {
        var self = profiles.GetValueOrDefault(actorDeviceId);
        var ingestActor = new IngestActor(actorDeviceId, organisationId, self?.SiteId ?? Guid.Empty, self is { IsGateway: true, IsActive: true });
        var validation = ReadingValidator.Validate(readings, ingestActor, id => profiles.GetValueOrDefault(id), nowUtc,
            new IngestLimits(IngestLimits.DefaultMaxFutureSkew, maxReadingAge));

        var devices = new Dictionary<Guid, DeviceProfile>(profiles.Count);
        foreach (var (id, profile) in profiles)
        {
            if (profile is not null)
            {
                devices[id] = profile;
            }
        }

        return (new IngestBatch(validation.Valid, devices, organisationId, nowUtc, actorDeviceId), validation);
    }
}
