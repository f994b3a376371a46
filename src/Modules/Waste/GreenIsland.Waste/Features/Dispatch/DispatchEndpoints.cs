using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Driver;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Features.Vehicles;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Dispatch;

internal sealed record PlanRequest(DateOnly? Date, Guid? ReceiverId);

internal sealed record MoveStopRequest(Guid? StopId, int? Position);

internal sealed record LockRequest(bool? Locked);

internal sealed record PublishRequest(Guid? DriverUserId);

internal static class DispatchEndpoints
{
    public static IEndpointRouteBuilder MapDispatch(this IEndpointRouteBuilder api)
    {
        api.MapPost("/dispatch/plans", PlanAsync)
            .WithName("PlanWasteCollectionDay").WithSummary("Plans the collector's day from its open pickup requests with the routing library; draft trips are replaced, locked and published trips kept. 409 DayChangedWhilePlanning when the day changed during the solve (nothing saved).")
            .WithTags("Waste dispatch").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/dispatch/trips", DayAsync)
            .WithName("ListWasteTrips").WithSummary("Trips of a day (default today) with stops, coordinates and schedule, for the dispatcher's map.")
            .WithTags("Waste dispatch").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/dispatch/trips/{id:guid}/stops", MoveStopAsync)
            .WithName("MoveWasteTripStop").WithSummary("Moves a stop of the day into this draft trip at a position (1-based); refused when the day would become infeasible.")
            .WithTags("Waste dispatch").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/dispatch/trips/{id:guid}/lock", LockAsync)
            .WithName("LockWasteTrip").WithSummary("Locks (or unlocks) a draft trip: re-planning keeps it as it is.")
            .WithTags("Waste dispatch").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/dispatch/trips/{id:guid}/publish", PublishAsync)
            .WithName("PublishWasteTrip").WithSummary("Publishes a trip to a driver: one manifest per generator is drawn up, security codes issued, requests marked planned.")
            .WithTags("Waste dispatch").RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<PlanResponse>, ValidationProblem, ProblemHttpResult>> PlanAsync(PlanRequest request, WasteDbContext db, IActorContext actors,
        DispatchPlanner planner, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        if (!actor.IsInRole(PlatformRoles.CollectorDispatcher))
        {
            return WasteProblems.Forbidden("Only a collection company's dispatchers plan its days.");
        }

        var errors = new FieldErrors();
        var today = WasteTime.Today(clock);
        var date = request.Date ?? today;
        if (date < today)
        {
            errors.Add("date", "Plan today or a later day.");
        }

        var receiverId = new OrganisationId(request.ReceiverId ?? actor.OrganisationId.Value);
        var receiver = await db.Set<PlatformOrganisationView>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == receiverId, cancellationToken);
        if (receiver is null || !(receiver.Id == actor.OrganisationId || receiver.Type == OrganisationType.DisposalFacility))
        {
            errors.Add("receiverId", "The waste goes to your own transfer warehouse (omit the field) or to a disposal facility.");
        }

        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        // No transaction here: the planner solves without one and writes in its own short transaction.
        return TypedResults.Ok(await planner.PlanAsync(db, actor.OrganisationId, date, receiver!, actor.AuditName, cancellationToken));
    }

    private static async Task<Ok<List<TripResponse>>> DayAsync(WasteDbContext db, TimeProvider clock, DateOnly? date, CancellationToken cancellationToken)
    {
        var day = date ?? WasteTime.Today(clock);
        var trips = await db.Set<Trip>().AsNoTracking().Where(t => t.PlanDate == day && t.Status != TripStatus.Cancelled).OrderBy(t => t.Code).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(await DispatchPlanner.ResponsesAsync(db, trips, cancellationToken));
    }

