using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Routing;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain.Dispatch;
using GreenIsland.Waste.Features.Vehicles;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Dispatch;

/// <summary>
/// Plans a collector's day with the routing library and keeps adjusted plans feasible: draft trips are replaced on
/// re-planning, locked and published trips are kept (their vehicles and requests are left out of the new plan), and a
/// moved stop is re-checked with the library's independent checker over the whole day before it is saved.
/// </summary>
internal sealed class DispatchPlanner(PickupQueue pickups, SiteHours hours, ILedger ledger, LogisticsOptions options, TimeProvider clock, DispatchPlanningHooks hooks)
{
    /// <summary>
    /// Plans the day. The inputs are read and the solver runs with no transaction open (on SQLite, one file for every
    /// module, a transaction is the database's write lock: holding it for the solve would stall Telemetry's ingest, the
    /// outbox and the drivers). The plan is then written in a short transaction that first reads the inputs again: if
    /// anything the plan was built from changed meanwhile (a request left the queue or its containers changed, a trip of
    /// the day was locked, moved, published or cancelled, a vehicle or a site changed), nothing is written and
    /// <c>DayChangedWhilePlanning</c> (409) asks the dispatcher to plan again. A request raised meanwhile does not
    /// invalidate the plan: it simply stays in the queue for the next plan, as if it had come a moment later.
    /// </summary>
    public async Task<PlanResponse> PlanAsync(WasteDbContext db, OrganisationId collector, DateOnly date, PlatformOrganisationView receiver, string actor,
        CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("Plan a day outside a transaction: the planner opens its own short write transaction after the solve.");
        }

