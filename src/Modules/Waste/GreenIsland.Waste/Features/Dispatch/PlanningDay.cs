using System.Collections.Concurrent;
using System.Text.Json;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Domain.Dispatch;
using GreenIsland.Waste.Features.Vehicles;
using GreenIsland.Waste.Persistence;

namespace GreenIsland.Waste.Features.Dispatch;

/// <summary>
/// What a plan of a collector's day is built from: the trips it keeps (locked or published, with their vehicles and
/// requests), the draft trips it replaces, the free vehicles, the open requests with their containers, sites, opening
/// hours and generator names.
/// </summary>
internal sealed record PlanningDay(
    PlatformOrganisationView Collector,
    IReadOnlyList<Trip> Kept,
    IReadOnlyList<Trip> Replaced,
    IReadOnlyList<TripStop> Stops,
    IReadOnlyList<Vehicle> Vehicles,
    IReadOnlyList<PlanningRequest> Requests,
    IReadOnlyDictionary<SiteId, PlatformSiteView> Sites,
    IReadOnlyDictionary<OrganisationId, string> Generators,
    IReadOnlyDictionary<SiteId, IReadOnlyList<OpeningInterval>> Hours)
{
    /// <summary>
    /// A canonical text of the inputs as far as they concern the requests <paramref name="planned"/>: two reads of the
    /// day with the same fingerprint give the same plan. Requests outside <paramref name="planned"/> (raised after the
    /// first read) are left out; a planned request that left the queue changes the fingerprint.
    /// </summary>
    public string Fingerprint(IReadOnlySet<Guid> planned)
    {
        ArgumentNullException.ThrowIfNull(planned);
        var requests = Requests.Where(r => planned.Contains(r.RequestId)).OrderBy(r => r.RequestId).ToList();
        var siteIds = requests.Select(r => r.SiteId).Distinct().OrderBy(s => s.Value).ToList();
        var canonical = new
        {
            collector = new { Collector.Id, Collector.DistrictId, Collector.TownId },
            kept = Kept.OrderBy(t => t.Id).Select(t => new { t.Id, t.VehicleId }),
            replaced = Replaced.OrderBy(t => t.Id).Select(t => new { t.Id, t.VehicleId }),
            stops = Stops.OrderBy(s => s.Id).Select(s => new { s.Id, s.TripId, s.Sequence, s.PickupRequestId }),
            vehicles = Vehicles.OrderBy(v => v.Id).Select(v => new { vehicle = v.ToDispatch(), v.PermitNumber }),
            requests = requests.Select(r => new
            {
                r.RequestId,
                r.GeneratorId,
                r.SiteId,
                containers = r.Containers.OrderBy(c => c.Id).Select(c => new { c.Id, c.Category, c.Group, c.EstimatedKg }),
            }),
            sites = siteIds.Select(id => Sites.TryGetValue(id, out var s)
                ? new { s.Id, s.Name, s.Address, s.Latitude, s.Longitude, s.DistrictId, s.TownId, hours = Hours.GetValueOrDefault(id) }
                : null),
            generators = requests.Select(r => r.GeneratorId).Distinct().OrderBy(g => g.Value).Select(g => Generators.GetValueOrDefault(g)),
        };
        return JsonSerializer.Serialize(canonical);
    }
}

/// <summary>
/// A seam for tests that must act while a day is being planned, without timing: a hook registered for a collector
/// runs after the day's inputs are read and before the solver starts, with no transaction open. Nothing registers one
/// in production; <see cref="BeforeSolveAsync"/> then returns at once.
/// </summary>
internal sealed class DispatchPlanningHooks
{
    private readonly ConcurrentDictionary<OrganisationId, Func<CancellationToken, Task>> _beforeSolve = new();

    /// <summary>Runs <paramref name="hook"/> before each solve of the collector's days until the returned handle is disposed.</summary>
    public IDisposable BeforeSolve(OrganisationId collector, Func<CancellationToken, Task> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        if (!_beforeSolve.TryAdd(collector, hook))
        {
            throw new InvalidOperationException($"A hook is already registered for collector {collector.Value}.");
        }

        return new Registration(() => _beforeSolve.TryRemove(collector, out _));
    }

    public Task BeforeSolveAsync(OrganisationId collector, CancellationToken cancellationToken) =>
        _beforeSolve.TryGetValue(collector, out var hook) ? hook(cancellationToken) : Task.CompletedTask;

    private sealed class Registration(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
