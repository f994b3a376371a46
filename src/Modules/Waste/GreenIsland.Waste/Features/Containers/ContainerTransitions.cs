using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Containers;

/// <summary>
/// Moves containers past Stored (internal service for waste-logistics). Call it inside an open transaction on the
/// scoped <see cref="WasteDbContext"/>: it changes tracked entities and appends ledger entries (stream
/// <c>waste-container/{id}</c>); the caller saves and commits. It reads past the query filters: the caller decides
/// who may act. Rule violations throw <see cref="DomainRuleViolationException"/> (409).
/// </summary>
internal sealed class ContainerTransitions(WasteDbContext db, WasteLedger ledger, WasteAlerts alerts)
{
    /// <summary>A Stored container of the generator by its identification code (QR payload), or null.</summary>
    public Task<WasteContainer?> FindStoredByCodeAsync(OrganisationId generator, string code, CancellationToken cancellationToken) =>
        db.Set<WasteContainer>().IgnoreQueryFilters()
            .SingleOrDefaultAsync(c => c.Code == code.Trim() && c.OrganisationId == generator && c.State == ContainerState.Stored, cancellationToken);

    public async Task<WasteContainer> GetAsync(Guid containerId, CancellationToken cancellationToken) =>
        await db.Set<WasteContainer>().IgnoreQueryFilters().SingleOrDefaultAsync(c => c.Id == containerId, cancellationToken)
        ?? throw new DomainRuleViolationException("ContainerMustExist", $"No container {containerId}.");

    /// <summary>
    /// Stored -> Collected at the generator's signature, with the weight measured by the driver (kg, optional). The
    /// container has left storage: its storage-age alerts close.
    /// </summary>
    public async Task<WasteContainer> CollectAsync(Guid containerId, Guid? pickupRequestId, DateTime at, decimal? weighedKg, string actor, CancellationToken cancellationToken)
    {
        long? grams = null;
        if (weighedKg is not null)
        {
            if (!Weights.TryToGrams(weighedKg, allowZero: false, out var g, out var reason))
            {
                throw new DomainRuleViolationException("AWeighedContainerHasAPositiveWeight", reason);
            }

            grams = g;
        }

        var container = await GetAsync(containerId, cancellationToken);
        container.Collect(at, grams, pickupRequestId);
        await alerts.CloseByRuleAsync(null, container.Id, [AlertKind.StorageAgeApproaching, AlertKind.StorageLimitExceeded], at,
            "容器已转移（收运出库）/ container left storage (collected)", cancellationToken);
        await AppendAsync(container, "ContainerCollected", at, actor, new JsonObject
        {
            ["pickupRequestId"] = pickupRequestId,
            ["weighedKg"] = grams is { } w ? Weights.ToKg(w) : null,
        }, cancellationToken);
        return container;
    }

    /// <summary>Collected -> Received by the transfer warehouse or the disposal facility.</summary>
    public async Task<WasteContainer> ReceiveAsync(Guid containerId, DateTime at, string actor, OrganisationId receiver, CancellationToken cancellationToken)
    {
        var container = await GetAsync(containerId, cancellationToken);
        container.Receive(at);
        await AppendAsync(container, "ContainerReceived", at, actor, new JsonObject { ["receiverId"] = receiver.Value }, cancellationToken);
        return container;
    }

    /// <summary>Received -> Disposed.</summary>
    public async Task<WasteContainer> DisposeAsync(Guid containerId, DateTime at, string actor, string? method, CancellationToken cancellationToken)
    {
        var container = await GetAsync(containerId, cancellationToken);
        container.Dispose(at);
        await AppendAsync(container, "ContainerDisposed", at, actor, new JsonObject { ["method"] = method }, cancellationToken);
        return container;
    }

    /// <summary>Collected or Received -> Refused by the receiver.</summary>
    public async Task<WasteContainer> RefuseAsync(Guid containerId, DateTime at, string actor, string reason, CancellationToken cancellationToken)
    {
        var container = await GetAsync(containerId, cancellationToken);
        container.Refuse(at, reason);
        await AppendAsync(container, "ContainerRefused", at, actor, new JsonObject { ["reason"] = reason }, cancellationToken);
        return container;
    }

    private Task AppendAsync(WasteContainer container, string type, DateTime at, string actor, JsonObject payload, CancellationToken cancellationToken)
    {
        payload["containerId"] = container.Id;
        payload["code"] = container.Code;
        payload["state"] = container.State.ToString();
        payload["at"] = at;
        payload["actor"] = actor;
        return ledger.AppendAsync(WasteLedger.Container(container.Id), type, container.OrganisationId, payload, cancellationToken);
    }
}
