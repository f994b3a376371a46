using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Features.Cabinets;
using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.PickupRequests;

/// <summary>
/// Moves pickup requests through their states. Internal service for the rules, the endpoints and waste-logistics.
/// Call it inside an open transaction on the scoped <see cref="WasteDbContext"/>: it changes tracked entities and
/// appends ledger entries (stream <c>waste-pickup/{id}</c>); the caller calls SaveChanges and commits. It reads past
/// the query filters: authorisation is the caller's job.
/// </summary>
internal sealed class PickupRequestTransitions(WasteDbContext db, WasteLedger ledger, WasteAlerts alerts)
{
    public async Task<PickupRequest> GetAsync(Guid requestId, CancellationToken cancellationToken) =>
        await db.Set<PickupRequest>().IgnoreQueryFilters().SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken)
        ?? throw new DomainRuleViolationException("PickupRequestMustExist", $"No pickup request {requestId}.");

    /// <summary>Whether the cabinet has an Open or Planned request.</summary>
    public Task<bool> HasActiveAsync(Guid cabinetId, CancellationToken cancellationToken) =>
        db.Set<PickupRequest>().IgnoreQueryFilters().AnyAsync(r => r.CabinetId == cabinetId
            && (r.Status == PickupRequestStatus.Open || r.Status == PickupRequestStatus.Planned), cancellationToken);

    public async Task<PickupRequest> RaiseAsync(Cabinet? cabinet, OrganisationId generator, SiteId site, JurisdictionId district, JurisdictionId town,
        OrganisationId collector, PickupOrigin origin, double? fill, string? note, DateTime at, string actor, CancellationToken cancellationToken)
    {
        if (cabinet is not null && await HasActiveAsync(cabinet.Id, cancellationToken))
        {
            throw new DomainRuleViolationException("ACabinetHasOneActivePickupRequest", "This cabinet already has an open or planned pickup request.");
        }

        var request = new PickupRequest
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = generator,
            SiteId = site,
            DistrictId = district,
            TownId = town,
            CabinetId = cabinet?.Id,
            CollectorId = collector,
            Origin = origin,
            Status = PickupRequestStatus.Open,
            FillRatioAtRaise = fill,
            Note = note,
            RaisedAt = at,
            RaisedBy = actor,
        };
        db.Add(request);
        await ledger.AppendAsync(WasteLedger.Pickup(request.Id), "PickupRequested", generator, new JsonObject
        {
            ["requestId"] = request.Id,
            ["cabinetId"] = cabinet?.Id,
            ["siteId"] = site.Value,
            ["collectorId"] = collector.Value,
            ["origin"] = origin.ToString(),
            ["fillRatio"] = fill,
            ["at"] = at,
            ["actor"] = actor,
        }, cancellationToken);
        return request;
    }

    /// <summary>Open -> Planned when a trip with a stop for the request is published.</summary>
    public async Task<PickupRequest> PlanAsync(Guid requestId, Guid tripId, DateTime at, string actor, CancellationToken cancellationToken)
    {
        var request = await GetAsync(requestId, cancellationToken);
        request.Plan(tripId, at);
        await AppendAsync(request, "PickupPlanned", at, actor, new JsonObject { ["tripId"] = tripId }, cancellationToken);
        return request;
    }

    /// <summary>Planned -> Open when the trip or its stop is cancelled.</summary>
    public async Task<PickupRequest> ReturnToQueueAsync(Guid requestId, DateTime at, string actor, string reason, CancellationToken cancellationToken)
    {
        var request = await GetAsync(requestId, cancellationToken);
        var trip = request.TripId;
        request.ReturnToQueue();
        await AppendAsync(request, "PickupReturnedToQueue", at, actor, new JsonObject { ["tripId"] = trip, ["reason"] = reason }, cancellationToken);
        return request;
    }

    /// <summary>
    /// Planned -> Collected when the generator signed at the stop. Re-arms the cabinet's fill rule and closes its fill
    /// alerts (the cabinet was emptied).
    /// </summary>
    public async Task<PickupRequest> CollectAsync(Guid requestId, DateTime at, string actor, CancellationToken cancellationToken)
    {
        var request = await GetAsync(requestId, cancellationToken);
        var tripCode = request.TripId is { } tripId
            ? await db.Set<Trip>().IgnoreQueryFilters().Where(t => t.Id == tripId).Select(t => t.Code).SingleOrDefaultAsync(cancellationToken)
            : null;
        request.Collect(at);
        await RearmAsync(request, cancellationToken);
        await CloseFillAlertsAsync(request, at, tripCode is null ? "已收运 / collected" : $"已收运（车次 {tripCode}）/ collected on trip {tripCode}", cancellationToken);
        await AppendAsync(request, "PickupCollected", at, actor, [], cancellationToken);
        return request;
    }

    /// <summary>Open -> Cancelled (enterprise or collector). Re-arms the cabinet's fill rule and closes its fill alerts.</summary>
    public async Task<PickupRequest> CancelAsync(Guid requestId, DateTime at, string actor, string reason, CancellationToken cancellationToken)
    {
        var request = await GetAsync(requestId, cancellationToken);
        request.Cancel(at, reason);
        await RearmAsync(request, cancellationToken);
        await CloseFillAlertsAsync(request, at, $"收运请求已取消：{reason} / pickup request cancelled: {reason}", cancellationToken);
        await AppendAsync(request, "PickupCancelled", at, actor, new JsonObject { ["reason"] = reason }, cancellationToken);
        return request;
    }

    private async Task CloseFillAlertsAsync(PickupRequest request, DateTime at, string reason, CancellationToken cancellationToken)
    {
        if (request.CabinetId is { } cabinetId)
        {
            await alerts.CloseByRuleAsync(cabinetId, null, [AlertKind.FillThreshold], at, reason, cancellationToken);
        }
    }

    private async Task RearmAsync(PickupRequest request, CancellationToken cancellationToken)
    {
        if (request.CabinetId is { } cabinetId
            && await db.Set<Cabinet>().IgnoreQueryFilters().SingleOrDefaultAsync(c => c.Id == cabinetId, cancellationToken) is { } cabinet)
        {
            cabinet.FillArmed = true;
        }
    }

    private Task AppendAsync(PickupRequest request, string type, DateTime at, string actor, JsonObject payload, CancellationToken cancellationToken)
    {
        payload["requestId"] = request.Id;
        payload["status"] = request.Status.ToString();
        payload["at"] = at;
        payload["actor"] = actor;
        return ledger.AppendAsync(WasteLedger.Pickup(request.Id), type, request.OrganisationId, payload, cancellationToken);
    }
}
