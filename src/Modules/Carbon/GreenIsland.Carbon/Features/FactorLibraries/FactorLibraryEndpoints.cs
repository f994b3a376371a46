using System.Globalization;
using System.Text;
using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Carbon.Domain.Units;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.FactorLibraries;

internal sealed record FactorLibraryVersionResponse(
    Guid Id, string Code, int Version, string Name, string SourceDocument, string ContentSha256, bool IsShipped,
    string? ChangeNote, DateTime PublishedAt, string PublishedBy, bool IsLatest);

internal sealed record FactorValueResponse(string Component, decimal Value, string Unit, string Source, string Confidence);

internal sealed record FactorResponse(string Code, string Region, DateOnly ValidFrom, DateOnly ValidTo, string? Note, IReadOnlyList<FactorValueResponse> Values);

internal sealed record FactorLibraryDocument(FactorLibraryVersionResponse Library, IReadOnlyList<FactorResponse> Factors);

internal sealed record PublishFactorLibraryRequest(string? Code, string? Name, string? SourceDocument, string? ChangeNote, string? Csv);

internal sealed record UnitResponse(string Symbol, string Dimension);

internal static class FactorLibraryEndpoints
{
    private const int MaxCsvLength = 2_000_000;

    public static IEndpointRouteBuilder MapFactorLibraries(this IEndpointRouteBuilder api)
    {
        api.MapGet("/factor-libraries", ListAsync)
            .WithName("ListFactorLibraryVersions")
            .WithSummary("Lists every version of every factor library (reference data, immutable versions).")
            .WithTags("Carbon")
            .RequireTenancy(TenancyRule.SignedIn);

        api.MapGet("/factor-libraries/export", ExportAsync)
            .WithName("ExportFactorLibrary")
            .WithSummary("Exports one library version (latest when no version is given) as CSV (format=csv) or JSON (format=json).")
            .WithTags("Carbon")
            .RequireTenancy(TenancyRule.SignedIn);

        api.MapPost("/factor-libraries", PublishAsync)
            .WithName("PublishFactorLibraryVersion")
            .WithSummary("Publishes a new version of a factor library from CSV (a correction is a new version; results keep pointing at the old one).")
            .WithTags("Carbon")
            .RequireTenancy(TenancyRule.OperatorOnly);

        api.MapGet("/units", () => TypedResults.Ok(UnitCatalogue.All.OrderBy(u => u.Dimension).ThenBy(u => u.SizeInBase)
                .Select(u => new UnitResponse(u.Symbol, u.Dimension.ToString())).ToList()))
            .WithName("ListCarbonUnits")
            .WithSummary("Lists the case-sensitive unit symbols accepted for activity data, with their dimension.")
            .WithTags("Carbon")
            .RequireTenancy(TenancyRule.SignedIn);
        return api;
    }

    private static async Task<Ok<List<FactorLibraryVersionResponse>>> ListAsync(CarbonDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.FactorLibraries.AsNoTracking().OrderBy(l => l.Code).ThenBy(l => l.Version).ToListAsync(cancellationToken);
        var latest = rows.GroupBy(r => r.Code).ToDictionary(g => g.Key, g => g.Max(r => r.Version), StringComparer.Ordinal);
        return TypedResults.Ok(rows.Select(r => ToResponse(r, latest[r.Code] == r.Version)).ToList());
    }

