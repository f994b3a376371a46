using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.CommandCentre;

/// <summary>
/// Keeps <see cref="TonnageMonthly"/> up to date from manifests the receiver has decided (accepted, partially refused,
/// refused, disposed): per manifest and HW category it stores the accepted grams it counted (<see cref="TonnageFact"/>)
/// and moves the monthly total by the difference, so re-running, or a corrected manifest version, never double-counts.
/// Month = the China-time month of the receiver's decision; collector = the manifest's carrier.
/// </summary>
internal sealed class TonnageProjector(WasteDbContext db)
{
    private const int BatchSize = 500;

    private static readonly ManifestStatus[] Decided = [ManifestStatus.Accepted, ManifestStatus.PartiallyRefused, ManifestStatus.Refused, ManifestStatus.Disposed];

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var projected = 0;
        while (true)
        {
            var due = await db.Set<Manifest>().IgnoreQueryFilters().AsNoTracking()
                .Where(m => Decided.Contains(m.Status) && m.DecidedAt != null
                            && !db.Set<TonnageFact>().Any(f => f.ManifestId == m.Id && f.ManifestVersion >= m.Version))
                .OrderBy(m => m.DecidedAt)
                .Take(BatchSize)
                .Include(m => m.Lines)
                .ToListAsync(cancellationToken);
            if (due.Count == 0)
            {
                return projected;
            }

            await ProjectAsync(due, cancellationToken);
            projected += due.Count;
            if (due.Count < BatchSize)
            {
                return projected;
            }
        }
    }

    private async Task ProjectAsync(IReadOnlyList<Manifest> manifests, CancellationToken cancellationToken)
    {
        var ids = manifests.Select(m => m.Id).ToList();
        // Inside a caller's transaction (the demo seed) the projection joins it; otherwise it is its own unit of work.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var facts = await db.Set<TonnageFact>().Where(f => ids.Contains(f.ManifestId)).ToListAsync(cancellationToken);
        var deltas = new Dictionary<(DateOnly Month, Guid District, Guid Town, Guid Collector, string Category), (long Grams, int Manifests)>();

        void Move(TonnageFact f, int sign) =>
            deltas[(f.Month, f.DistrictId.Value, f.TownId.Value, f.CollectorId.Value, f.Category)] =
                deltas.GetValueOrDefault((f.Month, f.DistrictId.Value, f.TownId.Value, f.CollectorId.Value, f.Category)) is var (g, n)
                    ? (g + (sign * f.AcceptedG), n + sign)
                    : (sign * f.AcceptedG, sign);

        foreach (var manifest in manifests)
        {
            var month = WasteTime.LocalDate(manifest.DecidedAt!.Value);
            var current = manifest.Lines.GroupBy(l => l.Category).ToDictionary(g => g.Key, g => g.Sum(l => l.AcceptedQuantityG ?? 0), StringComparer.Ordinal);
            foreach (var old in facts.Where(f => f.ManifestId == manifest.Id))
            {
                Move(old, -1);
                if (!current.ContainsKey(old.Category))
                {
                    db.Remove(old);
                }
            }

            foreach (var (category, grams) in current)
            {
                var fact = facts.FirstOrDefault(f => f.ManifestId == manifest.Id && f.Category == category);
                if (fact is null)
                {
                    fact = new TonnageFact { ManifestId = manifest.Id, Category = category };
                    db.Add(fact);
                }

                fact.ManifestVersion = manifest.Version;
                fact.Month = new DateOnly(month.Year, month.Month, 1);
                fact.GeneratorId = manifest.OrganisationId;
                fact.CollectorId = manifest.CarrierId ?? default;
                fact.DistrictId = manifest.DistrictId;
                fact.TownId = manifest.TownId;
                fact.AcceptedG = grams;
                Move(fact, +1);
            }
        }

        foreach (var ((month, district, town, collector, category), (grams, count)) in deltas.Where(d => d.Value != (0, 0)))
        {
            var row = await db.Set<TonnageMonthly>().SingleOrDefaultAsync(t => t.Month == month && t.DistrictId == new Platform.Contracts.Identifiers.JurisdictionId(district)
                && t.TownId == new Platform.Contracts.Identifiers.JurisdictionId(town) && t.CollectorId == new Platform.Contracts.Identifiers.OrganisationId(collector)
                && t.Category == category, cancellationToken);
            if (row is null)
            {
                db.Add(new TonnageMonthly
                {
                    Id = Guid.CreateVersion7(), Month = month, DistrictId = new(district), TownId = new(town), CollectorId = new(collector),
                    Category = category, AcceptedG = grams, Manifests = count,
                });
            }
            else
            {
                row.AcceptedG += grams;
                row.Manifests += count;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
