using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Telemetry.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Telemetry.Liveness;

/// <summary>
/// Applies <see cref="LivenessPolicy"/> to every active device and records each transition together with its
/// event in the outbox, in one transaction.
/// </summary>
internal sealed class LivenessMonitor(TelemetryDbContext db, TelemetryDatabase database)
{
    public async Task<int> RunOnceAsync(DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (database.IsPostgres && !await TryLockAsync(cancellationToken))
        {
            return 0; // another instance is running this job
        }

        var devices = await db.Devices.IgnoreQueryFilters().Where(d => d.IsActive).ToListAsync(cancellationToken);
        var transitions = 0;
        foreach (var device in devices)
        {
            var next = LivenessPolicy.Evaluate(device.Status, device.LastSeenAt, device.RegisteredAt,
                TimeSpan.FromSeconds(device.IntervalSeconds), nowUtc);
            if (next == device.Status)
            {
                continue;
            }

            var previous = device.Status;
            device.Status = next;
            device.StatusChangedAt = nowUtc;
            transitions++;
            TelemetryEvent? e = (previous, next) switch
            {
                (_, LivenessStatus.Offline) => new DeviceWentOffline
                {
                    EventId = Guid.CreateVersion7(nowUtc),
                    OccurredAtUtc = nowUtc,
                    OrganisationId = device.OrganisationId.Value,
                    DeviceId = device.DeviceId.Value,
                    SiteId = device.SiteId.Value,
                    LastSeenAtUtc = device.LastSeenAt,
                },
                (LivenessStatus.Offline, LivenessStatus.Online) => new DeviceCameOnline
                {
                    EventId = Guid.CreateVersion7(nowUtc),
                    OccurredAtUtc = nowUtc,
                    OrganisationId = device.OrganisationId.Value,
                    DeviceId = device.DeviceId.Value,
                    SiteId = device.SiteId.Value,
                    LastSeenAtUtc = device.LastSeenAt ?? nowUtc,
                },
                _ => null, // first report of a new device: online without an event
            };
            if (e is not null)
            {
                db.Outbox.Add(OutboxSerializer.ToMessage(e));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return transitions;
    }

    private async Task<bool> TryLockAsync(CancellationToken cancellationToken) =>
        await db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_xact_lock(7465010001) AS \"Value\"").SingleAsync(cancellationToken);
}
