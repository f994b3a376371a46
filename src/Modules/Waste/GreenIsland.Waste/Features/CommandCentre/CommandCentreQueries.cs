using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Features.Driver;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.CommandCentre;

internal sealed record TripToday(
    Guid Id, string Code, Guid CollectorId, string VehiclePlate, string? DriverName, string Status, int Stops, int CompletedStops, decimal PlannedKg, decimal CollectedKg);

internal sealed record ManifestStateCount(string Status, int Count);

internal sealed record OverdueManifest(Guid Id, string Number, string GeneratorName, string ReceiverName, string Status, DateTime? ReceivedAt, DateOnly? Deadline, bool DeadlineProvisional);

internal sealed record ManifestOverview(IReadOnlyList<ManifestStateCount> ByState, IReadOnlyList<OverdueManifest> Overdue);

internal sealed record TonnageRow(string Key, string Label, decimal Tonnes);

/// <summary>
/// The command centre's read models. Each reads through an index (organisation/collector, status, date) or the
/// monthly tonnage projection; none scans a whole table. Visibility comes from the Waste query filters, except for
/// the projection (no tenant rows), which is filtered here by the caller's scope. Cabinets, alerts and the container
/// trace follow when the cabinets and containers land.
/// </summary>
internal sealed partial class CommandCentreQueries(WasteDbContext db, IActorContext actors, ITenantScopeProvider scopes, TimeProvider clock)
{
    private static readonly ManifestStatus[] OpenStates =
        [ManifestStatus.Draft, ManifestStatus.SignedByGenerator, ManifestStatus.InTransit, ManifestStatus.Received, ManifestStatus.Accepted, ManifestStatus.PartiallyRefused];

    private static readonly ManifestStatus[] ClosedStates = [ManifestStatus.Disposed, ManifestStatus.Refused, ManifestStatus.Cancelled];

    public async Task<List<TripToday>> TripsTodayAsync(CancellationToken cancellationToken)
    {
        var today = WasteTime.Today(clock);
        var trips = await db.Set<Trip>().AsNoTracking()
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
                        rows.Where(r => r.Month == m).Sum(r => r.AcceptedG) / 1_000_000m))
                    .ToList();
            case "town":
                var towns = rows.Select(r => r.TownId).Distinct().ToList();
                var names = await db.Set<PlatformJurisdictionView>().AsNoTracking().Where(j => towns.Contains(j.Id)).ToDictionaryAsync(j => j.Id, j => j.Code, cancellationToken);
                return rows.GroupBy(r => r.TownId)
                    .Select(g => new TonnageRow(g.Key.Value.ToString(), names.GetValueOrDefault(g.Key) ?? g.Key.Value.ToString(), g.Sum(r => r.AcceptedG) / 1_000_000m))
                    .OrderByDescending(r => r.Tonnes).ToList();
            default:
                return rows.GroupBy(r => r.Category)
                    .Select(g => new TonnageRow(g.Key, g.Key, g.Sum(r => r.AcceptedG) / 1_000_000m))
                    .OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        }
    }
}
