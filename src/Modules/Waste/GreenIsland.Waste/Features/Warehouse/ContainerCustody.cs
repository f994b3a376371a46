using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Domain.Warehouse;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Warehouse;

/// <summary>
/// Keeps the collector's custody record (<c>waste_warehouse_movements</c>) in step with the manifests: collected at
/// the generator's signature, received into the transfer warehouse or delivered to another receiver on receipt.
/// Called inside the caller's transaction.
/// </summary>
internal sealed class ContainerCustody(TimeProvider clock, ContainerRegistry registry)
{
    public async Task OnCollectedAsync(WasteDbContext db, Manifest m, IReadOnlyList<ManifestContainer> containers, IReadOnlyDictionary<Guid, Guid> pickupRequestOf, DateTime at,
        string actor, CancellationToken cancellationToken)
    {
        if (m.CarrierId is not { } carrier || m.TripId is null)
        {
            return;
        }

        var (district, town) = await PlaceOfAsync(db, carrier, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var c in containers)
        {
            db.Add(WarehouseMovement.Record(carrier, district, town, m.OrganisationId, c.ContainerId, c.ContainerCode, MovementKind.Collected, c.ShippedG, at, m.Id,
                null, now, actor));
        }

        await registry.CollectAsync(containers.Select(c => (c.ContainerId, c.ShippedG, pickupRequestOf[c.ContainerId])).ToList(), at, actor, cancellationToken);
    }

    public async Task OnReceivedAsync(WasteDbContext db, Manifest m, IReadOnlyList<ManifestContainer> containers, DateTime at, string actor, CancellationToken cancellationToken)
    {
        if (m.CarrierId is not { } carrier)
        {
            return;
        }

        var (district, town) = await PlaceOfAsync(db, carrier, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var warehouse = ManifestEndpoints.IsWarehouse(m);
        foreach (var c in containers)
        {
            // Into the collector's own warehouse: the new weight is what is in stock. To another receiver: the
            // collector's custody ends at the weight it shipped; a difference is the manifest's discrepancy.
            db.Add(warehouse
                ? WarehouseMovement.Record(carrier, district, town, m.OrganisationId, c.ContainerId, c.ContainerCode, MovementKind.ReceivedAtWarehouse, c.ReceivedG!.Value,
                    at, m.Id, null, now, actor)
                : WarehouseMovement.Record(carrier, district, town, m.OrganisationId, c.ContainerId, c.ContainerCode, MovementKind.Delivered, c.ShippedG,
                    at, m.Id, null, now, actor));
        }

        // A shipment from the transfer warehouse carries containers that were received there already.
        if (m.OrganisationId != m.CarrierId)
        {
            await registry.MoveAsync(containers.Select(c => c.ContainerId).ToList(), ContainerState.Received, at, actor, m.ReceiverId ?? default, null, cancellationToken);
        }
    }

    /// <summary>A refusal sends the containers to Refused (a partly refused line keeps its containers received).</summary>
    public async Task OnDecidedAsync(WasteDbContext db, Manifest m, DateTime at, string actor, CancellationToken cancellationToken)
    {
        if (m.Status == ManifestStatus.Refused)
        {
            await registry.MoveAsync(await ContainerIdsAsync(db, m, cancellationToken), ContainerState.Refused, at, actor, m.ReceiverId ?? default, m.RefusalReason, cancellationToken);
        }
    }

    public async Task OnDisposedAsync(WasteDbContext db, Manifest m, DateTime at, string actor, CancellationToken cancellationToken)
    {
        var refusedLines = m.Lines.Where(l => l.AcceptedQuantityG == 0).Select(l => l.LineNo).ToList();
        var disposed = await db.Set<ManifestContainer>().Where(c => c.ManifestId == m.Id && !refusedLines.Contains(c.LineNo)).Select(c => c.ContainerId).ToListAsync(cancellationToken);
        await registry.MoveAsync(disposed, ContainerState.Disposed, at, actor, m.ReceiverId ?? default, m.DisposalMethod, cancellationToken);
    }

    private static async Task<List<Guid>> ContainerIdsAsync(WasteDbContext db, Manifest m, CancellationToken cancellationToken) =>
        await db.Set<ManifestContainer>().Where(c => c.ManifestId == m.Id).Select(c => c.ContainerId).ToListAsync(cancellationToken);

    private static async Task<(JurisdictionId District, JurisdictionId Town)> PlaceOfAsync(WasteDbContext db, OrganisationId organisation, CancellationToken cancellationToken)
    {
        var o = await db.Set<PlatformOrganisationView>().AsNoTracking().SingleAsync(x => x.Id == organisation, cancellationToken);
        return (o.DistrictId, o.TownId);
    }
}
