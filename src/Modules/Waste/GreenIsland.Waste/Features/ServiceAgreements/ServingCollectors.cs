using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.ServiceAgreements;

/// <summary>
/// Which collector serves a generator on a date. Internal service for the rules (automatic pickup requests) and
/// waste-logistics; it reads past the query filters because it answers for the platform, not for the caller.
/// </summary>
internal sealed class ServingCollectors(WasteDbContext db)
{
    public async Task<OrganisationId?> CollectorOfAsync(OrganisationId generator, DateOnly date, CancellationToken cancellationToken)
    {
        var agreement = await db.Set<ServiceAgreement>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.GeneratorId == generator && a.ValidFrom <= date && (a.ValidTo == null || a.ValidTo >= date))
            .OrderByDescending(a => a.ValidFrom)
            .FirstOrDefaultAsync(cancellationToken);
        return agreement?.CollectorId;
    }

    /// <summary>The generators a collector serves on a date.</summary>
    public async Task<IReadOnlyList<OrganisationId>> GeneratorsOfAsync(OrganisationId collector, DateOnly date, CancellationToken cancellationToken) =>
        await db.Set<ServiceAgreement>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.CollectorId == collector && a.ValidFrom <= date && (a.ValidTo == null || a.ValidTo >= date))
            .Select(a => a.GeneratorId)
            .Distinct()
            .ToListAsync(cancellationToken);
}
