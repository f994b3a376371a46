using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Features.Driver;
using GreenIsland.Waste.Persistence;

namespace GreenIsland.Waste.Features.Dispatch;

/// <summary>A stored container waiting for pickup, as the planner and the manifest need it.</summary>
internal sealed record PlanningContainer(Guid Id, string Code, string WasteCode, string WasteName, int Category, string Characteristics, string PhysicalForm,
    string Packaging, decimal EstimatedKg, int Group);

/// <summary>An open pickup request of a generator served by the collector.</summary>
internal sealed record PlanningRequest(Guid RequestId, OrganisationId GeneratorId, SiteId SiteId, IReadOnlyList<PlanningContainer> Containers);

/// <summary>
/// The pickup-request queue as dispatch sees it (requests are owned by the cabinets/rules feature): the open requests
/// of a collector's generators, and the status moves dispatch makes. Implementations run inside the caller's transaction.
/// </summary>
internal interface IPickupQueue
{
    Task<IReadOnlyList<PlanningRequest>> OpenAsync(WasteDbContext db, OrganisationId collector, DateOnly date, CancellationToken cancellationToken);

    Task<IReadOnlyList<PlanningRequest>> ByIdsAsync(WasteDbContext db, IReadOnlyCollection<Guid> requestIds, CancellationToken cancellationToken);

    Task MarkPlannedAsync(WasteDbContext db, IReadOnlyCollection<Guid> requestIds, DateTime at, string actor, CancellationToken cancellationToken);

    Task MarkCollectedAsync(WasteDbContext db, IReadOnlyCollection<Guid> requestIds, DateTime at, string actor, CancellationToken cancellationToken);
}

/// <summary>Containers as the driver and the receivers move them (owned by the containers feature).</summary>
internal interface IContainerRegistry
{
    /// <summary>A container of <paramref name="generator"/> with this identification code that is still stored, or null.</summary>
    Task<ScannedContainer?> FindForPickupAsync(WasteDbContext db, string code, OrganisationId generator, CancellationToken cancellationToken);

    Task MoveAsync(WasteDbContext db, IReadOnlyCollection<Guid> containerIds, ContainerState to, DateTime at, string actor, CancellationToken cancellationToken);
}
