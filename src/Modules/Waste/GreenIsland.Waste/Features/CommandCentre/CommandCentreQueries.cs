using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Features.Cabinets;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Features.Driver;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Features.PickupRequests;
using GreenIsland.Waste.Features.Warehouse;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.CommandCentre;

/// <summary>
/// One cabinet on the map, compact: coordinates rounded to 5 decimals (about 1 m), fill to 2; names for the tooltip.
/// </summary>
internal sealed record CabinetPoint(Guid CabinetId, string Name, string? OrganisationName, double Longitude, double Latitude, double? FillRatio, bool? Online, int OpenAlerts);

/// <summary>A page of the map: <c>Next</c> is the cursor of the following page (null on the last one).</summary>
internal sealed record CabinetMapPage(IReadOnlyList<CabinetPoint> Cabinets, Guid? Next);

/// <summary>Which cabinets a map page holds: a town, a bounding box (WGS84), a keyset cursor and a page size.</summary>
internal sealed record CabinetMapFilter(JurisdictionId? TownId, double? MinLongitude, double? MinLatitude, double? MaxLongitude, double? MaxLatitude, Guid? After, int Limit);

internal sealed record AlertKindCount(string Kind, int Count);

/// <summary>
/// An alert not yet closed; once acknowledged, when and by whom: <c>AcknowledgedBy</c> is the audit id (as in
/// <c>GET /api/waste/alerts</c>), <c>AcknowledgedByName</c> the display name.
/// </summary>
internal sealed record OpenAlert(Guid Id, string Kind, string Status, string? Message, Guid? CabinetId, string? CabinetName, Guid OrganisationId, DateTime RaisedAt,
    DateTime? AcknowledgedAt, string? AcknowledgedBy, string? AcknowledgedByName);

internal sealed record AlertOverview(IReadOnlyList<AlertKindCount> ByKind, IReadOnlyList<OpenAlert> Latest);

/// <summary>
/// An alert closed recently: what it was, who acknowledged and who closed it (audit ids under <c>…By</c>, display names
/// under <c>…ByName</c>), when and why.
/// </summary>
internal sealed record ClosedAlert(Guid Id, string Kind, string? Message, Guid? CabinetId, string? CabinetName, Guid OrganisationId, DateTime RaisedAt,
    DateTime? AcknowledgedAt, string? AcknowledgedBy, string? AcknowledgedByName, DateTime ClosedAt, string? ClosedBy, string? ClosedByName, string? CloseReason);

internal sealed record TripToday(
    Guid Id, string Code, Guid CollectorId, string VehiclePlate, string? DriverName, string Status, int Stops, int CompletedStops, decimal PlannedKg, decimal CollectedKg);

internal sealed record ManifestStateCount(string Status, int Count);

internal sealed record OverdueManifest(Guid Id, string Number, string GeneratorName, string ReceiverName, string Status, DateTime? ReceivedAt, DateOnly? Deadline, bool DeadlineProvisional);

internal sealed record ManifestOverview(IReadOnlyList<ManifestStateCount> ByState, IReadOnlyList<OverdueManifest> Overdue);

/// <summary>One bar of the tonnage chart: key (category code, town id or yyyy-MM), label in Chinese and in English.</summary>
internal sealed record TonnageRow(string Key, string Label, string LabelEn, decimal Tonnes);

internal sealed record TraceEvent(DateTime At, string Kind, string Title, string? Detail, string? Actor, string? ManifestNumber);

internal sealed record ContainerTrace(Guid ContainerId, string Code, string WasteCode, string WasteName, Guid OrganisationId, string? GeneratorName, string State, IReadOnlyList<TraceEvent> Events);

