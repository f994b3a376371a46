using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features;

/// <summary>
/// Names people for the pages: audit records keep the stable <c>user:{userName}</c> form (it survives a rename), and
/// responses add the person's display name beside it. Anything that is not a known user (the system, a rule, a device,
/// a deleted account) keeps its audit form.
/// </summary>
internal sealed class ActorNames(WasteDbContext db)
{
    private const string UserPrefix = "user:";

    /// <summary>Display names by audit name, for the given audit names (unknown ones map to themselves).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ResolveAsync(IEnumerable<string?> auditNames, CancellationToken cancellationToken)
    {
        var wanted = auditNames.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var userNames = wanted.Where(a => a.StartsWith(UserPrefix, StringComparison.Ordinal)).Select(a => a[UserPrefix.Length..]).ToList();
        var found = userNames.Count == 0
            ? []
            : await db.Set<PlatformUserView>().AsNoTracking().Where(u => u.UserName != null && userNames.Contains(u.UserName))
                .Select(u => new { u.UserName, u.DisplayName }).ToListAsync(cancellationToken);
        var names = wanted.ToDictionary(a => a, a => a, StringComparer.Ordinal);
        foreach (var u in found)
        {
            if (!string.IsNullOrWhiteSpace(u.DisplayName))
            {
                names[UserPrefix + u.UserName] = u.DisplayName;
            }
        }

        return names;
    }

    public async Task<string?> ResolveAsync(string? auditName, CancellationToken cancellationToken) =>
        auditName is null ? null : (await ResolveAsync([auditName], cancellationToken))[auditName];
}
