using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Reference;

/// <summary>Names jurisdictions for other modules (<see cref="IJurisdictionDirectory"/>), one query per call.</summary>
internal sealed class JurisdictionDirectory(PlatformDbContext db) : IJurisdictionDirectory
{
    public async Task<IReadOnlyDictionary<JurisdictionId, JurisdictionName>> NamesAsync(IReadOnlyCollection<JurisdictionId> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<JurisdictionId, JurisdictionName>();
        }

        var wanted = ids.Distinct().ToList();
        return await db.Jurisdictions.AsNoTracking()
            .Where(j => wanted.Contains(j.Id))
            .Select(j => new JurisdictionName(j.Id, j.Code, j.Name, j.NameEn))
            .ToDictionaryAsync(j => j.Id, cancellationToken);
    }
}
