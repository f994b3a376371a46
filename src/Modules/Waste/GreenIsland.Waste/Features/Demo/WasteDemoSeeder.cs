using System.Globalization;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Waste.Features.Cabinets;
using GreenIsland.Waste.Domain.Dispatch;
using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Demo;

/// <summary>
/// Gives the demo district a year of waste history (see <see cref="WasteHistory"/>) after the platform's demo seed,
/// so the command centre, ledgers and evaluations are alive on first start. Skips when any demo cabinet exists.
/// The cabinets are registered storage-cabinet devices and every manifest transition is on the audit ledger, all in
/// one transaction; live filling comes from the telemetry simulator (<c>greenisland simulate</c>, started by run.sh).
/// </summary>
internal sealed class WasteDemoSeeder(WasteDbContext db, WasteHistory history, TimeProvider clock) : IModuleDemoSeeder
{
    public string Module => WasteDbContext.Module;

    public int Order => 30;

    public async Task<string?> SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<Cabinet>().IgnoreQueryFilters().AnyAsync(c => c.IsDemo, cancellationToken))
        {
            return null;
        }

        var organisations = await db.Set<PlatformOrganisationView>().AsNoTracking().ToListAsync(cancellationToken);
        var allSites = await db.Set<PlatformSiteView>().AsNoTracking().ToListAsync(cancellationToken);
        var sites = allSites
            .GroupBy(s => s.OrganisationId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Name, StringComparer.Ordinal).First());
        // The demo accounts' organisations come first, so that they form one story: the demo enterprise is served (under a
        // service agreement) by the demo dispatcher's and driver's collector, and the demo disposal account's facility
        // receives (the history assigns generators[i] to collectors[i % count]).
        var demo = (await db.Set<PlatformUserView>().AsNoTracking().Where(u => u.IsDemo && u.IsActive).Select(u => u.OrganisationId).ToListAsync(cancellationToken))
            .ToHashSet();
        var receiver = organisations.Where(o => o.Type == OrganisationType.DisposalFacility)
            .OrderBy(o => !demo.Contains(o.Id)).ThenBy(o => o.Name, StringComparer.Ordinal).FirstOrDefault();
        var collectors = organisations.Where(o => o.Type == OrganisationType.Collector && sites.ContainsKey(o.Id))
            .OrderBy(o => !demo.Contains(o.Id)).ThenBy(o => o.Name, StringComparer.Ordinal)
            .Select(o => new HistoryCollector(o.Id, o.Name, sites[o.Id].Id, sites[o.Id].Name, sites[o.Id].Address, o.DistrictId, o.TownId, sites[o.Id].Latitude, sites[o.Id].Longitude))
            .ToList();
        var generators = organisations.Where(o => o.Type == OrganisationType.Enterprise && sites.ContainsKey(o.Id))
            .OrderBy(o => !demo.Contains(o.Id)).ThenBy(o => o.Name, StringComparer.Ordinal)
            .Select(o => new HistoryGenerator(o.Id, o.Name, o.CreditCode, sites[o.Id].Id, sites[o.Id].Name, sites[o.Id].Address, o.DistrictId, o.TownId,
                sites[o.Id].Latitude, sites[o.Id].Longitude))
            .ToList();
        if (receiver is null || collectors.Count == 0 || generators.Count == 0)
        {
            return null;
        }

        var district = generators[0].DistrictId;
        var division = await db.Set<PlatformJurisdictionView>().AsNoTracking().Where(j => j.Id == district).Select(j => j.Code).SingleOrDefaultAsync(cancellationToken) ?? "3299";
        var started = clock.GetTimestamp();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var summary = await history.WriteAsync(generators, collectors, new HistoryReceiver(receiver.Id, receiver.Name), division,
            clock.GetUtcNow().UtcDateTime, days: 365, seed: 20261121, demo: true, cancellationToken);
        var enterprises = organisations.Where(o => o.Type == OrganisationType.Enterprise).ToDictionary(o => o.Id);
        var hoursSet = SeedOpeningHours(allSites.Where(s => enterprises.ContainsKey(s.OrganisationId))
            .OrderBy(s => !demo.Contains(s.OrganisationId)).ThenBy(s => enterprises[s.OrganisationId].Name, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList(), demo, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return string.Create(CultureInfo.InvariantCulture, $"{summary}, opening hours for {hoursSet} sites in {clock.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    /// <summary>
    /// Pickup hours (the planner's time windows) for the enterprise sites, varied by position so every start gives the
    /// same week: most small works are open Monday to Friday with a lunch break, some work Saturdays, a few keep one
    /// block, one in ten has not recorded any (any time within the vehicle's shift). The sites of the demo
    /// accounts' enterprise (a heat-treatment works whose furnaces run continuously), takes pickups every day, so the
    /// demo story (plan today, drive, sign) works on whatever day the demo runs.
    /// </summary>
    private int SeedOpeningHours(IReadOnlyList<PlatformSiteView> sites, HashSet<OrganisationId> demoOrganisations, DateTime now)
    {
        var set = 0;
        for (var i = 0; i < sites.Count; i++)
        {
            if (DemoWeek(i, demoOrganisations.Contains(sites[i].OrganisationId)) is not { } week)
            {
                continue;
            }

            var row = SiteOpeningHours.For(sites[i]);
            row.Set(week, now, DemoActor);
            db.Add(row);
            set++;
        }

        return set;
    }

    private const string DemoActor = "system:demo-seed";

    internal static IReadOnlyDictionary<int, IReadOnlyList<OpeningInterval>?>? DemoWeek(int position, bool demoAccountsEnterprise)
    {
        static OpeningInterval I(int oh, int om, int ch, int cm) => new(new TimeOnly(oh, om), new TimeOnly(ch, cm));
        static Dictionary<int, IReadOnlyList<OpeningInterval>?> Week(IReadOnlyList<OpeningInterval> weekday, IReadOnlyList<OpeningInterval> saturday, IReadOnlyList<OpeningInterval> sunday)
        {
            var week = Enumerable.Range(1, 5).ToDictionary(d => d, _ => (IReadOnlyList<OpeningInterval>?)weekday);
            week[6] = saturday;
            week[7] = sunday;
            return week;
        }

        IReadOnlyList<OpeningInterval> withLunch = [I(8, 0, 11, 30), I(13, 0, 17, 0)];
        if (demoAccountsEnterprise)
        {
            return Week(withLunch, withLunch, withLunch);
        }

        return (position % 10) switch
        {
            <= 4 => Week(withLunch, [], []),
            5 or 6 => Week([I(8, 0, 12, 0), I(13, 30, 17, 30)], [I(8, 0, 12, 0), I(13, 30, 17, 30)], []),
            7 => Week([I(8, 30, 17, 0)], [], []),
            8 => Week([I(7, 30, 11, 30), I(13, 0, 16, 30)], [I(8, 0, 11, 30)], []),
            _ => null,
        };
    }
}
