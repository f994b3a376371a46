using System.Globalization;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Driver;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Features.Vehicles;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Driver;

internal sealed record WeighRequest(string? ContainerCode, decimal? WeightKg, DateTimeOffset? WeighedAt);

internal sealed record ConfirmRequest(string? SecurityCode, DateTimeOffset? SignedAt);

internal sealed record StopItemResponse(Guid Id, Guid ContainerId, string ContainerCode, string WasteCode, string WasteName, decimal WeightKg, DateTime WeighedAt);

internal sealed record DriverStopResponse(Guid Id, int Sequence, Guid PickupRequestId, Guid GeneratorId, string GeneratorName, Guid SiteId, string SiteName, string Address,
    double Longitude, double Latitude, string PlannedArrival, string OpeningHours, IReadOnlyList<string> Categories, decimal EstimatedKg, string Status,
    DateTime? ConfirmedAt, Guid? ManifestId, string? ManifestStatus, IReadOnlyList<StopItemResponse> Items);

internal sealed record DriverTripResponse(Guid Id, string Code, DateOnly Date, string Status, string VehiclePlate, string ReceiverName, string PlannedStart,
    string PlannedEnd, double DepotLongitude, double DepotLatitude, IReadOnlyList<DriverStopResponse> Stops);

internal sealed record SecurityCodeResponse(Guid StopId, string TripCode, string VehiclePlate, string? DriverName, string SecurityCode, string Status);