    private static async Task<Results<Ok<List<TripResponse>>, ValidationProblem, ProblemHttpResult>> MoveStopAsync(Guid id, MoveStopRequest request, WasteDbContext db,
        IActorContext actors, DispatchPlanner planner, CancellationToken cancellationToken)
    {
        var (trip, refusal) = await DispatcherTripAsync(db, actors.Current, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var errors = new FieldErrors();
        if (request.StopId is null)
        {
            errors.Add("stopId", "Name the stop to move.");
        }
        else if (!await db.Set<TripStop>().AnyAsync(s => s.Id == request.StopId && s.CarrierId == trip!.OrganisationId, cancellationToken))
        {
            errors.Add("stopId", "No such stop among your trips.");
        }

        if (request.Position is not (>= 1 and <= 1000))
        {
            errors.Add("position", "Give the 1-based position in the trip.");
        }

        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var day = await planner.MoveStopAsync(db, trip!, request.StopId!.Value, request.Position!.Value, actors.Current.AuditName, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(day);
    }

    private static async Task<Results<Ok<TripResponse>, ValidationProblem, ProblemHttpResult>> LockAsync(Guid id, LockRequest request, WasteDbContext db, IActorContext actors,
        ILedger ledger, CancellationToken cancellationToken)
    {
        var (trip, refusal) = await DispatcherTripAsync(db, actors.Current, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (request.Locked is not { } locked)
        {
            return WasteProblems.Validation("locked", "Say true to lock the trip or false to unlock it.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        trip!.Lock(locked);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"trip/{trip.Id}", locked ? "TripLocked" : "TripUnlocked",
            new JsonObject { ["code"] = trip.Code, ["by"] = actors.Current.AuditName }, trip.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await DispatchPlanner.ResponsesAsync(db, [trip], cancellationToken))[0]);
    }

    private static async Task<Results<Ok<TripResponse>, ValidationProblem, ProblemHttpResult>> PublishAsync(Guid id, PublishRequest request, WasteDbContext db,
        IActorContext actors, ILedger ledger, PickupQueue pickups, ManifestRecorder recorder, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = actors.Current;
        var (trip, refusal) = await DispatcherTripAsync(db, actor, id, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        PlatformUserView? driver = null;
        if (request.DriverUserId is { } driverId)
        {
            driver = await db.Set<PlatformUserView>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == driverId && u.OrganisationId == trip!.OrganisationId && u.IsActive, cancellationToken);
            var isDriver = driver is not null && await (from ur in db.Set<PlatformUserRoleView>()
                                                        join r in db.Set<PlatformRoleView>() on ur.RoleId equals r.Id
                                                        where ur.UserId == driverId && r.Name == PlatformRoles.Driver
                                                        select ur).AnyAsync(cancellationToken);
            if (!isDriver)
            {
                driver = null;
            }
        }

        if (driver is null)
        {
            return WasteProblems.Validation("driverUserId", "Name an active driver of your company.");
        }

        var stops = await db.Set<TripStop>().Where(s => s.TripId == trip!.Id).OrderBy(s => s.Sequence).ToListAsync(cancellationToken);
        if (stops.Count == 0)
        {
            throw new DomainRuleViolationException("EmptyTripsAreNotPublished", $"Trip {trip!.Code} has no stops.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        trip!.Publish(driver.Id, driver.DisplayName, now);
        var vehicle = await db.Set<Vehicle>().AsNoTracking().SingleAsync(v => v.Id == trip.VehicleId, cancellationToken);
        var collector = await db.Set<PlatformOrganisationView>().AsNoTracking().SingleAsync(o => o.Id == trip.OrganisationId, cancellationToken);
        var requests = (await pickups.ByIdsAsync(db, stops.Select(s => s.PickupRequestId).Distinct().ToList(), cancellationToken)).ToDictionary(r => r.RequestId);
        foreach (var generator in stops.GroupBy(s => s.OrganisationId))
        {
            var first = generator.First();
            var code = SecurityCode.New();
            var containers = generator.Select(s => s.PickupRequestId).Distinct().Where(requests.ContainsKey)
                .SelectMany(r => requests[r].Containers).Where(c => generator.Any(s => Vehicle.ParseList(s.Groups).Contains(c.Group) || s.Groups.Length == 0)).ToList();
            var lines = containers.GroupBy(c => c.WasteCode, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var c = g.First();
                return new ManifestLineDraft(g.Key, c.WasteName, VehicleEndpoints.CategoryName(c.Category), c.Characteristics, c.PhysicalForm, c.Packaging, g.Count(),
                    Math.Max(1, Weight.ToGrams(g.Sum(x => x.EstimatedKg))), Measured: false);
            }).ToList();
            // Requests without stored containers (raised by the enterprise) start with no lines: the weighing fills them.
            var number = await NextNumberAsync(db, first.DistrictId, now, cancellationToken);
            var manifest = Manifest.Draw(Guid.CreateVersion7(), number, trip.Id, new ManifestParties(first.OrganisationId, first.SiteId, first.GeneratorName,
                first.DistrictId, first.TownId, trip.OrganisationId, collector.Name, vehicle.Id, vehicle.Plate, vehicle.PermitNumber,
                trip.ReceiverOrganisationId, trip.ReceiverName), lines, now, actor.AuditName);
            db.Add(manifest);
            foreach (var stop in generator)
            {
                stop.IssueSecurityCode(code);
                stop.AttachManifest(manifest.Id);
            }

            await db.SaveChangesAsync(cancellationToken);
            await recorder.RecordAsync(db, manifest, [ManifestRecorder.Drawn(manifest)], cancellationToken);
        }

        await pickups.MarkPlannedAsync(stops.Select(s => s.PickupRequestId).Distinct().ToList(), trip.Id, now, actor.AuditName, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"trip/{trip.Id}", "TripPublished", new JsonObject
        {
            ["code"] = trip.Code,
            ["date"] = trip.PlanDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["vehiclePlate"] = trip.VehiclePlate,
            ["driver"] = driver.DisplayName,
            ["stops"] = stops.Count,
            ["by"] = actor.AuditName,
        }, trip.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await DispatchPlanner.ResponsesAsync(db, [trip], cancellationToken))[0]);
    }

    /// <summary>The next 14-digit number for the generator's city this year (serials are allocated inside the caller's transaction).</summary>
    internal static async Task<string> NextNumberAsync(WasteDbContext db, JurisdictionId district, DateTime now, CancellationToken cancellationToken)
    {
        var code = await db.Set<PlatformJurisdictionView>().AsNoTracking().Where(j => j.Id == district).Select(j => j.Code).SingleAsync(cancellationToken);
        var prefix = ManifestNumber.Prefix(WasteTime.LocalDate(now).Year, code);
        var last = await db.Set<Manifest>().IgnoreQueryFilters().Where(m => m.Number.StartsWith(prefix)).MaxAsync(m => (string?)m.Number, cancellationToken);
        var pending = db.ChangeTracker.Entries<Manifest>().Select(e => e.Entity.Number).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var max = pending.Append(last).Where(n => n is not null).Max(StringComparer.Ordinal);
        return ManifestNumber.Format(WasteTime.LocalDate(now).Year, code, ManifestNumber.NextSerial(max));
    }

    private static async Task<(Trip? Trip, ProblemHttpResult? Refusal)> DispatcherTripAsync(WasteDbContext db, Actor actor, Guid id, CancellationToken cancellationToken)
    {
        var trip = await db.Set<Trip>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (trip is null)
        {
            return (null, WasteProblems.NotFound("No such trip."));
        }

        return actor.IsInRole(PlatformRoles.CollectorDispatcher) && actor.OrganisationId == trip.OrganisationId
            ? (trip, null)
            : (null, WasteProblems.Forbidden("Only the collector's dispatchers adjust and publish its trips."));
    }
}