    private static async Task<Results<FileContentHttpResult, Ok<FactorLibraryDocument>, ProblemHttpResult, ValidationProblem>> ExportAsync(
        string? code, int? version, string? format, CarbonDbContext db, FactorLibraryStore store, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("code", code, FactorLibraryVersionRow.CodeMaxLength);
        var fmt = format ?? "json";
        if (fmt is not ("csv" or "json"))
        {
            errors.Add("format", "Use csv or json.");
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        StoredLibrary? stored;
        if (version is { } v)
        {
            stored = await store.FindAsync(db, code!, v, cancellationToken);
        }
        else
        {
            stored = await db.FactorLibraries.AnyAsync(l => l.Code == code, cancellationToken) ? await store.LatestAsync(db, code!, cancellationToken) : null;
        }

        if (stored is null)
        {
            return TypedResults.Problem($"No factor library '{code}'{(version is null ? string.Empty : $" version {version}")}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (fmt == "csv")
        {
            var fileName = $"{stored.Row.Code}-v{stored.Row.Version.ToString(CultureInfo.InvariantCulture)}.csv";
            return TypedResults.File(Encoding.UTF8.GetBytes(stored.Row.ContentCsv), "text/csv; charset=utf-8", fileName);
        }

        var latest = await db.FactorLibraries.Where(l => l.Code == code).MaxAsync(l => l.Version, cancellationToken);
        return TypedResults.Ok(new FactorLibraryDocument(ToResponse(stored.Row, latest == stored.Row.Version),
            stored.Library.Factors.Select(f => new FactorResponse(f.Code, f.Region, f.ValidFrom, f.ValidTo, f.Note,
                f.Values.Select(x => new FactorValueResponse(x.Component, x.Value, x.Unit.Symbol, x.Source, x.Confidence == Confidence.Verified ? "V" : "R")).ToList())).ToList()));
    }

    private static async Task<Results<Created<FactorLibraryVersionResponse>, ValidationProblem>> PublishAsync(
        PublishFactorLibraryRequest request, CarbonDbContext db, FactorLibraryStore store, IActorContext actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("code", request.Code, FactorLibraryVersionRow.CodeMaxLength);
        errors.Required("sourceDocument", request.SourceDocument, FactorLibraryVersionRow.SourceMaxLength);
        errors.MaxLength("name", request.Name, FactorLibraryVersionRow.NameMaxLength);
        errors.MaxLength("changeNote", request.ChangeNote, FactorLibraryVersionRow.SourceMaxLength);
        if (request.Code is { } c && c.Any(ch => !(char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-')))
        {
            errors.Add("code", "Use lower-case letters, digits and '-' only.");
        }

        FactorCsvResult? parsed = null;
        if (string.IsNullOrWhiteSpace(request.Csv))
        {
            errors.Add("csv", "This field is required.");
        }
        else if (request.Csv.Length > MaxCsvLength)
        {
            errors.Add("csv", $"At most {MaxCsvLength} characters are allowed.");
        }
        else
        {
            parsed = FactorCsv.Parse(request.Csv);
            foreach (var error in parsed.Errors)
            {
                errors.Add(error.Line > 0 ? $"csv[{error.Line}].{error.Field}" : $"csv.{error.Field}", error.Message);
            }

            if (parsed.Errors.Count == 0 && parsed.Factors.Count == 0)
            {
                errors.Add("csv", "The file has no factors.");
            }
        }

        var existing = request.Code is null ? null
            : await db.FactorLibraries.AsNoTracking().Where(l => l.Code == request.Code).OrderByDescending(l => l.Version).FirstOrDefaultAsync(cancellationToken);
        if (existing is null && string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", "A new library needs a name.");
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        var row = await store.PublishAsync(db, request.Code!.Trim(), request.Name?.Trim() ?? existing!.Name, request.SourceDocument!.Trim(),
            FactorCsv.Write(parsed!.Factors), actor.Current.AuditName, request.ChangeNote?.Trim(), isShipped: false, cancellationToken);
        return TypedResults.Created($"/api/carbon/factor-libraries/export?code={row.Code}&version={row.Version}", ToResponse(row, true));
    }

    private static FactorLibraryVersionResponse ToResponse(FactorLibraryVersionRow r, bool isLatest) =>
        new(r.Id, r.Code, r.Version, r.Name, r.SourceDocument, r.ContentSha256, r.IsShipped, r.ChangeNote, r.PublishedAt, r.PublishedBy, isLatest);
}
