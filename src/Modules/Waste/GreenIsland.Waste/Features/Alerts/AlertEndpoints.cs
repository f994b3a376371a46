using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Features.ServiceAgreements;
using GreenIsland.Waste.Persistence;
using GreenIsland.Waste.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Alerts;

internal sealed record CloseAlertRequest(string? Reason);

internal sealed record AlertResponse(Guid Id, Guid OrganisationId, Guid? SiteId, Guid? CabinetId, Guid? ContainerId, Guid? SubjectId, string Kind, string Status,
    string Message, double? Value, double? Threshold, DateTime RaisedAt, DateTime? AcknowledgedAt, string? AcknowledgedBy, DateTime? ClosedAt, string? ClosedBy,
    string? CloseReason, string? AcknowledgedByName, string? ClosedByName);

internal static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder api)
    {
        api.MapGet("/alerts", ListAsync)
            .WithName("ListWasteAlerts")
            .WithSummary("Alerts the caller may see (own enterprise, served generators, jurisdiction), newest first; filter by status, kind, cabinet.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/alerts/{id:guid}/acknowledge", AcknowledgeAsync)
            .WithName("AcknowledgeWasteAlert")
            .WithSummary("Acknowledges an open alert: the enterprise's users, its serving collector's dispatcher, a regulator of the jurisdiction, the operator.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/alerts/{id:guid}/close", CloseAsync)
            .WithName("CloseWasteAlert")
            .WithSummary("Closes an alert with a reason: the enterprise's users, its serving collector's dispatcher, a regulator of the jurisdiction, the operator.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<List<AlertResponse>>, ValidationProblem>> ListAsync(string? status, string? kind, Guid? cabinetId, Guid? organisationId,
        WasteDbContext db, ActorNames names, CancellationToken cancellationToken)
    {
        var query = db.Set<WasteAlert>().AsNoTracking();
        if (status is not null)
        {
            if (!Enum.TryParse<AlertStatus>(status, ignoreCase: false, out var s) || !Enum.IsDefined(s) || int.TryParse(status, out _))
            {
                return WasteProblems.Validation("status", $"Use one of: {string.Join(", ", Enum.GetNames<AlertStatus>())}.");
            }

            query = query.Where(a => a.Status == s);
        }

        if (kind is not null)
        {
            if (!Enum.TryParse<AlertKind>(kind, ignoreCase: false, out var k) || !Enum.IsDefined(k) || int.TryParse(kind, out _))
            {
                return WasteProblems.Validation("kind", $"Use one of: {string.Join(", ", Enum.GetNames<AlertKind>())}.");
            }

            query = query.Where(a => a.Kind == k);
        }

        if (cabinetId is { } c)
        {
            query = query.Where(a => a.CabinetId == c);
        }

        if (organisationId is { } o)
        {
            query = query.Where(a => a.OrganisationId == new OrganisationId(o));
        }

        var alerts = await query.OrderByDescending(a => a.RaisedAt).Take(2_000).ToListAsync(cancellationToken);
        var people = await names.ResolveAsync(alerts.SelectMany(a => new[] { a.AcknowledgedBy, a.ClosedBy }), cancellationToken);
        return TypedResults.Ok(alerts.Select(a => ToResponse(a, people)).ToList());
    }

    private static Task<Results<Ok<AlertResponse>, ValidationProblem, ProblemHttpResult>> AcknowledgeAsync(Guid id, WasteDbContext db, WasteLedger ledger,
        ServingCollectors collectors, ActorNames names, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken) =>
        ChangeAsync(id, db, ledger, collectors, names, actor.Current, clock, AlertLedger.Acknowledged, null, (a, at) => a.Acknowledge(at, actor.Current.AuditName), cancellationToken);

    private static async Task<Results<Ok<AlertResponse>, ValidationProblem, ProblemHttpResult>> CloseAsync(Guid id, CloseAlertRequest request, WasteDbContext db,
        WasteLedger ledger, ServingCollectors collectors, ActorNames names, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().Required("reason", request.Reason, WasteAlert.ReasonMaxLength);
        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        return await ChangeAsync(id, db, ledger, collectors, names, actor.Current, clock, AlertLedger.Closed, request.Reason!.Trim(),
            (a, at) => a.Close(at, actor.Current.AuditName, request.Reason!.Trim()), cancellationToken);
    }

    private static async Task<Results<Ok<AlertResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(Guid id, WasteDbContext db, WasteLedger ledger,
        ServingCollectors collectors, ActorNames names, Actor actor, TimeProvider clock, string type, string? reason, Action<WasteAlert, DateTime> change,
        CancellationToken cancellationToken)
    {
        var alert = await db.Set<WasteAlert>().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (alert is null)
        {
            return WasteProblems.NotFound("No alert you can see has this id.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var collector = await collectors.CollectorOfAsync(alert.OrganisationId, WasteTime.LocalDate(now), cancellationToken);
        // The query filter already limits a regulator to alerts in its jurisdiction (others are 404): supervising them
        // includes acknowledging one (it is being followed up) and closing one with the reason (checked on site, for example).
        if (!WasteAccess.CanActForGenerator(actor, alert.OrganisationId) && !(collector is { } c && WasteAccess.CanDispatchFor(actor, c))
            && !WasteAccess.IsRegulator(actor))
        {
            return WasteProblems.Forbidden("Alerts are handled by the enterprise, its serving collector's dispatcher, the regulator of its jurisdiction or the operator.");
        }

        try
        {
            change(alert, now);
        }
        catch (DomainRuleViolationException ex)
        {
            return WasteProblems.Conflict(ex.Rule, ex.Message);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await AlertLedger.AppendAsync(ledger, alert, type, reason, now, actor.AuditName, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var people = await names.ResolveAsync([alert.AcknowledgedBy, alert.ClosedBy], cancellationToken);
        return TypedResults.Ok(ToResponse(alert, people));
    }

    private static AlertResponse ToResponse(WasteAlert a, IReadOnlyDictionary<string, string> people) =>
        new(a.Id, a.OrganisationId.Value, a.SiteId?.Value, a.CabinetId, a.ContainerId, a.SubjectId, a.Kind.ToString(), a.Status.ToString(), a.Message, a.Value, a.Threshold,
            a.RaisedAt, a.AcknowledgedAt, a.AcknowledgedBy, a.ClosedAt, a.ClosedBy, a.CloseReason,
            a.AcknowledgedBy is { } ack ? people.GetValueOrDefault(ack, ack) : null, a.ClosedBy is { } closer ? people.GetValueOrDefault(closer, closer) : null);
}
