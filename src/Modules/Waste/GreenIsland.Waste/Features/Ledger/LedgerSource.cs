using GreenIsland.Platform.Contracts.Calendar;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Features.Streams;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Ledger;

/// <summary>
/// Reads what the ledger is generated from: the enterprise's containers (deposit instant and weight), their
/// collection (weighed at the stop, on which manifest), and the receiver's steps on those manifests. Reads past the
/// query filters: callers have already checked the enterprise is visible (<see cref="OversightAccess"/>).
/// </summary>
internal sealed class LedgerSource(WasteDbContext db)
{
    public async Task<LedgerBook> BookAsync(OrganisationId organisation, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = ChinaTime.EndOf(from.AddDays(-1)).UtcDateTime;
        var end = ChinaTime.EndOf(to).UtcDateTime;

        // Containers stored at some point of the period: deposited before its end and not collected before its start.
        var containers = await db.Set<WasteContainer>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.OrganisationId == organisation && c.DepositedAt < end && (c.CollectedAt == null || c.CollectedAt >= start))
            .Select(c => new { c.Id, c.Code, c.WasteCode, c.WasteName, Category = c.CategoryCode, c.DepositedAt, c.WeightG, c.CollectedAt, c.CollectedWeightG })
            .ToListAsync(cancellationToken);
        var collectedIds = containers.Where(c => c.CollectedAt != null).Select(c => c.Id).ToList();
        var numbers = new Dictionary<Guid, string>();
        foreach (var chunk in collectedIds.Chunk(500))
        {
            var rows = await (
                    from mc in db.Set<ManifestContainer>().AsNoTracking()
                    join m in db.Set<Manifest>().IgnoreQueryFilters() on mc.ManifestId equals m.Id
                    where chunk.Contains(mc.ContainerId) && m.Status != ManifestStatus.Cancelled
                    select new { mc.ContainerId, m.Number })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                numbers.TryAdd(row.ContainerId, row.Number);
            }
        }

        var ledgerContainers = containers
            .Select(c => new LedgerContainer(c.Code, c.WasteCode, c.WasteName, c.Category, c.DepositedAt, c.WeightG, c.CollectedAt, c.CollectedWeightG, numbers.GetValueOrDefault(c.Id)))
            .ToList();

        var steps = await db.Set<ManifestEvent>().IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.OrganisationId == organisation && e.At >= start && e.At < end
                        && (e.ToStatus == nameof(ManifestStatus.Received) || e.ToStatus == nameof(ManifestStatus.Accepted)
                            || e.ToStatus == nameof(ManifestStatus.PartiallyRefused) || e.ToStatus == nameof(ManifestStatus.Refused)
                            || e.ToStatus == nameof(ManifestStatus.Disposed))
                        && e.Type != "Corrected" && e.Type != ManifestEvent.ConfirmationOverdue)
            .OrderBy(e => e.At)
            .Select(e => new { e.Number, e.At, e.ToStatus, e.ManifestId })
            .ToListAsync(cancellationToken);
        var decidedIds = steps.Select(s => s.ManifestId).Distinct().ToList();
        var accepted = await db.Set<ManifestLine>().IgnoreQueryFilters().AsNoTracking()
            .Where(l => decidedIds.Contains(l.ManifestId))
            .GroupBy(l => l.ManifestId)
            .Select(g => new { ManifestId = g.Key, Grams = g.Sum(l => l.AcceptedQuantityG ?? 0) })
            .ToDictionaryAsync(x => x.ManifestId, x => x.Grams, cancellationToken);
        var stepList = steps.Select(s => new LedgerManifestStep(s.Number, s.At, StepName(s.ToStatus),
            s.ToStatus is nameof(ManifestStatus.Accepted) or nameof(ManifestStatus.PartiallyRefused) ? accepted.GetValueOrDefault(s.ManifestId) : null, null)).ToList();
        return WasteLedgerBook.Build(from, to, ledgerContainers, stepList);
    }

    /// <summary>The enterprise's expected annual generation: the sum over its active waste streams (HJ 1259 tier).</summary>
    public async Task<decimal> ExpectedAnnualKgAsync(OrganisationId organisation, CancellationToken cancellationToken)
    {
        var grams = await db.Set<WasteStream>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.OrganisationId == organisation && s.IsActive)
            .SumAsync(s => (long?)s.ExpectedAnnualG, cancellationToken);
        return (grams ?? 0) / 1000m;
    }

    private static string StepName(string status) => status switch
    {
        nameof(ManifestStatus.Received) => "接收 Received",
        nameof(ManifestStatus.Accepted) => "接收确认 Accepted",
        nameof(ManifestStatus.PartiallyRefused) => "部分拒收 Partially refused",
        nameof(ManifestStatus.Refused) => "拒收 Refused",
        _ => "处置 Disposed",
    };
}
