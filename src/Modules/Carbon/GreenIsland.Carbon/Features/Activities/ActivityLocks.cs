using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Identifiers;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Activities;

/// <summary>
/// An activity record is a draft until an inventory that covers its site and month is submitted or approved; from
/// then on the record and its evidence are locked (a re-import from meters leaves it unchanged, evidence cannot be deleted).
/// </summary>
internal sealed class ActivityLocks(IReadOnlyList<(DateOnly From, DateOnly To)> lockedPeriods)
{
    public static async Task<ActivityLocks> ForSiteAsync(CarbonDbContext db, SiteId site, CancellationToken cancellationToken)
    {
        var periods = await db.Inventories.AsNoTracking()
            .Where(i => i.Status != InventoryStatus.Draft && i.Sites.Any(s => s.SiteId == site))
            .Select(i => new { i.PeriodFrom, i.PeriodTo })
            .ToListAsync(cancellationToken);
        return new ActivityLocks(periods.Select(p => (p.PeriodFrom, p.PeriodTo)).ToList());
    }

    public bool IsLocked(DateOnly month) => lockedPeriods.Any(p => month >= p.From && month <= p.To);
}
