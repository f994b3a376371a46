using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GreenIsland.Platform.Features;

internal sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

internal readonly record struct Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 500;

    public int Skip => (Page - 1) * PageSize;

    public static Paging Validate(int? page, int? pageSize, FieldErrors errors)
    {
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (p < 1)
        {
            errors.Add("page", "The page number starts at 1.");
        }

        if (size is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"The page size must be between 1 and {MaxPageSize}.");
        }

        return new Paging(Math.Max(p, 1), Math.Clamp(size, 1, MaxPageSize));
    }
}

internal static class Problems
{
    public static ValidationProblem Validation(FieldErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is invalid.");

    public static ProblemHttpResult Conflict(string rule, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: rule);

    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
}

internal static class Text
{
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

}

/// <summary>
/// Display names of organisations and sites referenced by visible rows, even when the referenced row itself lies
/// outside the caller's scope (a regulator sees a site in its town owned by an organisation registered elsewhere).
/// IgnoreQueryFilters applies to a whole query, so it is used only in these separate lookups, never joined into a
/// query whose main rows must stay filtered.
/// </summary>
internal static class Names
{
    public static async Task<Dictionary<OrganisationId, string>> OfOrganisationsAsync(PlatformDbContext db, IEnumerable<OrganisationId> ids,
        CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var rows = await db.Organisations.IgnoreQueryFilters().AsNoTracking().Where(o => wanted.Contains(o.Id)).Select(o => new { o.Id, o.Name })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r.Name);
    }

    public static async Task<Dictionary<SiteId, string>> OfSitesAsync(PlatformDbContext db, IEnumerable<SiteId> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var rows = await db.Sites.IgnoreQueryFilters().AsNoTracking().Where(s => wanted.Contains(s.Id)).Select(s => new { s.Id, s.Name })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r.Name);
    }
}
