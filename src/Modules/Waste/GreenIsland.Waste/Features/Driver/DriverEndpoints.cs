using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Dispatch;
using GreenIsland.Waste.Domain.Driver;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Containers;
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
    DateTime? ConfirmedAt, Guid? ManifestId, string? ManifestStatus, bool SecurityCodeLocked, IReadOnlyList<StopItemResponse> Items);

internal sealed record DriverTripResponse(Guid Id, string Code, DateOnly Date, string Status, string VehiclePlate, string ReceiverName, string PlannedStart,
    string PlannedEnd, double DepotLongitude, double DepotLatitude, IReadOnlyList<DriverStopResponse> Stops);

/// <summary>The stop's security code state; <c>securityCode</c> is shown to the generator's own users only (never to the carrier's dispatcher).</summary>
internal sealed record SecurityCodeResponse(Guid StopId, string TripCode, string VehiclePlate, string? DriverName, string? SecurityCode, string Status, bool Locked,
    int FailedAttempts, int AttemptsLeft);

/// <summary>One of the generator's open pickups on a published trip, as its own users see it (the code is fetched separately).</summary>
internal sealed record UpcomingStopResponse(Guid StopId, string TripCode, DateOnly Date, string PlannedArrival, string VehiclePlate, string? DriverName, string CollectorName,
    string SiteName, string Status, Guid? ManifestId, bool SecurityCodeLocked);

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
        api.MapGet("/stops/upcoming", UpcomingStopsAsync)
            .WithName("ListUpcomingStops").WithSummary("The generator's open pickups on published trips from today on (China Standard Time), with whether the security code is locked (the generator's own users).")
            .WithTags("Waste driver").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/stops/{stopId:guid}/security-code", SecurityCodeAsync)
            .WithName("GetStopSecurityCode").WithSummary("The generator's one-time security code for a pickup and whether it is locked (the generator's own users only).")
            .WithTags("Waste driver").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/stops/{stopId:guid}/security-code", ReissueSecurityCodeAsync)
            .WithName("ReissueStopSecurityCode")
            .WithSummary("Issue a new security code for an open stop (after 5 wrong codes it is locked): the generator's own users, or the carrier's dispatcher (who does not see the code). Resets the count of wrong codes.")
            .WithTags("Waste driver").RequireTenancy(TenancyRule.OrganisationScoped)
            .Produces<SecurityCodeResponse>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
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
                    Weight.ToKilograms(s.EstimatedG), s.Status.ToString(), s.ConfirmedAt, manifest?.Id, manifest?.Status.ToString(), s.SecurityCodeLocked,
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

            LoadCheck? load = null;
            if (container is not null)
            {
                load = await CheckLoadAsync(db, stop!, trip!, container, errors, cancellationToken);
            }

            if (errors.Any)
            {
                return ManifestEndpoints.Invalid(errors);
            }

            if (stop!.Status != StopStatus.Planned || trip!.Status != TripStatus.Published)
            {
                throw new DomainRuleViolationException("ConfirmedStopsAreNotWeighedAgain", $"The stop at {stop.SiteName} is {stop.Status}; its weights are on the signed manifest.");
            }

            if (load is { Refusal: LoadRefusal.Incompatible } clash)
            {
                throw new DomainRuleViolationException("IncompatibleWastesCannotShareAVehicle",
                    $"Container {container!.Code} ({container.WasteName}, group {GroupName(container.Group)}) is incompatible with "
                    + $"{string.Join(", ", clash.ClashingGroups.Select(GroupName))} already loaded on vehicle {trip.VehiclePlate}, and no compartment can keep them apart; "
                    + "leave it for another trip.");
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
        CollectionSigning signing, ILedger ledger, CancellationToken cancellationToken) =>
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

            if (stop.SecurityCodeLocked)
            {
                throw SecurityCodeLocked(stop);
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

            // Every well-formed guess takes one of the 5 tries first, in one atomic update of the generator's stops on the
            // trip (they share the code): concurrent guesses queue on the row lock, and none gets past a locked code.
            var generatorStops = db.Set<TripStop>().Where(s => s.TripId == trip!.Id && s.OrganisationId == stop.OrganisationId && s.Status == StopStatus.Planned);
            var reserved = await generatorStops.Where(s => s.SecurityCodeFailures < TripStop.MaxSecurityCodeFailures)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.SecurityCodeFailures, s => s.SecurityCodeFailures + 1), cancellationToken);
            if (reserved == 0)
            {
                throw SecurityCodeLocked(stop);
            }

            if (stop.SecurityCode is null || !SecurityCode.Matches(stop.SecurityCode, request.SecurityCode))
            {
                var failures = await db.Set<TripStop>().AsNoTracking().Where(s => s.Id == stop.Id).Select(s => s.SecurityCodeFailures).SingleAsync(cancellationToken);
                var left = Math.Max(0, TripStop.MaxSecurityCodeFailures - failures);
                if (left == 0)
                {
                    await ledger.AppendAsync(db, new LedgerRecord(manifest is null ? $"trip/{trip!.Id}" : $"manifest/{manifest.Id}", "SecurityCodeLocked", new JsonObject
                    {
                        ["stopId"] = stop.Id.ToString(),
                        ["tripId"] = trip!.Id.ToString(),
                        ["manifestId"] = manifest?.Id.ToString(),
                        ["generator"] = stop.GeneratorName,
                        ["failedAttempts"] = failures,
                        ["at"] = now,
                        ["actor"] = actors.Current.AuditName,
                    }, stop.OrganisationId), cancellationToken);
                }

                errors.Add("securityCode", left == 0
                    ? $"This is not the generator's security code for this pickup. It was the {TripStop.MaxSecurityCodeFailures}th wrong code: the code is locked until the generator or the dispatcher issues a new one."
                    : $"This is not the generator's security code for this pickup ({left} tries left before it locks).", "SecurityCodeWrong");
                return ManifestEndpoints.Invalid(errors) with { CommitRefusal = true };
            }

            // The right code: the try it reserved was not a wrong one.
            await generatorStops.Where(s => s.SecurityCodeFailures > 0)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.SecurityCodeFailures, s => s.SecurityCodeFailures - 1), cancellationToken);
            var signed = await signing.ConfirmAsync(db, trip!.Id, stop.OrganisationId, at!.Value, $"{actors.Current.AuditName} (code of {stop.GeneratorName})",
                GeneratorSignatureMethod.SecurityCode, cancellationToken);
            return ManifestEndpoints.Ok(await ManifestEndpoints.DetailAsync(db, signed, clock, cancellationToken));
        }, cancellationToken);

    private static DomainRuleViolationException SecurityCodeLocked(TripStop stop) =>
        new("SecurityCodeLocked",
            $"The security code for the pickup at {stop.SiteName} is locked after {TripStop.MaxSecurityCodeFailures} wrong codes; the generator (in its account) or the dispatcher issues a new one.");

    private static async Task<Results<Ok<List<UpcomingStopResponse>>, ProblemHttpResult>> UpcomingStopsAsync(WasteDbContext db, IActorContext actors, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        if (!(actor.Kind == ActorKind.User && actor.OrganisationId is { } generator
              && (actor.IsInRole(PlatformRoles.EnterpriseAdmin) || actor.IsInRole(PlatformRoles.EnterpriseStaff))))
        {
            return WasteProblems.Forbidden("This list is the signed-in enterprise's own pickups.");
        }

        var today = WasteTime.Today(clock);
        var stops = await db.Set<TripStop>().AsNoTracking().Where(s => s.OrganisationId == generator && s.Status == StopStatus.Planned && s.SecurityCode != null)
            .ToListAsync(cancellationToken);
        var tripIds = stops.Select(s => s.TripId).Distinct().ToList();
        var trips = await db.Set<Trip>().IgnoreQueryFilters().AsNoTracking()
            .Where(t => tripIds.Contains(t.Id) && t.Status == TripStatus.Published && t.PlanDate >= today).ToDictionaryAsync(t => t.Id, cancellationToken);
        var collectorIds = trips.Values.Select(t => t.OrganisationId).Distinct().ToList();
        var collectors = await db.Set<PlatformOrganisationView>().AsNoTracking().Where(o => collectorIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return TypedResults.Ok(stops.Where(s => trips.ContainsKey(s.TripId))
            .Select(s => (Stop: s, Trip: trips[s.TripId]))
            .OrderBy(x => x.Trip.PlanDate).ThenBy(x => x.Stop.PlannedArrival)
            .Select(x => new UpcomingStopResponse(x.Stop.Id, x.Trip.Code, x.Trip.PlanDate, Hm(x.Stop.PlannedArrival), x.Trip.VehiclePlate, x.Trip.DriverName,
                collectors.GetValueOrDefault(x.Trip.OrganisationId, string.Empty), x.Stop.SiteName, x.Stop.Status.ToString(), x.Stop.ManifestId, x.Stop.SecurityCodeLocked))
            .ToList());
    }

    private static async Task<Results<Ok<SecurityCodeResponse>, ProblemHttpResult>> SecurityCodeAsync(Guid stopId, WasteDbContext db, IActorContext actors,
        CancellationToken cancellationToken)
    {
        var stop = await db.Set<TripStop>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == stopId, cancellationToken);
        if (stop is null)
        {
            return WasteProblems.NotFound("No such stop.");
        }

        var actor = actors.Current;
        if (!IsGeneratorUser(actor, stop))
        {
            return WasteProblems.Forbidden("Only the generator's own users see its security code.");
        }

        if (stop.SecurityCode is null)
        {
            return WasteProblems.Conflict("SecurityCodeIsIssuedWhenTheTripIsPublished", "The trip is not published yet.");
        }

        var trip = await db.Set<Trip>().IgnoreQueryFilters().AsNoTracking().SingleAsync(t => t.Id == stop.TripId, cancellationToken);
        return TypedResults.Ok(CodeResponse(stop, trip, showCode: true));
    }

    private static async Task<Results<Ok<SecurityCodeResponse>, ProblemHttpResult>> ReissueSecurityCodeAsync(Guid stopId, WasteDbContext db, IActorContext actors,
        TimeProvider clock, ILedger ledger, CancellationToken cancellationToken)
    {
        var stop = await db.Set<TripStop>().SingleOrDefaultAsync(s => s.Id == stopId, cancellationToken);
        if (stop is null)
        {
            return WasteProblems.NotFound("No such stop.");
        }

        var actor = actors.Current;
        var trip = await db.Set<Trip>().IgnoreQueryFilters().SingleAsync(t => t.Id == stop.TripId, cancellationToken);
        var generator = IsGeneratorUser(actor, stop);
        var dispatcher = actor.Kind == ActorKind.User && actor.OrganisationId == trip.OrganisationId && actor.IsInRole(PlatformRoles.CollectorDispatcher);
        if (!generator && !dispatcher)
        {
            return WasteProblems.Forbidden("Only the generator's own users or the carrier's dispatcher issue a new security code.");
        }

        if (stop.SecurityCode is null || trip.Status != TripStatus.Published)
        {
            return WasteProblems.Conflict("SecurityCodeIsIssuedWhenTheTripIsPublished", $"Trip {trip.Code} is {trip.Status}; only an open stop of a published trip gets a new code.");
        }

        if (stop.Status != StopStatus.Planned)
        {
            return WasteProblems.Conflict("OnlyOpenStopsGetANewSecurityCode", $"The stop at {stop.SiteName} is {stop.Status}; its code is no longer used.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var shared = await db.Set<TripStop>().Where(s => s.TripId == trip.Id && s.OrganisationId == stop.OrganisationId && s.Status == StopStatus.Planned)
            .ToListAsync(cancellationToken);
        var code = SecurityCode.New();
        var failures = shared.Max(s => s.SecurityCodeFailures);
        foreach (var sharing in shared)
        {
            sharing.ReissueSecurityCode(code);
        }

        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord(stop.ManifestId is { } manifestId ? $"manifest/{manifestId}" : $"trip/{trip.Id}", "SecurityCodeReissued", new JsonObject
        {
            ["stopId"] = stop.Id.ToString(),
            ["tripId"] = trip.Id.ToString(),
            ["manifestId"] = stop.ManifestId?.ToString(),
            ["generator"] = stop.GeneratorName,
            ["failedAttemptsBefore"] = failures,
            ["wasLocked"] = failures >= TripStop.MaxSecurityCodeFailures,
            ["at"] = clock.GetUtcNow().UtcDateTime,
            ["actor"] = actor.AuditName,
            ["by"] = generator ? "generator" : "dispatcher",
        }, stop.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(CodeResponse(stop, trip, showCode: generator));
    }

    private static bool IsGeneratorUser(Actor actor, TripStop stop) =>
        actor.Kind == ActorKind.User && actor.OrganisationId == stop.OrganisationId
        && (actor.IsInRole(PlatformRoles.EnterpriseAdmin) || actor.IsInRole(PlatformRoles.EnterpriseStaff));

    private static SecurityCodeResponse CodeResponse(TripStop stop, Trip trip, bool showCode) =>
        new(stop.Id, trip.Code, trip.VehiclePlate, trip.DriverName, showCode ? stop.SecurityCode : null, stop.Status.ToString(), stop.SecurityCodeLocked,
            stop.SecurityCodeFailures, Math.Max(0, TripStop.MaxSecurityCodeFailures - stop.SecurityCodeFailures));

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

    /// <summary>
    /// The container against the stop and the trip's vehicle (the planner's rules, on what is really loaded): it must be
    /// stored at the stop's site, its HW category on the vehicle's permit and its compatibility group carried by some
    /// compartment (400 on <c>containerCode</c>); a clash with what is already weighed on the trip is returned for a 409.
    /// </summary>
    private static async Task<LoadCheck?> CheckLoadAsync(WasteDbContext db, TripStop stop, Trip trip, ScannedContainer container, FieldErrors errors,
        CancellationToken cancellationToken)
    {
        if (container.SiteId != stop.SiteId)
        {
            errors.Add("containerCode", $"This container is stored at another site of the enterprise, not at {stop.SiteName}; collect it at its own site's stop.",
                "ContainerAtAnotherSite");
            return null;
        }

        var vehicle = await db.Set<Vehicle>().AsNoTracking().Include(v => v.Compartments).SingleAsync(v => v.Id == trip.VehicleId, cancellationToken);
        var tripStops = db.Set<TripStop>().Where(s => s.TripId == trip.Id).Select(s => s.Id);
        var loaded = await (from i in db.Set<StopItem>()
                            join c in db.Set<WasteContainer>().IgnoreQueryFilters() on i.ContainerId equals c.Id
                            where tripStops.Contains(i.StopId) && i.ContainerId != container.Id
                            orderby i.WeighedAt, i.Id
                            select c.CompatibilityGroup).ToListAsync(cancellationToken);
        var check = VehicleLoading.Check(vehicle.ToDispatch(), loaded.Select(g => (int)g), PickupQueue.CategoryNumber(container.Category), container.Group,
            DispatchCompatibility.Pairs);
        switch (check.Refusal)
        {
            case LoadRefusal.CategoryNotPermitted:
                errors.Add("containerCode", $"Vehicle {vehicle.Plate}'s transport permit does not cover {container.Category}; this container cannot be loaded on it.",
                    "CategoryNotOnVehiclePermit");
                break;
            case LoadRefusal.GroupNotCarried:
                errors.Add("containerCode", $"No compartment of vehicle {vehicle.Plate} may carry compatibility group {GroupName(container.Group)}.",
                    "GroupNotCarriedByVehicle");
                break;
        }

        return check;
    }

    private static string GroupName(int group) => Enum.IsDefined((CompatibilityGroup)group) ? ((CompatibilityGroup)group).ToString() : group.ToString(CultureInfo.InvariantCulture);

    private static StopItemResponse Item(StopItem i) => new(i.Id, i.ContainerId, i.ContainerCode, i.WasteCode, i.WasteName, Weight.ToKilograms(i.WeightG), i.WeighedAt);

    private static string Hm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
}