internal static class DriverEndpoints
{
    public static IEndpointRouteBuilder MapDriver(this IEndpointRouteBuilder api)
    {
        api.MapGet("/driver/trips", TripsAsync)
            .WithName("ListDriverTrips").WithSummary("The signed-in driver's published trips of a day (default today, China Standard Time) with stops in order.")
            .WithTags("Waste driver").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/driver/stops/{stopId:guid}/items", WeighAsync)
            .WithName("WeighStopContainer").WithSummary("Scan a container code at a stop and record its weight (kg > 0). Needs Idempotency-Key; replays return the first result.")
            .WithTags("Waste driver").RequireTenancy(TenancyRule.OrganisationScoped)
            .Produces<StopItemResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/driver/stops/{stopId:guid}/confirm", ConfirmAsync)
            .WithName("ConfirmStopWithSecurityCode").WithSummary("The generator types its one-time security code on the driver's phone: signs the manifest. Needs Idempotency-Key.")
            .WithTags("Waste driver").RequireTenancy(TenancyRule.OrganisationScoped)
            .Produces<ManifestResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/stops/{stopId:guid}/security-code", SecurityCodeAsync)
            .WithName("GetStopSecurityCode").WithSummary("The generator's one-time security code for a pickup (the generator's own users only).")
            .WithTags("Waste driver").RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<List<DriverTripResponse>>, ProblemHttpResult>> TripsAsync(WasteDbContext db, IActorContext actors, TimeProvider clock, DateOnly? date,
        CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        if (!actor.IsInRole(PlatformRoles.Driver))
        {
            return WasteProblems.Forbidden("This list is the signed-in driver's own trips.");
        }

        var day = date ?? WasteTime.Today(clock);
        var trips = await db.Set<Trip>().AsNoTracking()
            .Where(t => t.DriverUserId == actor.ActorId && t.PlanDate == day && t.Status != TripStatus.Draft && t.Status != TripStatus.Cancelled)
            .OrderBy(t => t.PlannedStart).ToListAsync(cancellationToken);
        var result = new List<DriverTripResponse>();
        foreach (var trip in trips)
        {
            result.Add(await TripResponseAsync(db, trip, cancellationToken));
        }

        return TypedResults.Ok(result);
    }

    internal static async Task<DriverTripResponse> TripResponseAsync(WasteDbContext db, Trip trip, CancellationToken cancellationToken)
    {
        var stops = await db.Set<TripStop>().AsNoTracking().Where(s => s.TripId == trip.Id).OrderBy(s => s.Sequence).ToListAsync(cancellationToken);
        var stopIds = stops.Select(s => s.Id).ToList();
        var items = await db.Set<StopItem>().AsNoTracking().Where(i => stopIds.Contains(i.StopId)).ToListAsync(cancellationToken);
        var manifests = await db.Set<Manifest>().AsNoTracking().Where(m => m.TripId == trip.Id).Select(m => new { m.Id, m.OrganisationId, m.Status }).ToListAsync(cancellationToken);
        var vehicle = await db.Set<Vehicle>().AsNoTracking().SingleOrDefaultAsync(v => v.Id == trip.VehicleId, cancellationToken);
        return new DriverTripResponse(trip.Id, trip.Code, trip.PlanDate, trip.Status.ToString(), trip.VehiclePlate, trip.ReceiverName, Hm(trip.PlannedStart), Hm(trip.PlannedEnd),
            vehicle?.DepotLongitude ?? 0, vehicle?.DepotLatitude ?? 0,
            stops.Select(s =>
            {
                var manifest = manifests.FirstOrDefault(m => m.OrganisationId == s.OrganisationId && m.Status != ManifestStatus.Cancelled);
                return new DriverStopResponse(s.Id, s.Sequence, s.PickupRequestId, s.OrganisationId.Value, s.GeneratorName, s.SiteId.Value, s.SiteName, s.Address,
                    s.Longitude, s.Latitude, Hm(s.PlannedArrival), s.OpeningHours, Vehicle.ParseList(s.Categories).Select(VehicleEndpoints.CategoryName).ToList(),
                    Weight.ToKilograms(s.EstimatedG), s.Status.ToString(), s.ConfirmedAt, manifest?.Id, manifest?.Status.ToString(),
                    items.Where(i => i.StopId == s.Id).OrderBy(i => i.WeighedAt).Select(Item).ToList());
            }).ToList());
    }

    private static Task<IResult> WeighAsync(Guid stopId, WeighRequest request, HttpContext http, WasteDbContext db, IActorContext actors, TimeProvider clock,
        ContainerRegistry containers, CancellationToken cancellationToken) =>
        DriverIdempotency.RunAsync(http, db, actors, clock, $"weigh:{stopId}", async () =>
        {
            var (stop, trip, refusal) = await DriverStopAsync(db, actors.Current, stopId, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            var errors = new FieldErrors();
            errors.Required("containerCode", request.ContainerCode, 64);
            if (Weight.CheckPositiveKilograms(request.WeightKg) is { } bad)
            {
                errors.Add("weightKg", bad, "WeightInvalid");
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var at = ManifestEndpoints.Instant(request.WeighedAt, "weighedAt", errors);
            if (at > now)
            {
                errors.Add("weighedAt", "A weighing cannot be dated in the future.", "InFuture");
            }

            ScannedContainer? container = null;
            if (!errors.Any)
            {
                container = await containers.FindForPickupAsync(request.ContainerCode!.Trim(), stop!.OrganisationId, cancellationToken);
                if (container is null)
                {
                    errors.Add("containerCode", "No container with this code is waiting for pickup at this generator.", "ContainerNotWaiting");
                }
            }

            if (errors.Any)
            {
                return ManifestEndpoints.Invalid(errors);
            }

            if (stop!.Status != StopStatus.Planned || trip!.Status != TripStatus.Published)
            {
                throw new DomainRuleViolationException("ConfirmedStopsAreNotWeighedAgain", $"The stop at {stop.SiteName} is {stop.Status}; its weights are on the signed manifest.");
            }

            var grams = Weight.ToGrams(request.WeightKg!.Value);
            var existing = await db.Set<StopItem>().SingleOrDefaultAsync(i => i.StopId == stop.Id && i.ContainerId == container!.Id, cancellationToken);
            var actor = actors.Current.AuditName;
            if (existing is null)
            {
                existing = StopItem.Weigh(stop.Id, container!, grams, at!.Value, actor);
                db.Add(existing);
            }
            else
            {
                existing.Reweigh(grams, at!.Value, actor);
            }

            await db.SaveChangesAsync(cancellationToken);
            return new ActionOutcome(StatusCodes.Status201Created, Item(existing));
        }, cancellationToken);

    private static Task<IResult> ConfirmAsync(Guid stopId, ConfirmRequest request, HttpContext http, WasteDbContext db, IActorContext actors, TimeProvider clock,
        CollectionSigning signing, CancellationToken cancellationToken) =>
        DriverIdempotency.RunAsync(http, db, actors, clock, $"confirm:{stopId}", async () =>
        {
            var (stop, trip, refusal) = await DriverStopAsync(db, actors.Current, stopId, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var errors = new FieldErrors();
            if (!SecurityCode.IsWellFormed(request.SecurityCode))
            {
                errors.Add("securityCode", "The security code has 6 digits.", "SecurityCodeFormat");
            }

            var at = ManifestEndpoints.Instant(request.SignedAt, "signedAt", errors);
            if (stop!.Status == StopStatus.Confirmed)
            {
                throw new DomainRuleViolationException("StopIsConfirmedOnce", $"The pickup at {stop.SiteName} was already confirmed at {stop.ConfirmedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}.");
            }

            if (!errors.Any && (stop.SecurityCode is null || !SecurityCode.Matches(stop.SecurityCode, request.SecurityCode)))
            {
                errors.Add("securityCode", "This is not the generator's security code for this pickup.", "SecurityCodeWrong");
            }

            var manifest = await db.Set<Manifest>().AsNoTracking().Include(m => m.Lines)
                .SingleOrDefaultAsync(m => m.TripId == trip!.Id && m.OrganisationId == stop.OrganisationId && m.Status != ManifestStatus.Cancelled, cancellationToken);
            if (at is { } a && manifest?.CheckSignatureInstant(ManifestStatus.SignedByGenerator, a, now) is { } reason)
            {
                errors.Add("signedAt", reason, ManifestEndpoints.SignatureReasonCode(a, now));
            }

            if (errors.Any)
            {
                return ManifestEndpoints.Invalid(errors);
            }

            var signed = await signing.ConfirmAsync(db, trip!.Id, stop.OrganisationId, at!.Value, $"{actors.Current.AuditName} (code of {stop.GeneratorName})",
                GeneratorSignatureMethod.SecurityCode, cancellationToken);
            return ManifestEndpoints.Ok(await ManifestEndpoints.DetailAsync(db, signed, clock, cancellationToken));
        }, cancellationToken);

    private static async Task<Results<Ok<SecurityCodeResponse>, ProblemHttpResult>> SecurityCodeAsync(Guid stopId, WasteDbContext db, IActorContext actors,
        CancellationToken cancellationToken)
    {
        var stop = await db.Set<TripStop>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == stopId, cancellationToken);
        if (stop is null)
        {
            return WasteProblems.NotFound("No such stop.");
        }

        var actor = actors.Current;
        if (!(actor.Kind == ActorKind.User && actor.OrganisationId == stop.OrganisationId
              && (actor.IsInRole(PlatformRoles.EnterpriseAdmin) || actor.IsInRole(PlatformRoles.EnterpriseStaff))))
        {
            return WasteProblems.Forbidden("Only the generator's own users see its security code.");
        }

        if (stop.SecurityCode is null)
        {
            return WasteProblems.Conflict("SecurityCodeIsIssuedWhenTheTripIsPublished", "The trip is not published yet.");
        }

        var trip = await db.Set<Trip>().IgnoreQueryFilters().AsNoTracking().SingleAsync(t => t.Id == stop.TripId, cancellationToken);
        return TypedResults.Ok(new SecurityCodeResponse(stop.Id, trip.Code, trip.VehiclePlate, trip.DriverName, stop.SecurityCode, stop.Status.ToString()));
    }

    /// <summary>The stop, if the actor is the driver of its published trip; otherwise the refusal (404 when the stop is not visible at all).</summary>
    private static async Task<(TripStop? Stop, Trip? Trip, ActionOutcome? Refusal)> DriverStopAsync(WasteDbContext db, Actor actor, Guid stopId, CancellationToken cancellationToken)
    {
        var stop = await db.Set<TripStop>().SingleOrDefaultAsync(s => s.Id == stopId, cancellationToken);
        if (stop is null)
        {
            return (null, null, ManifestEndpoints.NotFound("No such stop."));
        }

        var trip = await db.Set<Trip>().SingleOrDefaultAsync(t => t.Id == stop.TripId, cancellationToken);
        if (trip is null || !actor.IsInRole(PlatformRoles.Driver) || trip.DriverUserId != actor.ActorId)
        {
            return (null, null, ManifestEndpoints.Forbidden("Only the driver the trip is published to acts on its stops."));
        }

        if (trip.Status != TripStatus.Published)
        {
            return (null, null, new ActionOutcome(StatusCodes.Status409Conflict, new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "OnlyPublishedTripsAreCollected",
                Detail = $"Trip {trip.Code} is {trip.Status}.",
            }));
        }

        return (stop, trip, null);
    }

    private static StopItemResponse Item(StopItem i) => new(i.Id, i.ContainerId, i.ContainerCode, i.WasteCode, i.WasteName, Weight.ToKilograms(i.WeightG), i.WeighedAt);

    private static string Hm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
}
