using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Carbon.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Reports;

/// <summary>
/// Gathers what an inventory report says (PDF and XLSX alike): organisation, boundary, lines with their factor
/// versions, every factor value used with its source, recalculations. The inventory must come through the tenancy filter.
/// </summary>
internal static class InventoryReportData
{
    public static async Task<InventoryReportInput> GatherAsync(CarbonDbContext db, FactorLibraryStore store, Inventory inventory, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var id = inventory.Id;
        var lines = await db.InventoryLines.AsNoTracking().Where(l => l.InventoryId == id).ToListAsync(cancellationToken);
        var energy = await db.EnergyLines.AsNoTracking().Where(l => l.InventoryId == id).ToListAsync(cancellationToken);
        var versionIds = lines.Select(l => l.FactorLibraryVersionId).Concat(energy.Select(e => e.FactorLibraryVersionId))
            .Concat(lines.Where(l => l.GwpLibraryVersionId is not null).Select(l => l.GwpLibraryVersionId!.Value)).Distinct().ToList();
        var rows = await db.FactorLibraries.AsNoTracking().Where(l => versionIds.Contains(l.Id)).ToListAsync(cancellationToken);
        var libraries = rows.ToDictionary(r => r.Id, r => (Row: r, Library: store.Parse(r)));
        var siteIds = inventory.Sites.Select(s => s.SiteId).ToList();
        var sites = await db.PlatformSites.AsNoTracking().Where(s => siteIds.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        var organisation = await db.PlatformOrganisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == inventory.OrganisationId, cancellationToken);
        var recalculations = await db.Recalculations.AsNoTracking().Where(r => r.InventoryId == id).OrderBy(r => r.At).ToListAsync(cancellationToken);

        var factors = new List<ReportFactor>();
        void Add(Guid versionId, Factor factor, IEnumerable<string>? components = null)
        {
            var (row, _) = libraries[versionId];
            foreach (var value in factor.Values.Where(v => components is null || components.Contains(v.Component, StringComparer.Ordinal)))
            {
                factors.Add(new ReportFactor(row.Code, row.Version, row.SourceDocument, factor.Code, factor.Region, factor.ValidFrom, value.Component, value.Value,
                    value.Unit.Symbol, value.Source, value.Confidence == Confidence.Verified ? "V" : "R"));
            }
        }

        foreach (var used in lines.GroupBy(l => (l.FactorLibraryVersionId, l.FactorCode, l.FactorRegion, l.FactorValidFrom)))
        {
            var key = used.Key;
            var factor = libraries[key.FactorLibraryVersionId].Library.Factors.First(f => f.Code == key.FactorCode && f.Region == key.FactorRegion && f.ValidFrom == key.FactorValidFrom);
            // A GWP set is one factor with a value per gas: list the gases the inventory has, not the whole set.
            Add(key.FactorLibraryVersionId, factor, factor.Code == GwpSet.FactorCode ? used.Select(l => l.Gas).Distinct().ToList() : null);
        }

        foreach (var used in energy.Select(e => (e.FactorLibraryVersionId, e.FactorCode, e.Month)).Distinct())
        {
            var factor = libraries[used.FactorLibraryVersionId].Library.Find(used.FactorCode, "CN", used.Month);
            Add(used.FactorLibraryVersionId, factor);
        }

        foreach (var gwp in lines.Where(l => l.GwpLibraryVersionId is not null).GroupBy(l => l.GwpLibraryVersionId!.Value))
        {
            var factor = libraries[gwp.Key].Library.Factors.First(f => f.Code == GwpSet.FactorCode);
            Add(gwp.Key, factor, gwp.Select(l => l.Gas).Distinct().ToList());
        }

        return new InventoryReportInput(
            organisation?.Name ?? inventory.OrganisationId.Value.ToString(), organisation?.CreditCode ?? "—", inventory.Name, inventory.Id,
            inventory.PeriodFrom, inventory.PeriodTo, inventory.GridRegion, inventory.GwpLibrary, inventory.Status,
            siteIds.Select(s => (s.Value, sites.FirstOrDefault(x => x.Id == s)?.Name ?? s.Value.ToString())).OrderBy(s => s.Item2, StringComparer.Ordinal).ToList(),
            inventory.Scope1Tco2e, inventory.Scope2LocationTco2e, inventory.Scope2MarketTco2e, inventory.EnergyTce, inventory.ResidualStandInUsed,
            inventory.Notes.Length == 0 ? [] : inventory.Notes.Split('\n'),
            lines.OrderBy(l => l.Month).ThenBy(l => l.Scope).ThenBy(l => l.Id).Select(l => new ReportLine(l.Month, l.SiteId.Value, l.Scope, l.Category, l.Gas, l.GasMassKg, l.Gwp, l.Co2eKg,
                libraries[l.FactorLibraryVersionId].Row.Code, libraries[l.FactorLibraryVersionId].Row.Version, l.FactorCode, l.FactorRegion, l.FactorValidFrom)).ToList(),
            factors.DistinctBy(f => (f.Library, f.Version, f.FactorCode, f.Region, f.ValidFrom, f.Component))
                .OrderBy(f => f.Library, StringComparer.Ordinal).ThenBy(f => f.FactorCode, StringComparer.Ordinal).ThenBy(f => f.Region, StringComparer.Ordinal)
                .ThenBy(f => f.ValidFrom).ThenBy(f => f.Component, StringComparer.Ordinal).ToList(),
            inventory.CreatedAt, inventory.CreatedBy, inventory.CalculatedAt, inventory.SubmittedAt, inventory.ApprovedAt, inventory.ApprovedBy,
            recalculations.Select(r => new ReportRecalculation(r.At, r.By, r.Reason)).ToList(),
            now);
    }
}
