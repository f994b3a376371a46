using GreenIsland.SharedKernel.Results;
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
