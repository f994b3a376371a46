using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Http;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Activities;

internal sealed record CreateActivityRequest(Guid? SiteId, string? Month, string? Kind, string? ActivityCode, decimal? Quantity, string? Unit, string? Note);

internal sealed record ImportActivitiesRequest(Guid? SiteId, string? Csv, bool ImportValidRows);

internal sealed record ActivityResponse(Guid Id, Guid OrganisationId, Guid SiteId, string Month, string Kind, string? ActivityCode,
    decimal Quantity, string Unit, string Source, string? Note, DateTime CreatedAt, string CreatedBy);

internal sealed record ImportRowError(int Line, string Field, string Message);

internal sealed record ImportReport(int Rows, int Imported, int Rejected, bool Applied, IReadOnlyList<ImportRowError> Errors);

internal static class ActivityEndpoints
{
    public static readonly string[] CsvHeader = ["month", "kind", "activity_code", "quantity", "unit", "note"];
    private const int MaxImportRows = 10_000;

    /// <summary>A year of monthly rows for many sites is far above the host's 1 MiB default; 20 MiB bounds the parse.</summary>
    public const long ImportBodyLimitBytes = 20 * 1024 * 1024;

    public static IEndpointRouteBuilder MapActivities(this IEndpointRouteBuilder api)
    {
        api.MapPost("/activities", CreateAsync)
            .WithName("CreateActivityRecord")
            .WithSummary("Records one month of activity data (electricity, certificates, PV, fuels, refrigerants) for a site of the caller's organisation.")
            .WithTags("Carbon")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapPost("/activities/import", ImportAsync)
            .WithName("ImportActivityRecords")
            .WithSummary("Imports activity data from CSV (month,kind,activity_code,quantity,unit,note) with a per-row error report; nothing is imported from a file with errors unless importValidRows is true.")
            .WithTags("Carbon")
            .WithRequestBodyLimit(ImportBodyLimitBytes)
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapGet("/activities", ListAsync)
            .WithName("ListActivityRecords")
            .WithSummary("Lists the activity records the caller may see, optionally for one site and year.")
            .WithTags("Carbon")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    internal static async Task<ActivityValidator> ValidatorAsync(CarbonDbContext db, FactorLibraryStore store, CancellationToken cancellationToken)
    {
        var fuels = await store.LatestAsync(db, ShippedLibraries.ChinaFuelGuideline, cancellationToken);
        var gases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var code in new[] { ShippedLibraries.GwpAr4, ShippedLibraries.GwpAr5, ShippedLibraries.GwpAr6 })
        {
            gases.UnionWith(new GwpSet((await store.LatestAsync(db, code, cancellationToken)).Library).Gases);
        }

        return new ActivityValidator(fuels.Library, gases);
    }

    private static async Task<(PlatformSiteView? Site, IResult? Problem)> EditableSiteAsync(Guid? siteId, CarbonDbContext db, Actor actor, CancellationToken cancellationToken)
    {
        if (siteId is not { } id)
        {
            return (null, CarbonProblems.Validation("siteId", "This field is required."));
        }

        var site = await db.PlatformSites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == new SiteId(id), cancellationToken);
        if (site is null || !CarbonAccess.CanEdit(actor, site.OrganisationId))
        {
            return (null, CarbonProblems.Validation("siteId", "No site of your organisation has this id."));
        }

