using System.Globalization;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Features.Driver;
using GreenIsland.Waste.Features.PickupRequests;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Dispatch;

/// <summary>A stored container waiting for pickup, as the planner and the manifest need it.</summary>
internal sealed record PlanningContainer(Guid Id, string Code, string WasteCode, string WasteName, int Category, string Characteristics, string PhysicalForm,
    string Packaging, decimal EstimatedKg, int Group);

/// <summary>An open pickup request of a generator served by the collector.</summary>
internal sealed record PlanningRequest(Guid RequestId, OrganisationId GeneratorId, SiteId SiteId, IReadOnlyList<PlanningContainer> Containers);

/// <summary>
/// The pickup-request queue as dispatch sees it: open requests of the collector with the stored containers of their
/// cabinet (or site), and the status moves dispatch makes through <see cref="PickupRequestTransitions"/> (ledger
/// entries included). Runs inside the caller's transaction; reads past the query filters because dispatch answers
/// for the collector named by the caller's own organisation.
/// </summary>
internal sealed class PickupQueue(PickupRequestTransitions transitions)
{
    public async Task<IReadOnlyList<PlanningRequest>> OpenAsync(WasteDbContext db, OrganisationId collector, CancellationToken cancellationToken)
    {
        var requests = await db.Set<PickupRequest>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.CollectorId == collector && r.Status == PickupRequestStatus.Open).OrderBy(r => r.RaisedAt).ToListAsync(cancellationToken);
        return await WithContainersAsync(db, requests, cancellationToken);
    }

    public async Task<IReadOnlyList<PlanningRequest>> ByIdsAsync(WasteDbContext db, IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken)
    {
        var requests = await db.Set<PickupRequest>().IgnoreQueryFilters().AsNoTracking().Where(r => requestIds.Contains(r.Id)).ToListAsync(cancellationToken);
        return await WithContainersAsync(db, requests, cancellationToken);
    }

    public async Task MarkPlannedAsync(IReadOnlyCollection<Guid> requestIds, Guid tripId, DateTime at, string actor, CancellationToken cancellationToken)
    {
        foreach (var id in requestIds)
        {
            await transitions.PlanAsync(id, tripId, at, actor, cancellationToken);
        }
    }

    public async Task MarkCollectedAsync(IReadOnlyCollection<Guid> requestIds, DateTime at, string actor, CancellationToken cancellationToken)
    {
        foreach (var id in requestIds)
        {
            await transitions.CollectAsync(id, at, actor, cancellationToken);
        }
    }

    private static async Task<IReadOnlyList<PlanningRequest>> WithContainersAsync(WasteDbContext db, IReadOnlyList<PickupRequest> requests, CancellationToken cancellationToken)
    {
        var sites = requests.Select(r => r.SiteId).Distinct().ToList();
        var stored = await db.Set<WasteContainer>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => sites.Contains(c.SiteId) && c.State == ContainerState.Stored).ToListAsync(cancellationToken);
        return requests.Select(r => new PlanningRequest(r.Id, r.OrganisationId, r.SiteId,
            stored.Where(c => c.SiteId == r.SiteId && (r.CabinetId is null || c.CabinetId == r.CabinetId))
                .Select(c => new PlanningContainer(c.Id, c.Code, c.WasteCode, c.WasteName, CategoryNumber(c.CategoryCode), c.Characteristics, c.PhysicalForm.ToString(),
                    c.Packaging, c.WeightG / 1000m, (int)c.CompatibilityGroup)).ToList())).ToList();
    }

    internal static int CategoryNumber(string category) =>
        int.TryParse(category.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}

/// <summary>Containers as the driver and the receivers move them, through <see cref="ContainerTransitions"/> (ledger entries included).</summary>
internal sealed class ContainerRegistry(ContainerTransitions transitions)
{
    /// <summary>A container of <paramref name="generator"/> with this identification code that is still stored, or null.</summary>
    public async Task<ScannedContainer?> FindForPickupAsync(string code, OrganisationId generator, CancellationToken cancellationToken) =>
        await transitions.FindStoredByCodeAsync(generator, code, cancellationToken) is { } c
            ? new ScannedContainer(c.Id, c.Code, c.WasteCode, c.WasteName, c.CategoryCode, c.Characteristics, c.PhysicalForm.ToString(), c.Packaging, c.SiteId,
                (int)c.CompatibilityGroup)
            : null;

    public async Task CollectAsync(IReadOnlyList<(Guid ContainerId, long Grams, Guid PickupRequestId)> containers, DateTime at, string actor, CancellationToken cancellationToken)
    {
        foreach (var (id, grams, request) in containers)
        {
            await transitions.CollectAsync(id, request, at, grams / 1000m, actor, cancellationToken);
        }
    }

    public async Task MoveAsync(IReadOnlyCollection<Guid> containerIds, ContainerState to, DateTime at, string actor, OrganisationId receiver, string? note,
        CancellationToken cancellationToken)
    {
        foreach (var id in containerIds)
        {
            _ = to switch
            {
                ContainerState.Received => await transitions.ReceiveAsync(id, at, actor, receiver, cancellationToken),
                ContainerState.Disposed => await transitions.DisposeAsync(id, at, actor, note, cancellationToken),
                ContainerState.Refused => await transitions.RefuseAsync(id, at, actor, note ?? "refused by the receiver", cancellationToken),
                _ => throw new DomainRuleViolationException("ContainerMoveIsNotSupported", $"Containers are not moved to {to} by a manifest."),
            };
        }
    }
}