        var day = await ReadDayAsync(db, collector, date, cancellationToken);
        var requests = day.Requests;
        var sites = day.Sites;
        var dispatchRequests = requests.Select(r => new DispatchRequest(r.RequestId, r.GeneratorId.Value, sites[r.SiteId].Latitude, sites[r.SiteId].Longitude,
            r.Containers.Select(c => new DispatchLoad(c.Category, c.Group, c.EstimatedKg)).ToList(), day.Hours.GetValueOrDefault(r.SiteId, []))).ToList();
        var incompatible = DispatchCompatibility.Pairs;
        var specs = DispatchProblem.StopsFor(dispatchRequests, incompatible);
        var problem = DispatchProblem.Build(day.Vehicles.Select(v => v.ToDispatch()).ToList(), specs, incompatible, options.Dispatch);
        await hooks.BeforeSolveAsync(collector, cancellationToken);
        var plan = problem.Solve(new SolverOptions
        {
            MaxIterations = options.SolverIterations,
            TimeLimit = TimeSpan.FromSeconds(options.SolverSeconds),
            Seed = (ulong)date.DayNumber,
        }, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var current = await ReadDayAsync(db, collector, date, cancellationToken);
        var planned = requests.Select(r => r.RequestId).ToHashSet();
        if (!string.Equals(day.Fingerprint(planned), current.Fingerprint(planned), StringComparison.Ordinal))
        {
            throw new DomainRuleViolationException("DayChangedWhilePlanning",
                $"The day {date:yyyy-MM-dd} changed while it was being planned (a pickup request, a trip, a vehicle or a site); nothing was saved. Plan the day again.");
        }

        var at = clock.GetUtcNow().UtcDateTime;
        var requestSite = requests.ToDictionary(r => r.RequestId, r => r.SiteId);
        var replacedIds = day.Replaced.Select(t => t.Id).ToList();
        db.RemoveRange(await db.Set<Trip>().Where(t => replacedIds.Contains(t.Id)).ToListAsync(cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        var codes = await db.Set<Trip>().Where(t => t.OrganisationId == collector && t.PlanDate == date).Select(t => t.Code).ToListAsync(cancellationToken);
        var next = 1;
        var created = new List<Trip>();
        foreach (var plannedTrip in plan.Trips)
        {
            string code;
            do
            {
                code = string.Create(CultureInfo.InvariantCulture, $"T{date:yyyyMMdd}-{next++:D2}");
            }
            while (codes.Contains(code, StringComparer.Ordinal));

            var trip = Trip.Draft(collector, day.Collector.DistrictId, day.Collector.TownId, code, date, plannedTrip.Vehicle.Id, plannedTrip.Vehicle.Plate, receiver.Id,
                receiver.Name, at, actor);
            trip.Schedule((long)Math.Round(plannedTrip.DistanceMetres), plannedTrip.Start, plannedTrip.End);
            db.Add(trip);
            var sequence = 1;
            foreach (var stop in plannedTrip.Stops)
            {
                var site = sites[requestSite[stop.Stop.RequestId]];
                db.Add(TripStop.Plan(trip.Id, sequence++, stop.Stop, site.Id, site.Name, site.Address, day.Generators[new OrganisationId(stop.Stop.GeneratorOrganisationId)],
                    site.DistrictId, site.TownId, collector, receiver.Id, stop.ServiceStart));
            }

            created.Add(trip);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // PostgreSQL (read committed): another plan of the same day deleted the draft trips first.
            throw new DomainRuleViolationException("DayChangedWhilePlanning", $"The day {date:yyyy-MM-dd} was planned by someone else meanwhile; nothing was saved. Plan the day again.");
        }

        await ledger.AppendAsync(db, new LedgerRecord($"dispatch/{collector}/{date:yyyy-MM-dd}", "DayPlanned", new JsonObject
        {
            ["date"] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["trips"] = new JsonArray(created.Select(t => (JsonNode)JsonValue.Create(t.Code)).ToArray()),
            ["kept"] = new JsonArray(day.Kept.Select(t => (JsonNode)JsonValue.Create(t.Code)).ToArray()),
            ["unplanned"] = plan.Unplanned.Count,
            ["distanceM"] = plan.Trips.Sum(t => Math.Round(t.DistanceMetres)),
            ["by"] = actor,
        }, collector), cancellationToken);

        var all = await DayAsync(db, collector, date, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var unplanned = plan.Unplanned.Select(u => new UnplannedResponse(u.Stop.RequestId, u.Stop.GeneratorOrganisationId,
            day.Generators[new OrganisationId(u.Stop.GeneratorOrganisationId)], u.Stop.Longitude, u.Stop.Latitude, u.Stop.EstimatedKg, u.Reason)).ToList();
        return new PlanResponse(date, all, unplanned, plan.Feasible, plan.Violations, Math.Round(all.Sum(t => t.DistanceKm), 2));
    }

    /// <summary>Everything a plan of the day is built from, read without tracking (so a second read sees the database, not the first read).</summary>
    private async Task<PlanningDay> ReadDayAsync(WasteDbContext db, OrganisationId collector, DateOnly date, CancellationToken cancellationToken)
    {
        var collectorOrg = await db.Set<PlatformOrganisationView>().AsNoTracking().SingleAsync(o => o.Id == collector, cancellationToken);
        var trips = await db.Set<Trip>().AsNoTracking().Where(t => t.OrganisationId == collector && t.PlanDate == date && t.Status != TripStatus.Cancelled)
            .ToListAsync(cancellationToken);
        var tripIds = trips.Select(t => t.Id).ToList();
        var stops = await db.Set<TripStop>().AsNoTracking().Where(s => tripIds.Contains(s.TripId)).ToListAsync(cancellationToken);
        var replaced = trips.Where(t => t.Status == TripStatus.Draft && !t.Locked).ToList();
        var kept = trips.Except(replaced).ToList();
        var keptIds = kept.Select(t => t.Id).ToHashSet();
        var keptRequests = stops.Where(s => keptIds.Contains(s.TripId)).Select(s => s.PickupRequestId).ToHashSet();
        var busyVehicles = kept.Select(t => t.VehicleId).ToHashSet();

        var vehicles = (await db.Set<Vehicle>().AsNoTracking().Include(v => v.Compartments).Where(v => v.OrganisationId == collector && v.IsActive).ToListAsync(cancellationToken))
            .Where(v => !busyVehicles.Contains(v.Id)).OrderBy(v => v.Plate, StringComparer.Ordinal).ThenBy(v => v.Id).ToList();
        var requests = (await pickups.OpenAsync(db, collector, cancellationToken)).Where(r => !keptRequests.Contains(r.RequestId)).ToList();
        var sites = await SitesAsync(db, requests.Select(r => r.SiteId), cancellationToken);
        var generators = await NamesAsync(db, requests.Select(r => r.GeneratorId), cancellationToken);
        var siteHours = await hours.ForAsync(db, sites.Keys, date, cancellationToken);
        return new PlanningDay(collectorOrg, kept, replaced, stops, vehicles, requests, sites, generators, siteHours);
    }
    /// <summary>Moves a stop to a position of a draft trip (its own or another one of the same day) if the day stays feasible.</summary>
    public async Task<List<TripResponse>> MoveStopAsync(WasteDbContext db, Trip target, Guid stopId, int position, string actor, CancellationToken cancellationToken)
    {
        var stop = await db.Set<TripStop>().SingleOrDefaultAsync(s => s.Id == stopId, cancellationToken)
            ?? throw new DomainRuleViolationException("StopMustBelongToTheDay", "No such stop.");
        var source = await db.Set<Trip>().SingleAsync(t => t.Id == stop.TripId, cancellationToken);
        if (source.OrganisationId != target.OrganisationId || source.PlanDate != target.PlanDate)
        {
            throw new DomainRuleViolationException("StopMustBelongToTheDay", "A stop moves only between trips of the same collector and day.");
        }

        foreach (var trip in new[] { source, target })
        {
            trip.RequireDraft();
            if (trip.Locked)
            {
                throw new DomainRuleViolationException("LockedTripsAreNotChanged", $"Trip {trip.Code} is locked; unlock it to change its stops.");
            }
        }

        var day = await db.Set<Trip>().Where(t => t.OrganisationId == target.OrganisationId && t.PlanDate == target.PlanDate && t.Status != TripStatus.Cancelled)
            .ToListAsync(cancellationToken);
        var dayIds = day.Select(t => t.Id).ToList();
        var stops = await db.Set<TripStop>().Where(s => dayIds.Contains(s.TripId)).ToListAsync(cancellationToken);
        var orders = day.ToDictionary(t => t.Id, t => stops.Where(s => s.TripId == t.Id).OrderBy(s => s.Sequence).Select(s => s.Id).ToList());
        orders[source.Id].Remove(stop.Id);
        var list = orders[target.Id];
        list.Insert(Math.Clamp(position - 1, 0, list.Count), stop.Id);

        var vehicleIds = day.Select(t => t.VehicleId).Distinct().ToList();
        var vehicles = await db.Set<Vehicle>().Include(v => v.Compartments).Where(v => vehicleIds.Contains(v.Id)).ToListAsync(cancellationToken);
        var problem = DispatchProblem.Build(vehicles.Select(v => v.ToDispatch()).ToList(), stops.Select(s => s.ToSpec()).ToList(), DispatchCompatibility.Pairs, options.Dispatch);
        var check = problem.Describe(problem.ToSolution(day.Where(t => orders[t.Id].Count > 0).Select(t => (t.VehicleId, (IReadOnlyList<Guid>)orders[t.Id]))));
        if (!check.Feasible)
        {
            throw new DomainRuleViolationException("AdjustedPlanMustStayFeasible", "The move breaks the plan: " + string.Join("; ", check.Violations));
        }

        foreach (var planned in check.Trips)
        {
            var trip = day.Single(t => t.VehicleId == planned.Vehicle.Id);
            trip.Schedule((long)Math.Round(planned.DistanceMetres), planned.Start, planned.End);
            var sequence = 1;
            foreach (var s in planned.Stops)
            {
                stops.Single(x => x.Id == s.Stop.Key).MoveTo(trip.Id, sequence++, s.ServiceStart);
            }
        }

        foreach (var emptied in day.Where(t => orders[t.Id].Count == 0 && t.Status == TripStatus.Draft))
        {
            emptied.Schedule(0, emptied.PlannedStart, emptied.PlannedStart);
        }

        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"dispatch/{target.OrganisationId}/{target.PlanDate:yyyy-MM-dd}", "StopMoved", new JsonObject
        {
            ["stopId"] = stop.Id.ToString(),
            ["from"] = source.Code,
            ["to"] = target.Code,
            ["position"] = stop.Sequence,
            ["by"] = actor,
        }, target.OrganisationId), cancellationToken);
        return await DayAsync(db, target.OrganisationId, target.PlanDate, cancellationToken);
    }

    public static async Task<List<TripResponse>> DayAsync(WasteDbContext db, OrganisationId collector, DateOnly date, CancellationToken cancellationToken)
    {
        var trips = await db.Set<Trip>().AsNoTracking().Where(t => t.OrganisationId == collector && t.PlanDate == date && t.Status != TripStatus.Cancelled)
            .OrderBy(t => t.Code).ToListAsync(cancellationToken);
        return await ResponsesAsync(db, trips, cancellationToken);
    }

    public static async Task<List<TripResponse>> ResponsesAsync(WasteDbContext db, IReadOnlyList<Trip> trips, CancellationToken cancellationToken)
    {
        var ids = trips.Select(t => t.Id).ToList();
        var vehicleIds = trips.Select(t => t.VehicleId).Distinct().ToList();
        var stops = await db.Set<TripStop>().AsNoTracking().Where(s => ids.Contains(s.TripId)).ToListAsync(cancellationToken);
        var vehicles = await db.Set<Vehicle>().AsNoTracking().Where(v => vehicleIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
        return trips.Select(t => DispatchViews.Trip(t, stops, vehicles.GetValueOrDefault(t.VehicleId))).ToList();
    }

    private static async Task<Dictionary<SiteId, PlatformSiteView>> SitesAsync(WasteDbContext db, IEnumerable<SiteId> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return await db.Set<PlatformSiteView>().AsNoTracking().Where(s => list.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
    }

    internal static async Task<Dictionary<OrganisationId, string>> NamesAsync(WasteDbContext db, IEnumerable<OrganisationId> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return await db.Set<PlatformOrganisationView>().AsNoTracking().Where(o => list.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
    }
}
