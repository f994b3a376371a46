using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Features.Webhooks;

internal sealed record CreateWebhookSubscriptionRequest(string? Url, string? Description, Guid? OrganisationId);

/// <summary>A subscription; <c>Scope</c> is <c>Parties</c> (the organisation's own manifests) or <c>Jurisdiction</c> (a regulator's district or town).</summary>
internal sealed record WebhookSubscriptionResponse(Guid Id, Guid OrganisationId, string Url, string? Description, bool IsActive, DateTime CreatedAt, string CreatedBy, DateTime? DeactivatedAt,
    string Scope, Guid? DistrictId, Guid? TownId);

/// <summary>The created subscription with its secret: the only response that ever contains the secret.</summary>
internal sealed record CreatedWebhookSubscriptionResponse(WebhookSubscriptionResponse Subscription, string Secret, string SignatureHeader, string SignatureScheme);

internal sealed record WebhookDeliveryResponse(
    Guid Id, long EventId, Guid ManifestId, string EventType, WebhookDeliveryStatus Status, int Attempts,
    DateTime? NextAttemptAt, DateTime? LastAttemptAt, int? LastStatusCode, string? LastError, DateTime? DeliveredAt, DateTime CreatedAt);

internal static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder api)
    {
        api.MapGet("/webhooks/subscriptions", ListAsync)
            .WithName("ListWasteWebhookSubscriptions")
            .WithSummary("Lists the webhook subscriptions of the caller's organisation (all, for the operator). Secrets are never listed.")
            .WithTags("Waste webhooks")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapPost("/webhooks/subscriptions", CreateAsync)
            .WithName("CreateWasteWebhookSubscription")
            .WithSummary("Subscribes a URL to manifest state changes: an enterprise, collector or disposal facility to its own manifests (as generator, carrier or receiver); a regulator to every manifest whose generator lies in its jurisdiction (district or town; the body's manifest.discrepancy flags a weight discrepancy). The secret for the HMAC-SHA256 signature is returned once, in this response.")
            .WithTags("Waste webhooks")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapDelete("/webhooks/subscriptions/{id:guid}", DeactivateAsync)
            .WithName("DeactivateWasteWebhookSubscription")
            .WithSummary("Stops deliveries to a subscription (pending deliveries are not sent). The log is kept.")
            .WithTags("Waste webhooks")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapGet("/webhooks/subscriptions/{id:guid}/deliveries", DeliveriesAsync)
            .WithName("ListWasteWebhookDeliveries")
            .WithSummary("The delivery log of a subscription, newest first: status, attempts, last HTTP status and error, next retry.")
            .WithTags("Waste webhooks")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    // Webhooks belong to the organisation's administrators: enterprise admins, collector dispatchers, disposal
    // operators (the organisation administrators of the platform), a regulator's own users (for its jurisdiction),
    // and the operator.
    private static bool CanAdminister(Actor actor, OrganisationId organisation) =>
        WasteAccess.IsOperator(actor)
        || (actor.Kind == ActorKind.User && actor.OrganisationId == organisation
            && (PlatformRoles.OrganisationAdministrators.Any(actor.IsInRole) || actor.IsInRole(PlatformRoles.Regulator)));

    private static async Task<Results<Ok<List<WebhookSubscriptionResponse>>, ProblemHttpResult>> ListAsync(
        WasteDbContext db, IActorContext actorContext, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var query = db.Set<WebhookSubscription>().AsNoTracking();
        if (!WasteAccess.IsOperator(actor))
        {
            if (!CanAdminister(actor, actor.OrganisationId))
            {
                return WasteProblems.Forbidden("Webhook subscriptions are managed by the organisation's administrators.");
            }

            query = query.Where(s => s.OrganisationId == actor.OrganisationId);
        }

        var list = await query.OrderBy(s => s.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(ToResponse).ToList());
    }

    private static async Task<Results<Created<CreatedWebhookSubscriptionResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateWebhookSubscriptionRequest request, WasteDbContext db, IActorContext actorContext, ITenantScopeProvider scopes, IOptions<WebhookOptions> options,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var organisation = request.OrganisationId is { } o ? new OrganisationId(o) : actor.OrganisationId;
        if (!CanAdminister(actor, organisation))
        {
            return WasteProblems.Forbidden("Only the organisation's administrators or the operator manage its webhook subscriptions.");
        }

        var errors = new FieldErrors();
        if (WebhookUrlRule.Check(request.Url, options.Value.AllowInsecureUrls, out var uri) is { } reason)
        {
            errors.Add("url", reason);
        }

        errors.MaxLength("description", request.Description, WebhookSubscription.DescriptionMaxLength);
        if (organisation == default)
        {
            errors.Add("organisationId", "This field is required for the operator.");
        }
        else if (!await db.Set<PlatformOrganisationView>().AsNoTracking().AnyAsync(x => x.Id == organisation, cancellationToken))
        {
            errors.Add("organisationId", "No organisation has this id.");
        }

        if (errors.Any || uri is null)
        {
            return WasteProblems.Validation(errors);
        }

        var activeCount = await db.Set<WebhookSubscription>().CountAsync(s => s.OrganisationId == organisation && s.IsActive, cancellationToken);
        if (activeCount >= 10)
        {
            return WasteProblems.Conflict("AnOrganisationHasAtMostTenWebhookSubscriptions", "Deactivate a subscription before adding another (at most 10 active).");
        }

        // A regulator follows the jurisdiction it supervises (its tenant scope), fixed now; everyone else its own manifests.
        JurisdictionId? district = null;
        JurisdictionId? town = null;
        if (actor.IsInRole(PlatformRoles.Regulator) && !WasteAccess.IsOperator(actor))
        {
            var scope = scopes.Current;
            district = scope.DistrictId == default ? null : scope.DistrictId;
            town = district is null && scope.TownId != default ? scope.TownId : null;
            if (district is null && town is null)
            {
                return WasteProblems.Conflict("ARegulatorSubscriptionNeedsAJurisdiction", "Your organisation supervises no district or town: there is nothing to follow.");
            }
        }

        var secret = WebhookSigning.NewSecret();
        var subscription = WebhookSubscription.Create(organisation, uri, request.Description, secret, clock.GetUtcNow().UtcDateTime, actor.AuditName, district, town);
        db.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/waste/webhooks/subscriptions/{subscription.Id}/deliveries",
            new CreatedWebhookSubscriptionResponse(ToResponse(subscription), secret, WebhookSigning.SignatureHeader,
                "t=<unix seconds>,v1=<lower-case hex HMAC-SHA256(secret, \"<t>.<raw body>\")>"));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeactivateAsync(
        Guid id, WasteDbContext db, IActorContext actorContext, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var subscription = await db.Set<WebhookSubscription>().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null || !CanAdminister(actor, subscription.OrganisationId))
        {
            return WasteProblems.NotFound("No webhook subscription of your organisation has this id.");
        }

        subscription.Deactivate(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<WebhookDeliveryResponse>>, ValidationProblem, ProblemHttpResult>> DeliveriesAsync(
        Guid id, int? limit, WasteDbContext db, IActorContext actorContext, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        if (limit is < 1 or > 1000)
        {
            return WasteProblems.Validation("limit", "Must be between 1 and 1000.");
        }

        var subscription = await db.Set<WebhookSubscription>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null || !CanAdminister(actor, subscription.OrganisationId))
        {
            return WasteProblems.NotFound("No webhook subscription of your organisation has this id.");
        }

        var deliveries = await db.Set<WebhookDelivery>().AsNoTracking()
            .Where(d => d.SubscriptionId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
            .Take(limit ?? 200)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(deliveries.Select(d => new WebhookDeliveryResponse(d.Id, d.EventId, d.ManifestId, d.EventType, d.Status, d.Attempts,
            d.Status == WebhookDeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.DeliveredAt, d.CreatedAt)).ToList());
    }

    private static WebhookSubscriptionResponse ToResponse(WebhookSubscription s) =>
        new(s.Id, s.OrganisationId.Value, s.Url, s.Description, s.IsActive, s.CreatedAt, s.CreatedBy, s.DeactivatedAt,
            s.FollowsJurisdiction ? "Jurisdiction" : "Parties", s.DistrictId?.Value, s.TownId?.Value);
}
