using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Organisations;

internal sealed record OrganisationResponse(
    Guid Id,
    string Name,
    OrganisationType Type,
    string CreditCode,
    Guid TownId,
    string TownName,
    Guid? JurisdictionId,
    string? ContactName,
    string? ContactPhone,
    bool IsDemo,
    int SiteCount,
    DateTime CreatedAt);

internal static class OrganisationProjection
{
    public static async Task<List<OrganisationResponse>> ToResponsesAsync(IQueryable<Organisation> query, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var rows = await (
                from o in query
                join t in db.Jurisdictions on o.TownId equals t.Id
                select new
                {
                    o.Id, o.Name, o.Type, o.CreditCode, o.TownId, TownName = t.Name, o.SupervisedJurisdictionId, o.ContactName, o.ContactPhone, o.IsDemo,
                    SiteCount = db.Sites.Count(s => s.OrganisationId == o.Id), o.CreatedAt,
                })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return rows.Select(r => new OrganisationResponse(r.Id.Value, r.Name, r.Type, r.CreditCode, r.TownId.Value, r.TownName,
            r.SupervisedJurisdictionId?.Value, r.ContactName, r.ContactPhone, r.IsDemo, r.SiteCount, r.CreatedAt)).ToList();
    }
}
