using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Contracts;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Features.Cabinets;
using GreenIsland.Waste.Features.ServiceAgreements;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.PickupRequests;

internal sealed record RaisePickupRequest(Guid? CabinetId, string? Note);

internal sealed record CancelPickupRequest(string? Reason);

internal sealed record PickupRequestResponse(Guid Id, Guid OrganisationId, string OrganisationName, Guid SiteId, string SiteName, string SiteAddress, double Latitude,
    double Longitude, Guid? CabinetId, string? CabinetName, Guid CollectorId, string CollectorName, string Origin, string Status, double? FillRatioAtRaise, string? Note,
    DateTime RaisedAt, string RaisedBy, Guid? TripId, DateTime? PlannedAt, DateTime? CollectedAt, DateTime? CancelledAt, string? CancelReason);

internal static class PickupRequestEndpoints
{
    public static IEndpointRouteBuilder MapPickupRequests(this IEndpointRouteBuilder api)
    {
        api.MapGet("/pickup-requests", ListAsync)
            .WithName("ListWastePickupRequests")
            .WithSummary("Pickup requests the caller may see: an enterprise its own, a collector its queue (generators it serves), a regulator its jurisdiction; filter by status.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/pickup-requests", RaiseAsync)
            .WithName("RaiseWastePickupRequest")
            .WithSummary("The enterprise asks its serving collector to collect from a cabinet (one open or planned request per cabinet).")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/pickup-requests/{id:guid}/cancel", CancelAsync)
            .WithName("CancelWastePickupRequest")
            .WithSummary("Cancels an open request with a reason (the enterprise, the collector's dispatcher or the operator); re-arms the cabinet's fill rule.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<List<PickupRequestResponse>>, ValidationProblem>> ListAsync(string? status, Guid? cabinetId, WasteDbContext db, IActorContext actor,
        CancellationToken cancellationToken)
    {
        var query = db.Set<PickupRequest>().AsNoTracking();
        if (status is not null)
        {
            if (!Enum.TryParse<PickupRequestStatus>(status, ignoreCase: false, out var s) || !Enum.IsDefined(s) || int.TryParse(status, out _))
            {
                return WasteProblems.Validation("status", $"Use one of: {string.Join(", ", Enum.GetNames<PickupRequestStatus>())}.");
            }

            query = query.Where(r => r.Status == s);
        }

        if (cabinetId is { } c)
        {
            query = query.Where(r => r.CabinetId == c);
        }

        // A collector's queue is what it was asked to collect, among the generators it serves.
        if (actor.Current.IsInRole(PlatformRoles.CollectorDispatcher)
            || actor.Current.IsInRole(PlatformRoles.Driver))
        {
            var collector = actor.Current.OrganisationId;
            query = query.Where(r => r.CollectorId == collector);
        }

        var requests = await query.OrderByDescending(r => r.RaisedAt).Take(5_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(await ToResponsesAsync(db, requests, cancellationToken));
    }

    private static async Task<Results<Created<PickupRequestResponse>, ValidationProblem, ProblemHttpResult>> RaiseAsync(RaisePickupRequest request, WasteDbContext db,
        PickupRequestTransitions transitions, ServingCollectors collectors, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.MaxLength("note", request.Note, PickupRequest.NoteMaxLength);
        Cabinet? cabinet = null;
        if (request.CabinetId is not { } cabinetId)
        {
            errors.Add("cabinetId", "This field is required.");
        }
        else
        {
            cabinet = await db.Set<Cabinet>().SingleOrDefaultAsync(c => c.Id == cabinetId, cancellationToken);
            if (cabinet is null || !WasteAccess.CanActForGenerator(actor.Current, cabinet.OrganisationId))
            {
                errors.Add("cabinetId", "No cabinet of your enterprise has this id.");
                cabinet = null;
            }
        }

        if (errors.Any || cabinet is null)
        {
            return WasteProblems.Validation(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (await collectors.CollectorOfAsync(cabinet.OrganisationId, WasteTime.LocalDate(now), cancellationToken) is not { } collector)
        {
            return WasteProblems.Conflict("APickupNeedsAServingCollector", "No collection company serves your enterprise today; sign a service agreement first.");
        }

        if (await transitions.HasActiveAsync(cabinet.Id, cancellationToken))
        {
            return WasteProblems.Conflict("ACabinetHasOneActivePickupRequest", "This cabinet already has an open or planned pickup request.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var raised = await transitions.RaiseAsync(cabinet, cabinet.OrganisationId, cabinet.SiteId, cabinet.DistrictId, cabinet.TownId, collector, PickupOrigin.Enterprise,
            cabinet.FillRatio, request.Note?.Trim(), now, actor.Current.AuditName, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/waste/pickup-requests?cabinetId={cabinet.Id}", (await ToResponsesAsync(db, [raised], cancellationToken))[0]);
    }

    private static async Task<Results<Ok<PickupRequestResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(Guid id, CancelPickupRequest request, WasteDbContext db,
        PickupRequestTransitions transitions, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var existing = await db.Set<PickupRequest>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (existing is null)
        {
            return WasteProblems.NotFound("No pickup request you can see has this id.");
        }

        if (!WasteAccess.CanActForGenerator(actor.Current, existing.OrganisationId) && !WasteAccess.CanDispatchFor(actor.Current, existing.CollectorId))
        {
            return WasteProblems.Forbidden("A pickup request is cancelled by the enterprise, the collector's dispatcher or the operator.");
        }

        var errors = new FieldErrors().Required("reason", request.Reason, PickupRequest.NoteMaxLength);
        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        if (existing.Status != PickupRequestStatus.Open)
        {
            return WasteProblems.Conflict("OnlyAnOpenPickupRequestCanBeCancelled", $"The pickup request is {existing.Status}.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var cancelled = await transitions.CancelAsync(id, clock.GetUtcNow().UtcDateTime, actor.Current.AuditName, request.Reason!.Trim(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await ToResponsesAsync(db, [cancelled], cancellationToken))[0]);
    }

    internal static async Task<List<PickupRequestResponse>> ToResponsesAsync(WasteDbContext db, IReadOnlyList<PickupRequest> requests, CancellationToken cancellationToken)
    {
        var siteIds = requests.Select(r => r.SiteId).Distinct().ToList();
        var orgIds = requests.SelectMany(r => new[] { r.OrganisationId, r.CollectorId }).Distinct().ToList();
        var cabinetIds = requests.Where(r => r.CabinetId != null).Select(r => r.CabinetId!.Value).Distinct().ToList();
        var sites = await db.Set<PlatformSiteView>().AsNoTracking().Where(s => siteIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var orgs = await db.Set<PlatformOrganisationView>().AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        var cabinets = await db.Set<Cabinet>().IgnoreQueryFilters().AsNoTracking().Where(c => cabinetIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return requests.Select(r =>
        {
            var site = sites.GetValueOrDefault(r.SiteId);
            return new PickupRequestResponse(r.Id, r.OrganisationId.Value, orgs.GetValueOrDefault(r.OrganisationId, "?"), r.SiteId.Value, site?.Name ?? "?",
                site?.Address ?? "?", site?.Latitude ?? 0, site?.Longitude ?? 0, r.CabinetId, r.CabinetId is { } c ? cabinets.GetValueOrDefault(c) : null, r.CollectorId.Value,
                orgs.GetValueOrDefault(r.CollectorId, "?"), r.Origin.ToString(), r.Status.ToString(), r.FillRatioAtRaise, r.Note, r.RaisedAt, r.RaisedBy, r.TripId,
                r.PlannedAt, r.CollectedAt, r.CancelledAt, r.CancelReason);
        }).ToList();
    }
}