/// <summary>
/// The command centre's read models. Each reads through an index (organisation/collector, status, date) or the
/// monthly tonnage projection; none scans a whole table. Visibility comes from the Waste query filters, except for
/// the projection (no tenant rows), which is filtered here by the caller's scope.
/// </summary>
internal sealed partial class CommandCentreQueries(
    WasteDbContext db, IActorContext actors, ITenantScopeProvider scopes, TimeProvider clock, IJurisdictionDirectory jurisdictions, ActorNames names)
{
    private static readonly ManifestStatus[] OpenStates =
        [ManifestStatus.Draft, ManifestStatus.SignedByGenerator, ManifestStatus.InTransit, ManifestStatus.Received, ManifestStatus.Accepted, ManifestStatus.PartiallyRefused];

    private static readonly ManifestStatus[] ClosedStates = [ManifestStatus.Disposed, ManifestStatus.Refused, ManifestStatus.Cancelled];

    public async Task<List<TripToday>> TripsTodayAsync(CancellationToken cancellationToken)
    {
        var today = WasteTime.Today(clock);
        IQueryable<Trip> visible = db.Set<Trip>().AsNoTracking();
        if (actors.Current.IsInRole(PlatformRoles.Regulator) && !scopes.Current.SeesEverything)
        {
            // A regulator supervises where the waste is: the trips with a stop in its jurisdiction (the stops' own
            // filter decides), wherever the collector is registered. Trips of one day are few; stops are read by trip.
            var todays = await db.Set<Trip>().IgnoreQueryFilters().AsNoTracking()
                .Where(t => t.PlanDate == today && t.Status != TripStatus.Cancelled).Select(t => t.Id).ToListAsync(cancellationToken);
            var withStop = await db.Set<TripStop>().AsNoTracking().Where(s => todays.Contains(s.TripId)).Select(s => s.TripId).Distinct().ToListAsync(cancellationToken);
            visible = db.Set<Trip>().IgnoreQueryFilters().AsNoTracking().Where(t => withStop.Contains(t.Id));
        }

        var trips = await visible
            .Where(t => t.PlanDate == today && t.Status != TripStatus.Cancelled)
            .OrderBy(t => t.PlannedStart).ThenBy(t => t.Code)
            .Take(500)
            .Select(t => new { t.Id, t.Code, t.OrganisationId, t.VehiclePlate, t.DriverName, t.Status })
            .ToListAsync(cancellationToken);
        var ids = trips.Select(t => t.Id).ToList();
        var stops = await db.Set<TripStop>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => ids.Contains(s.TripId) && s.Status != StopStatus.Cancelled)
            .GroupBy(s => s.TripId)
            .Select(g => new { TripId = g.Key, Stops = g.Count(), Done = g.Count(s => s.Status == StopStatus.Confirmed), PlannedG = g.Sum(s => s.EstimatedG) })
            .ToListAsync(cancellationToken);
        var collected = await (
                from item in db.Set<StopItem>().AsNoTracking()
                join stop in db.Set<TripStop>().IgnoreQueryFilters() on item.StopId equals stop.Id
                where ids.Contains(stop.TripId)
                group item by stop.TripId into g
                select new { TripId = g.Key, Grams = g.Sum(i => i.WeightG) })
            .ToListAsync(cancellationToken);
        return trips.Select(t =>
        {
            var s = stops.FirstOrDefault(x => x.TripId == t.Id);
            var c = collected.FirstOrDefault(x => x.TripId == t.Id);
            return new TripToday(t.Id, t.Code, t.OrganisationId.Value, t.VehiclePlate, t.DriverName, t.Status.ToString(), s?.Stops ?? 0, s?.Done ?? 0,
                (s?.PlannedG ?? 0) / 1000m, (c?.Grams ?? 0) / 1000m);
        }).ToList();
    }

    public async Task<ManifestOverview> ManifestsAsync(CancellationToken cancellationToken)
    {
        var today = WasteTime.Today(clock);
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        var open = await db.Set<Manifest>().AsNoTracking()
            .Where(m => OpenStates.Contains(m.Status))
            .GroupBy(m => m.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var closed = await db.Set<Manifest>().AsNoTracking()
            .Where(m => ClosedStates.Contains(m.Status) && ((m.DisposedAt ?? m.DecidedAt ?? m.CancelledAt) >= since))
            .GroupBy(m => m.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var byState = OpenStates.Concat(ClosedStates)
            .Select(s => new ManifestStateCount(s.ToString(), open.Concat(closed).Where(x => x.Status == s).Sum(x => x.Count)))
            .ToList();
        var overdue = await db.Set<Manifest>().AsNoTracking()
            .Where(m => m.Status == ManifestStatus.Received && m.ConfirmationDeadline != null && m.ConfirmationDeadline < today)
            .OrderBy(m => m.ConfirmationDeadline)
            .Take(50)
            .Select(m => new OverdueManifest(m.Id, m.Number, m.GeneratorName, m.ReceiverName, m.Status.ToString(), m.ReceivedAt, m.ConfirmationDeadline, m.ConfirmationDeadlineProvisional))
            .ToListAsync(cancellationToken);
        return new ManifestOverview(byState, overdue);
    }

    public async Task<List<TonnageRow>> TonnageAsync(string by, int year, CancellationToken cancellationToken)
    {
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 1);
        var query = db.Set<TonnageMonthly>().AsNoTracking().Where(t => t.Month >= from && t.Month <= to);
        var scope = scopes.Current;
        var actor = actors.Current;
        if (!scope.SeesEverything)
        {
            if (actor.IsInRole(PlatformRoles.Regulator))
            {
                var district = scope.DistrictId;
                var town = scope.TownId;
                query = query.Where(t => (district != default && t.DistrictId == district) || (town != default && t.TownId == town));
            }
            else
            {
                var collector = actor.OrganisationId;
                query = query.Where(t => t.CollectorId == collector);
            }
        }

        var rows = await query.Select(t => new { t.Month, t.TownId, t.Category, t.AcceptedG }).ToListAsync(cancellationToken);
        switch (by)
        {
            case "month":
                return Enumerable.Range(1, 12).Select(m => new DateOnly(year, m, 1))
                    .Select(m => new TonnageRow(m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), $"{m.Month}月",
                        m.ToString("MMM", System.Globalization.CultureInfo.InvariantCulture),
                        rows.Where(r => r.Month == m).Sum(r => r.AcceptedG) / 1_000_000m))
                    .ToList();
            case "town":
                var towns = rows.Select(r => r.TownId).Distinct().ToList();
                var names = await jurisdictions.NamesAsync(towns, cancellationToken);
                return rows.GroupBy(r => r.TownId)
                    .Select(g => (Town: g.Key, Name: names.GetValueOrDefault(g.Key), Grams: g.Sum(r => r.AcceptedG)))
                    .Select(t => new TonnageRow(t.Town.Value.ToString(), t.Name?.Name ?? t.Town.Value.ToString(), t.Name?.NameEn ?? t.Town.Value.ToString(), t.Grams / 1_000_000m))
                    .OrderByDescending(r => r.Tonnes).ToList();
            default:
                return rows.GroupBy(r => r.Category)
                    .Select(g => new TonnageRow(g.Key, g.Key, g.Key, g.Sum(r => r.AcceptedG) / 1_000_000m))
                    .OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        }
    }
    public async Task<CabinetMapPage> CabinetsAsync(CabinetMapFilter filter, CancellationToken cancellationToken)
    {
        // Keyset paging by cabinet id (UUIDv7: insertion order), so a page costs the same wherever it starts.
        var query =
            from c in db.Set<Cabinet>().AsNoTracking()
            join s in db.Set<PlatformSiteView>() on c.SiteId equals s.Id
            select new { Cabinet = c, Site = s };
        if (filter.TownId is { } town)
        {
            query = query.Where(x => x.Site.TownId == town);
        }

        if (filter is { MinLongitude: { } minLon, MinLatitude: { } minLat, MaxLongitude: { } maxLon, MaxLatitude: { } maxLat })
        {
            query = query.Where(x => x.Site.Longitude >= minLon && x.Site.Longitude <= maxLon && x.Site.Latitude >= minLat && x.Site.Latitude <= maxLat);
        }

        if (filter.After is { } after)
        {
            query = query.Where(x => x.Cabinet.Id.CompareTo(after) > 0);
        }

        var cabinets = await (
                from x in query
                join o in db.Set<PlatformOrganisationView>() on x.Cabinet.OrganisationId equals o.Id
                orderby x.Cabinet.Id
                select new { x.Cabinet.Id, x.Cabinet.Name, OrganisationName = o.Name, x.Site.Longitude, x.Site.Latitude, x.Cabinet.FillRatio, x.Cabinet.Online })
            .Take(filter.Limit + 1)
            .ToListAsync(cancellationToken);
        var page = cabinets.Take(filter.Limit).ToList();
        var ids = page.Select(c => c.Id).ToList();
        var open = await db.Set<WasteAlert>().AsNoTracking()
            .Where(a => a.CabinetId != null && ids.Contains(a.CabinetId.Value) && a.Status != AlertStatus.Closed)
            .GroupBy(a => a.CabinetId!.Value)
            .Select(g => new { CabinetId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.CabinetId, x => x.Count, cancellationToken);
        return new CabinetMapPage(
            page.Select(c => new CabinetPoint(c.Id, c.Name, c.OrganisationName, Math.Round(c.Longitude, 5), Math.Round(c.Latitude, 5),
                c.FillRatio is { } f ? Math.Round(f, 2) : null, c.Online, open.GetValueOrDefault(c.Id))).ToList(),
            cabinets.Count > filter.Limit ? page[^1].Id : null);
    }

    public async Task<AlertOverview> AlertsAsync(CancellationToken cancellationToken)
    {
        var open = db.Set<WasteAlert>().AsNoTracking().Where(a => a.Status != AlertStatus.Closed);
        var byKind = await open.GroupBy(a => a.Kind).Select(g => new { Kind = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        // IgnoreQueryFilters is query-wide in EF Core: joining the cabinets past their filter would lift the alerts'
        // filter too (another organisation's alerts in the list). Read the visible alerts first, then name their cabinets.
        var latest = await open.OrderByDescending(a => a.RaisedAt).Take(50)
            .Select(a => new { a.Id, a.Kind, a.Status, a.Message, a.CabinetId, a.OrganisationId, a.RaisedAt, a.AcknowledgedAt, a.AcknowledgedBy })
            .ToListAsync(cancellationToken);
        var people = await names.ResolveAsync(latest.Select(a => a.AcknowledgedBy), cancellationToken);
        var cabinetIds = latest.Where(a => a.CabinetId != null).Select(a => a.CabinetId!.Value).Distinct().ToList();
        var cabinetNames = await db.Set<Cabinet>().IgnoreQueryFilters().AsNoTracking().Where(c => cabinetIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var latestAlerts = latest.Select(a => new OpenAlert(a.Id, a.Kind.ToString(), a.Status.ToString(), a.Message, a.CabinetId,
            a.CabinetId is { } cabinet ? cabinetNames.GetValueOrDefault(cabinet) : null, a.OrganisationId.Value, a.RaisedAt,
            a.AcknowledgedAt, a.AcknowledgedBy, a.AcknowledgedBy is { } by ? people.GetValueOrDefault(by, by) : null)).ToList();
        return new AlertOverview(byKind.Select(k => new AlertKindCount(k.Kind.ToString(), k.Count)).OrderByDescending(k => k.Count).ToList(), latestAlerts);
    }

    /// <summary>
    /// Alerts closed since <paramref name="since"/> (UTC), the latest closing first, at most <paramref name="limit"/>;
    /// the alerts' query filter decides whose (served generators, jurisdiction).
    /// </summary>
    public async Task<List<ClosedAlert>> RecentlyClosedAsync(DateTime since, int limit, CancellationToken cancellationToken)
    {
        var closed = await db.Set<WasteAlert>().AsNoTracking()
            .Where(a => a.Status == AlertStatus.Closed && a.ClosedAt >= since)
            .OrderByDescending(a => a.ClosedAt).ThenBy(a => a.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        var people = await names.ResolveAsync(closed.SelectMany(a => new[] { a.AcknowledgedBy, a.ClosedBy }), cancellationToken);
        var cabinetIds = closed.Where(a => a.CabinetId != null).Select(a => a.CabinetId!.Value).Distinct().ToList();
        // Read apart from the alerts (see AlertsAsync): lifting the cabinets' filter in the same query would lift the alerts' too.
        var cabinetNames = await db.Set<Cabinet>().IgnoreQueryFilters().AsNoTracking().Where(c => cabinetIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        string? Name(string? audit) => audit is null ? null : people.GetValueOrDefault(audit, audit);
        return closed.Select(a => new ClosedAlert(a.Id, a.Kind.ToString(), a.Message, a.CabinetId, a.CabinetId is { } cabinet ? cabinetNames.GetValueOrDefault(cabinet) : null,
            a.OrganisationId.Value, a.RaisedAt, a.AcknowledgedAt, a.AcknowledgedBy, Name(a.AcknowledgedBy), a.ClosedAt!.Value, a.ClosedBy, Name(a.ClosedBy), a.CloseReason)).ToList();
    }

    /// <summary>The container's timeline; null when the caller cannot see the container (query filters decide).</summary>
    public async Task<ContainerTrace?> TraceAsync(string code, CancellationToken cancellationToken)
    {
        var container = await db.Set<WasteContainer>().AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, cancellationToken);
        if (container is null)
        {
            return null;
        }

        var events = new List<TraceEvent>
        {
            new(container.DepositedAt, "Deposited", "入库贮存 Deposited", $"{container.WasteCode} {container.WasteName}, {container.WeightG / 1000m:0.###} kg", container.DepositedBy, null),
        };
        var alerts = await db.Set<WasteAlert>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.ContainerId == container.Id || (a.CabinetId == container.CabinetId && a.RaisedAt >= container.DepositedAt
                && (container.CollectedAt == null || a.RaisedAt <= container.CollectedAt)))
            .OrderBy(a => a.RaisedAt)
            .Take(100)
            .ToListAsync(cancellationToken);
        events.AddRange(alerts.Select(a => new TraceEvent(a.RaisedAt, "Alert", $"告警 {a.Kind}", a.Message, null, null)));
        events.AddRange(alerts.Where(a => a.ClosedAt != null).Select(a => new TraceEvent(a.ClosedAt!.Value, "AlertClosed", $"告警关闭 {a.Kind}", a.CloseReason, null, null)));

        var collected = await (
                from item in db.Set<StopItem>().AsNoTracking()
                join stop in db.Set<TripStop>().IgnoreQueryFilters() on item.StopId equals stop.Id
                join trip in db.Set<Trip>().IgnoreQueryFilters() on stop.TripId equals trip.Id
                where item.ContainerId == container.Id
                select new { item.WeightG, item.WeighedAt, item.WeighedBy, stop.ConfirmedAt, stop.ConfirmedBy, stop.PickupRequestId, trip.Code, trip.VehiclePlate })
            .ToListAsync(cancellationToken);
        foreach (var c in collected)
        {
            var request = await db.Set<PickupRequest>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(r => r.Id == c.PickupRequestId, cancellationToken);
            if (request is not null)
            {
                events.Add(new TraceEvent(request.RaisedAt, "PickupRequested", "收运申请 Pickup requested", request.Origin.ToString(), request.RaisedBy, null));
            }

            events.Add(new TraceEvent(c.WeighedAt, "Weighed", "称重 Weighed", $"{c.WeightG / 1000m:0.###} kg, {c.Code} {c.VehiclePlate}", c.WeighedBy, null));
            if (c.ConfirmedAt is { } confirmed)
            {
                events.Add(new TraceEvent(confirmed, "Collected", "交接确认 Collected", c.Code, c.ConfirmedBy, null));
            }
        }

        var manifestIds = await db.Set<ManifestContainer>().AsNoTracking().Where(m => m.ContainerId == container.Id).Select(m => m.ManifestId).Distinct().ToListAsync(cancellationToken);
        var manifestEvents = await db.Set<ManifestEvent>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => manifestIds.Contains(e.ManifestId))
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
        events.AddRange(manifestEvents.Select(e => e.Type == ManifestEvent.ConfirmationOverdue
            ? new TraceEvent(e.At, "Manifest" + e.Type, "联单逾期未确认 Confirmation overdue", null, e.Actor, e.Number)
            : new TraceEvent(e.At, "Manifest" + e.Type, $"联单 {e.ToStatus}", e.FromStatus is null ? null : $"{e.FromStatus} -> {e.ToStatus}", e.Actor, e.Number)));

        var movements = await db.Set<WarehouseMovement>().IgnoreQueryFilters().AsNoTracking().Where(m => m.ContainerId == container.Id).OrderBy(m => m.At).ToListAsync(cancellationToken);
        events.AddRange(movements.Select(m => new TraceEvent(m.At, "Warehouse" + m.Kind, $"中转库 {m.Kind}", $"{m.WeightG / 1000m:0.###} kg{(m.Reason is null ? string.Empty : ", " + m.Reason)}", m.RecordedBy, null)));

        var generator = await db.Set<PlatformOrganisationView>().AsNoTracking().Where(o => o.Id == container.OrganisationId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken);
        return new ContainerTrace(container.Id, container.Code, container.WasteCode, container.WasteName, container.OrganisationId.Value, generator, container.State.ToString(),
            events.OrderBy(e => e.At).ToList());
    }
}
