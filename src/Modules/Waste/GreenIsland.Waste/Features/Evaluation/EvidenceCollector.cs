using GreenIsland.Platform.Contracts.Calendar;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Manifests;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Features.Declarations;
using GreenIsland.Waste.Features.Plans;
using GreenIsland.Waste.Features.Streams;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Features.Evaluation;

/// <summary>
/// Counts the evidence of <see cref="EnterpriseEvidence"/> for many enterprises at once (one grouped query per kind of
/// evidence, in chunks), for the period 1 January of the year to the evaluation date. Reads past the query filters:
/// the caller passes only enterprises it may see.
/// </summary>
internal sealed class EvidenceCollector(WasteDbContext db, IOptions<DeclarationDueDates> dueDates)
{
    private const int Chunk = 500;

    public async Task<Dictionary<OrganisationId, EnterpriseEvidence>> CollectAsync(IReadOnlyList<OrganisationId> organisations, int year, DateOnly evaluatedOn, CancellationToken cancellationToken)
    {
        var result = new Dictionary<OrganisationId, EnterpriseEvidence>();
        foreach (var chunk in organisations.Chunk(Chunk))
        {
            foreach (var (org, evidence) in await CollectChunkAsync(chunk, year, evaluatedOn, cancellationToken))
            {
                result[org] = evidence;
            }
        }

        return result;
    }

    private async Task<Dictionary<OrganisationId, EnterpriseEvidence>> CollectChunkAsync(OrganisationId[] orgs, int year, DateOnly evaluatedOn, CancellationToken cancellationToken)
    {
        var from = new DateOnly(year, 1, 1);
        var start = ChinaTime.EndOf(from.AddDays(-1)).UtcDateTime;
        var end = ChinaTime.EndOf(evaluatedOn).UtcDateTime;

        var labels = await db.Set<WasteContainer>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => orgs.Contains(c.OrganisationId) && c.DepositedAt >= start && c.DepositedAt < end)
            .GroupBy(c => c.OrganisationId)
            .Select(g => new { Org = g.Key, Deposited = g.Count(), Incomplete = g.Count(c => !(c.MainComponents != null && c.MainComponents != "" && c.Precautions != null && c.Precautions != "" && c.ContactName != null && c.ContactName != "" && c.ContactPhone != null && c.ContactPhone != "" && c.Characteristics != "" && c.ProducerName != "")) })
            .ToDictionaryAsync(x => x.Org, cancellationToken);

        // Containers stored during the period: deposited before its end, not collected before its start. Each container
        // carries the storage-limit date fixed at its deposit (generation date + Waste:Rules:StorageLimitDays, one year
        // by default: GB 18597-2023, "commonly one year" - WASTE.md marks the limit [R], so it is configuration, and
        // the same date drives the storage-age alerts). Over the limit: still stored after that date, or collected after it.
        var stored = await db.Set<WasteContainer>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => orgs.Contains(c.OrganisationId) && c.DepositedAt < end && (c.CollectedAt == null || c.CollectedAt >= start))
            .Select(c => new { c.OrganisationId, c.StorageLimitDate, c.CollectedAt })
            .ToListAsync(cancellationToken);
        var age = stored.GroupBy(c => c.OrganisationId).ToDictionary(g => g.Key, g => (
            Examined: g.Count(),
            Over: g.Count(c => (c.CollectedAt is { } collected ? WasteTime.LocalDate(collected) : evaluatedOn) > c.StorageLimitDate)));

        var incompatible = await db.Set<WasteAlert>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => orgs.Contains(a.OrganisationId) && a.Kind == AlertKind.IncompatibleDeposit && a.RaisedAt >= start && a.RaisedAt < end)
            .GroupBy(a => a.OrganisationId)
            .Select(g => new { Org = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Org, x => x.Count, cancellationToken);

        var planDue = DeclarationSchedule.PlanDueOn(year);
        var planDueEnd = ChinaTime.EndOf(planDue).UtcDateTime;
        var plansOnTime = (await db.Set<ManagementPlan>().IgnoreQueryFilters().AsNoTracking()
                .Where(p => orgs.Contains(p.OrganisationId) && p.Year == year && p.Status == ManagementPlanStatus.Filed && p.FiledAt < planDueEnd)
                .Select(p => p.OrganisationId)
                .ToListAsync(cancellationToken))
            .ToHashSet();

        var expected = await db.Set<WasteStream>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => orgs.Contains(s.OrganisationId) && s.IsActive)
            .GroupBy(s => s.OrganisationId)
            .Select(g => new { Org = g.Key, Grams = g.Sum(s => s.ExpectedAnnualG) })
            .ToDictionaryAsync(x => x.Org, x => x.Grams / 1000m, cancellationToken);
        var declarations = await db.Set<Declaration>().IgnoreQueryFilters().AsNoTracking()
            .Where(d => orgs.Contains(d.OrganisationId) && d.Status == DeclarationStatus.Submitted && d.PeriodFrom >= new DateOnly(year - 1, 1, 1))
            .Select(d => new { d.OrganisationId, d.Frequency, d.Year, d.PeriodIndex, d.DueOn, d.SubmittedAt })
            .ToListAsync(cancellationToken);

        var manifests = await db.Set<Manifest>().IgnoreQueryFilters().AsNoTracking()
            .Where(m => orgs.Contains(m.OrganisationId) && m.CreatedAt >= start && m.CreatedAt < end && m.Status != ManifestStatus.Cancelled)
            .Select(m => new { m.OrganisationId, m.Status, m.ConfirmationDeadline, m.DecidedAt, m.HasDiscrepancy })
            .ToListAsync(cancellationToken);

        var result = new Dictionary<OrganisationId, EnterpriseEvidence>();
        foreach (var org in orgs)
        {
            labels.TryGetValue(org, out var l);
            var a = age.GetValueOrDefault(org);

            // Declarations that fell due in the period, at the enterprise's current frequency (the previous year's
            // annual declaration falls due on 31 March of this year).
            var frequency = DeclarationSchedule.FrequencyFor(expected.GetValueOrDefault(org));
            var due = DeclarationSchedule.PeriodsOf(year - 1, frequency, dueDates.Value).Concat(DeclarationSchedule.PeriodsOf(year, frequency, dueDates.Value))
                .Where(p => p.DueOn >= from && p.DueOn < evaluatedOn)
                .ToList();
            var late = due.Count(p => !declarations.Any(d => d.OrganisationId == org && d.Frequency == p.Frequency && d.Year == p.Year && d.PeriodIndex == p.Index
                && d.SubmittedAt is { } at && WasteTime.LocalDate(at) <= p.DueOn));

            var own = manifests.Where(m => m.OrganisationId == org).ToList();
            var unconfirmed = own.Count(m => m.ConfirmationDeadline is { } deadline && deadline < evaluatedOn
                && (m.DecidedAt is null || WasteTime.LocalDate(m.DecidedAt.Value) > deadline));
            var flagged = own.Count(m => m.HasDiscrepancy);
            var open = own.Count(m => m.HasDiscrepancy && m.Status == ManifestStatus.Received);

            result[org] = new EnterpriseEvidence(
                l?.Deposited ?? 0, l?.Incomplete ?? 0, a.Examined, a.Over, incompatible.GetValueOrDefault(org),
                plansOnTime.Contains(org), evaluatedOn > planDue, due.Count, late, own.Count, unconfirmed, flagged, open);
        }

        return result;
    }
}
