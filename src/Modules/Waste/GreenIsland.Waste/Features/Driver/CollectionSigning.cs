using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Features.Warehouse;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Driver;

/// <summary>
/// The generator's confirmation at pickup (security code on the driver's phone, or a signature in its own account):
/// its stops on the trip are confirmed, the manifest's estimated lines are replaced by what was weighed (one line per
/// waste code), the generator's signature is recorded, and the containers enter the collector's custody.
/// Runs inside the caller's transaction.
/// </summary>
internal sealed class CollectionSigning(ManifestRecorder recorder, ContainerCustody custody, PickupQueue pickups, TimeProvider clock)
{
    public async Task<Manifest> ConfirmAsync(WasteDbContext db, Guid tripId, OrganisationId generator, DateTime at, string actor, GeneratorSignatureMethod method,
        CancellationToken cancellationToken)
    {
        var stops = await db.Set<TripStop>().Where(s => s.TripId == tripId && s.OrganisationId == generator).ToListAsync(cancellationToken);
        var open = stops.Where(s => s.Status == StopStatus.Planned).ToList();
        if (open.Count == 0)
        {
            var confirmed = stops.FirstOrDefault(s => s.Status == StopStatus.Confirmed);
            throw confirmed is not null
                ? new DomainRuleViolationException("StopIsConfirmedOnce", $"The pickup at {confirmed.SiteName} was already confirmed at {confirmed.ConfirmedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}.")
                : new DomainRuleViolationException("NothingToConfirm", "The trip has no open stop of this generator.");
        }

        var trip = await db.Set<Trip>().SingleAsync(t => t.Id == tripId, cancellationToken);
        if (trip.Status != TripStatus.Published)
        {
            throw new DomainRuleViolationException("OnlyPublishedTripsAreCollected", $"Trip {trip.Code} is {trip.Status}.");
        }

        var stopIds = open.Select(s => s.Id).ToList();
        var items = await db.Set<StopItem>().Where(i => stopIds.Contains(i.StopId)).ToListAsync(cancellationToken);
        if (items.Count == 0)
        {
            throw new DomainRuleViolationException("WeighAtLeastOneContainerBeforeConfirming", "Scan and weigh the containers before the generator confirms.");
        }

        var manifest = await db.Set<Manifest>().Include(m => m.Lines)
            .SingleOrDefaultAsync(m => m.TripId == tripId && m.OrganisationId == generator && m.Status != ManifestStatus.Cancelled, cancellationToken)
            ?? throw new DomainRuleViolationException("ManifestIsDrawnWhenTheTripIsPublished", "The trip has no manifest for this generator; publish the trip first.");

        var byCode = items.GroupBy(i => i.WasteCode, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var lines = byCode.Select(g =>
        {
            var first = g.First();
            return new ManifestLineDraft(g.Key, first.WasteName, first.Category, first.Characteristics, first.PhysicalForm, first.Packaging, g.Count(),
                g.Sum(i => i.WeightG), Measured: true);
        }).ToList();
        manifest.ReplaceLines(lines);
        var now = clock.GetUtcNow().UtcDateTime;
        var transition = manifest.SignByGenerator(at, now, actor, method);
        foreach (var stop in open)
        {
            stop.Confirm(at, actor, method);
        }

        var containers = byCode.SelectMany((g, i) => g.Select(item => ManifestContainer.Of(manifest.Id, item.ContainerId, item.ContainerCode, i + 1, item.WeightG))).ToList();
        db.AddRange(containers);
        var requestOf = items.ToDictionary(i => i.ContainerId, i => open.Single(s => s.Id == i.StopId).PickupRequestId);
        await custody.OnCollectedAsync(db, manifest, containers, requestOf, at, actor, cancellationToken);
        await pickups.MarkCollectedAsync(open.Select(s => s.PickupRequestId).Distinct().ToList(), at, actor, cancellationToken);
        await recorder.RecordAsync(db, manifest, [transition], cancellationToken);
        return manifest;
    }
}