        return (site, null);
    }

    private static async Task<Results<Created<ActivityResponse>, ValidationProblem>> CreateAsync(
        CreateActivityRequest request, CarbonDbContext db, FactorLibraryStore store, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (site, problem) = await EditableSiteAsync(request.SiteId, db, actor.Current, cancellationToken);
        var errors = new FieldErrors();
        var validator = await ValidatorAsync(db, store, cancellationToken);
        var valid = validator.Validate(
            new ActivityInputFields(request.Month, request.Kind, request.ActivityCode,
                request.Quantity?.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Unit, request.Note),
            (field, message) => errors.Add(field, message));
        if (problem is ValidationProblem vp)
        {
            foreach (var (field, messages) in vp.ProblemDetails.Errors)
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }
        }

        if (errors.Any || valid is null || site is null)
        {
            return CarbonProblems.Validation(errors);
        }

        var record = ToRecord(site, valid, ActivitySource.Manual, actor.Current.AuditName, clock.GetUtcNow().UtcDateTime);
        db.Activities.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/carbon/activities?siteId={site.Id}", ToResponse(record));
    }

    private static async Task<Results<Ok<ImportReport>, ValidationProblem>> ImportAsync(
        ImportActivitiesRequest request, CarbonDbContext db, FactorLibraryStore store, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (site, problem) = await EditableSiteAsync(request.SiteId, db, actor.Current, cancellationToken);
        if (problem is ValidationProblem vp)
        {
            return vp;
        }

        if (string.IsNullOrWhiteSpace(request.Csv))
        {
            return CarbonProblems.Validation("csv", "This field is required.");
        }

        var rows = CsvReader.Read(request.Csv);
        if (rows.Count == 0 || !rows[0].Select(h => h.Trim()).SequenceEqual(CsvHeader, StringComparer.Ordinal))
        {
            return CarbonProblems.Validation("csv", $"The first line must be: {string.Join(',', CsvHeader)}");
        }

        if (rows.Count - 1 > MaxImportRows)
        {
            return CarbonProblems.Validation("csv", $"At most {MaxImportRows} rows per file.");
        }

        var validator = await ValidatorAsync(db, store, cancellationToken);
        var errors = new List<ImportRowError>();
        var valid = new List<ValidActivity>();
        var dataRows = 0;
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Count == 1 && row[0].Trim().Length == 0)
            {
                continue;
            }

            dataRows++;
            var line = i + 1;
            if (row.Count != CsvHeader.Length)
            {
                errors.Add(new ImportRowError(line, "row", $"Expected {CsvHeader.Length} fields, found {row.Count}."));
                continue;
            }

            var activity = validator.Validate(new ActivityInputFields(row[0], row[1], row[2], row[3], row[4], row[5]),
                (field, message) => errors.Add(new ImportRowError(line, field, message)));
            if (activity is not null)
            {
                valid.Add(activity);
            }
        }

        var apply = valid.Count > 0 && (errors.Count == 0 || request.ImportValidRows);
        if (apply)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            db.Activities.AddRange(valid.Select(v => ToRecord(site!, v, ActivitySource.CsvImport, actor.Current.AuditName, now)));
            await db.SaveChangesAsync(cancellationToken);
        }

        var rejectedRows = errors.Select(e => e.Line).Distinct().Count();
        return TypedResults.Ok(new ImportReport(dataRows, apply ? valid.Count : 0, rejectedRows, apply, errors));
    }

    private static async Task<Results<Ok<List<ActivityResponse>>, ValidationProblem>> ListAsync(
        Guid? siteId, int? year, CarbonDbContext db, CancellationToken cancellationToken)
    {
        if (year is < 2000 or > 2100)
        {
            return CarbonProblems.Validation("year", "Give a year between 2000 and 2100.");
        }

        var query = db.Activities.AsNoTracking();
        if (siteId is { } s)
        {
            query = query.Where(a => a.SiteId == new SiteId(s));
        }

        if (year is { } y)
        {
            query = query.Where(a => a.Month >= new DateOnly(y, 1, 1) && a.Month <= new DateOnly(y, 12, 1));
        }

        var records = await query.OrderBy(a => a.Month).ThenBy(a => a.Id).Take(5_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(records.Select(ToResponse).ToList());
    }

    private static ActivityRecord ToRecord(PlatformSiteView site, ValidActivity v, ActivitySource source, string actor, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganisationId = site.OrganisationId,
        SiteId = site.Id,
        DistrictId = site.DistrictId,
        TownId = site.TownId,
        Month = v.Month,
        Kind = v.Kind,
        ActivityCode = v.ActivityCode,
        QuantityValue = v.Quantity,
        QuantityUnit = v.Unit,
        Source = source,
        Note = v.Note,
        CreatedAt = now,
        CreatedBy = actor,
    };

    internal static ActivityResponse ToResponse(ActivityRecord r) =>
        new(r.Id, r.OrganisationId.Value, r.SiteId.Value, r.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), r.Kind.ToString(),
            r.ActivityCode, r.QuantityValue, r.QuantityUnit, r.Source.ToString(), r.Note, r.CreatedAt, r.CreatedBy);
}
