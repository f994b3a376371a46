using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Auth;

internal sealed record MeResponse(
    Guid UserId,
    string UserName,
    string DisplayName,
    Guid OrganisationId,
    string OrganisationName,
    OrganisationType OrganisationType,
    IReadOnlyList<string> Roles,
    Guid? JurisdictionId,
    bool MustChangePassword);

internal static class MeQuery
{
    /// <summary>The signed-in user's own profile; their own organisation is always visible to them.</summary>
    public static async Task<MeResponse?> LoadAsync(PlatformDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var row = await (
                from u in db.Users
                join o in db.Organisations.IgnoreQueryFilters() on u.OrganisationId equals o.Id
                where u.Id == userId
                select new { u.Id, u.UserName, u.DisplayName, u.MustChangePassword, OrganisationId = o.Id, o.Name, o.Type, o.SupervisedJurisdictionId })
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var roles = await (
                from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                where ur.UserId == userId
                select r.Name)
            .ToListAsync(cancellationToken);
        var ordered = PlatformRoles.All.Where(r => roles.Contains(r)).ToList();
        return new MeResponse(row.Id, row.UserName ?? string.Empty, row.DisplayName, row.OrganisationId.Value, row.Name, row.Type, ordered,
            row.SupervisedJurisdictionId?.Value, row.MustChangePassword);
    }
}
