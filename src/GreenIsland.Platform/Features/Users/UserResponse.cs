using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Users;

internal sealed record UserResponse(
    Guid Id,
    string UserName,
    string DisplayName,
    string? Email,
    string? Phone,
    Guid OrganisationId,
    string OrganisationName,
    IReadOnlyList<string> Roles,
    bool IsActive,
    bool MustChangePassword,
    DateTime? LockedOutUntil);

internal static class UserProjection
{
    public static async Task<List<UserResponse>> ToResponsesAsync(IQueryable<PlatformUser> query, PlatformDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var users = await query.AsNoTracking().ToListAsync(cancellationToken);
        var organisations = await Names.OfOrganisationsAsync(db, users.Select(u => u.OrganisationId), cancellationToken);
        var rows = users.Select(u => new { User = u, OrganisationName = organisations.GetValueOrDefault(u.OrganisationId, string.Empty) }).ToList();
        var ids = rows.Select(r => r.User.Id).ToList();
        var roles = await (
                from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                where ids.Contains(ur.UserId)
                select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var rolesByUser = roles.ToLookup(r => r.UserId, r => r.Name);
        return rows.Select(r =>
        {
            var lockout = r.User.LockoutEnd?.UtcDateTime;
            return new UserResponse(r.User.Id, r.User.UserName ?? string.Empty, r.User.DisplayName, r.User.Email, r.User.PhoneNumber,
                r.User.OrganisationId.Value, r.OrganisationName,
                PlatformRoles.All.Where(role => rolesByUser[r.User.Id].Contains(role)).ToList(),
                r.User.IsActive, r.User.MustChangePassword, lockout > now ? lockout : null);
        }).ToList();
    }

    public static JsonObject Payload(PlatformUser user, IEnumerable<string> roles) => new()
    {
        ["id"] = user.Id.ToString("D"),
        ["userName"] = user.UserName,
        ["displayName"] = user.DisplayName,
        ["organisationId"] = user.OrganisationId.Value.ToString("D"),
        ["roles"] = new JsonArray(roles.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray()),
        ["isActive"] = user.IsActive,
    };
}
