using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Telemetry.Devices;
using GreenIsland.Telemetry.Domain;
using Microsoft.Extensions.Options;

namespace GreenIsland.Telemetry.Ingest;

internal sealed record IngestOutcome(int Received, int Accepted, int Duplicates, IReadOnlyList<RejectedReading> Rejected);

internal sealed class IngestService(DeviceRegistry registry, IReadingStore store, TimeProvider clock, IOptions<TelemetryOptions> options)
{
    public async Task<IngestOutcome> IngestAsync(Actor actor, IReadOnlyList<IncomingReading> readings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = new HashSet<Guid>(capacity: 64) { actor.ActorId };
        foreach (var r in readings)
        {
            if (r.DeviceId is { } id)
            {
                ids.Add(id);
            }
        }

        var profiles = await registry.GetAsync(ids, cancellationToken);
        var self = profiles.GetValueOrDefault(actor.ActorId);
        var ingestActor = new IngestActor(actor.ActorId, actor.OrganisationId.Value, self?.SiteId ?? Guid.Empty, self is { IsGateway: true, IsActive: true });
        var validation = ReadingValidator.Validate(readings, ingestActor, id => profiles.GetValueOrDefault(id), now,
            new IngestLimits(IngestLimits.DefaultMaxFutureSkew, options.Value.MaxReadingAge));

        var devices = new Dictionary<Guid, DeviceProfile>(profiles.Count);
        foreach (var (id, profile) in profiles)
        {
            if (profile is not null)
            {
                devices[id] = profile;
            }
        }

        var written = await store.WriteAsync(new IngestBatch(validation.Valid, devices, actor.OrganisationId.Value, now, actor.ActorId), cancellationToken);
        return new IngestOutcome(readings.Count, written.Inserted, written.Duplicates + validation.DuplicatesWithinBatch, validation.Rejected);
    }
}
