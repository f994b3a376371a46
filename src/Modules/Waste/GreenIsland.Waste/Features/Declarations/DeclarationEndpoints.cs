using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Features.Exports;
using GreenIsland.Waste.Features.Ledger;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Features.Declarations;

internal sealed record OpenDeclarationRequest(Guid? OrganisationId, int? Year, int? PeriodIndex);

internal sealed record SubmitDeclarationRequest(string? Note);

internal sealed record DeclarationLineResponse(int LineNo, string WasteCode, string WasteName, string Category, decimal OpeningKg, decimal GeneratedKg, decimal WeighingDifferenceKg,
    decimal TransferredKg, decimal ClosingKg);

internal sealed record DeclarationResponse(
    Guid Id, Guid OrganisationId, int Year, DeclarationFrequency Frequency, int PeriodIndex, string Period, DateOnly PeriodFrom, DateOnly PeriodTo,
    DateOnly DueOn, DeclarationStatus Status, bool Late, DateTime PrefilledAt, DateTime? SubmittedAt, string? SubmittedBy, string? Note,
    IReadOnlyList<DeclarationLineResponse> Lines);

/// <summary>One period of an enterprise's declaration schedule and where it stands.</summary>
internal sealed record DeclarationScheduleItem(string Period, int PeriodIndex, DateOnly PeriodFrom, DateOnly PeriodTo, DateOnly DueOn, string State, Guid? DeclarationId);

internal sealed record DeclarationScheduleResponse(Guid OrganisationId, int Year, DeclarationFrequency Frequency, decimal ExpectedAnnualKg, IReadOnlyList<DeclarationScheduleItem> Periods);

internal static class DeclarationEndpoints
{
    public static IEndpointRouteBuilder MapDeclarations(this IEndpointRouteBuilder api)
    {
        api.MapGet("/declarations/schedule", ScheduleAsync)
            .WithName("GetWasteDeclarationSchedule")
            .WithSummary("An enterprise's declaration periods for a year at its HJ 1259 tier frequency (from the expected annual quantity of its waste streams): due dates and state (NotDue, Open, Draft, Submitted, SubmittedLate, Overdue).")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapGet("/declarations", ListAsync)
            .WithName("ListWasteDeclarations")
            .WithSummary("Declarations the caller may see (own enterprise; regulator's jurisdiction; all for the operator).")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapGet("/declarations/{id:guid}", GetAsync)
            .WithName("GetWasteDeclaration")
            .WithSummary("One declaration with its lines (kg per waste code: opening stock, generated, transferred out, closing stock).")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapPost("/declarations", OpenAsync)
            .WithName("OpenWasteDeclaration")
            .WithSummary("Opens (or re-fills, while a draft) the declaration of a period, pre-filled from the waste ledger. Enterprise users for their own enterprise, or the operator.")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapPost("/declarations/{id:guid}/submit", SubmitAsync)
            .WithName("SubmitWasteDeclaration")
            .WithSummary("Submits a draft declaration (once), after its period has ended. Submission after the due date is recorded as late.")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapGet("/declarations/{id:guid}/export", ExportAsync)
            .WithName("ExportWasteDeclaration")
            .WithSummary("The declaration as CSV (format=csv) or XLSX (format=xlsx).")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<DeclarationScheduleResponse>, ValidationProblem, ProblemHttpResult>> ScheduleAsync(
        Guid? organisationId, int? year, WasteDbContext db, OversightAccess access, LedgerSource source, TimeProvider clock, IOptions<DeclarationDueDates> dueDates,
        CancellationToken cancellationToken)
    {
        var today = WasteTime.Today(clock);
        var y = year ?? today.Year;
        if (y is < 2000 or > 2100)
        {
            return WasteProblems.Validation("year", "Must be between 2000 and 2100.");
        }

        var organisation = organisationId is { } o ? new OrganisationId(o) : access.Actor.OrganisationId;
        if (await access.VisibleEnterpriseAsync(organisation, cancellationToken) is null)
        {
            return WasteProblems.NotFound("No enterprise you can see has this id.");
        }

        var expectedKg = await source.ExpectedAnnualKgAsync(organisation, cancellationToken);
        var frequency = DeclarationSchedule.FrequencyFor(expectedKg);
        var existing = await db.Set<Declaration>().IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.OrganisationId == organisation && d.Year == y && d.Frequency == frequency)
            .ToListAsync(cancellationToken);
        var items = DeclarationSchedule.PeriodsOf(y, frequency, dueDates.Value).Select(p =>
        {
            var d = existing.FirstOrDefault(x => x.PeriodIndex == p.Index);
            var state = d?.Status == DeclarationStatus.Submitted ? (d.SubmittedLate ? "SubmittedLate" : "Submitted")
                : today > p.DueOn ? "Overdue"
                : d is not null ? "Draft"
                : today > p.To ? "Open" : "NotDue";
            return new DeclarationScheduleItem(p.Label, p.Index, p.From, p.To, p.DueOn, state, d?.Id);
        }).ToList();
        return TypedResults.Ok(new DeclarationScheduleResponse(organisation.Value, y, frequency, expectedKg, items));
    }

    private static async Task<Results<Ok<List<DeclarationResponse>>, ValidationProblem>> ListAsync(
        Guid? organisationId, int? year, DeclarationStatus? status, WasteDbContext db, CancellationToken cancellationToken)
    {
        if (year is < 2000 or > 2100)
        {
            return WasteProblems.Validation("year", "Must be between 2000 and 2100.");
        }

        var query = db.Set<Declaration>().AsNoTracking().Include(d => d.Lines).AsQueryable();
        if (organisationId is { } o)
        {
            query = query.Where(d => d.OrganisationId == new OrganisationId(o));
        }

        if (year is { } y)
        {
            query = query.Where(d => d.Year == y);
        }

        if (status is { } s)
        {
            query = query.Where(d => d.Status == s);
        }

        var list = await query.OrderByDescending(d => d.PeriodFrom).ThenBy(d => d.OrganisationId).Take(2_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(ToResponse).ToList());
    }

    private static async Task<Results<Ok<DeclarationResponse>, ProblemHttpResult>> GetAsync(Guid id, WasteDbContext db, CancellationToken cancellationToken)
    {
        var declaration = await db.Set<Declaration>().AsNoTracking().Include(d => d.Lines).SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        return declaration is null ? WasteProblems.NotFound("No declaration you can see has this id.") : TypedResults.Ok(ToResponse(declaration));
    }

    private static async Task<Results<Ok<DeclarationResponse>, ValidationProblem, ProblemHttpResult>> OpenAsync(
        OpenDeclarationRequest request, WasteDbContext db, OversightAccess access, LedgerSource source, TimeProvider clock, IOptions<DeclarationDueDates> dueDates,
        CancellationToken cancellationToken)
    {
        var actor = access.Actor;
        var organisation = request.OrganisationId is { } o ? new OrganisationId(o) : actor.OrganisationId;
        if (!WasteAccess.CanActForGenerator(actor, organisation))
        {
            return WasteProblems.Forbidden("Declarations are made by the enterprise's own users or the operator.");
        }

        var org = await access.VisibleEnterpriseAsync(organisation, cancellationToken);
        var errors = new FieldErrors();
        if (org is null)
        {
            errors.Add("organisationId", "No enterprise you may act for has this id.");
        }

        if (request.Year is not { } year || year is < 2000 or > 2100)
        {
            errors.Add("year", "Must be between 2000 and 2100.");
            return WasteProblems.Validation(errors);
        }

        var frequency = org is null ? DeclarationFrequency.Annual : DeclarationSchedule.FrequencyFor(await source.ExpectedAnnualKgAsync(organisation, cancellationToken));
        if (!DeclarationSchedule.TryGetPeriod(year, frequency, request.PeriodIndex ?? 0, out var period, dueDates.Value))
        {
            errors.Add("periodIndex", $"The enterprise declares {frequency.ToString().ToLowerInvariant()}: the period index is 1 to {(int)frequency}.");
        }
        else if (period.To >= WasteTime.Today(clock))
        {
            errors.Add("periodIndex", $"The period {period.Label} ends on {period.To:yyyy-MM-dd}; it can be declared from the next day.");
        }

        if (errors.Any || org is null)
        {
            return WasteProblems.Validation(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var declaration = await db.Set<Declaration>().Include(d => d.Lines)
            .SingleOrDefaultAsync(d => d.OrganisationId == organisation && d.Year == year && d.Frequency == frequency && d.PeriodIndex == period.Index, cancellationToken);
        if (declaration is { Status: DeclarationStatus.Submitted })
        {
            return WasteProblems.Conflict("ASubmittedDeclarationIsARecord", $"The declaration for {period.Label} was submitted on {declaration.SubmittedAt:yyyy-MM-dd}.");
        }

        var book = await source.BookAsync(organisation, period.From, period.To, cancellationToken);
        if (declaration is null)
        {
            declaration = Declaration.Open(organisation, org.DistrictId, org.TownId, period, now);
            db.Add(declaration);
        }
        else
        {
            db.RemoveRange(declaration.Lines);
        }

        declaration.Prefill(book.Totals, now);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(declaration));
    }

    private static async Task<Results<Ok<DeclarationResponse>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        Guid id, SubmitDeclarationRequest request, WasteDbContext db, OversightAccess access, ILedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = access.Actor;
        var declaration = await db.Set<Declaration>().Include(d => d.Lines).SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (declaration is null)
        {
            return WasteProblems.NotFound("No declaration you can see has this id.");
        }

        if (!WasteAccess.CanActForGenerator(actor, declaration.OrganisationId))
        {
            return WasteProblems.Forbidden("Declarations are submitted by the enterprise's own users or the operator.");
        }

        if (request.Note is { Length: > Declaration.NoteMaxLength })
        {
            return WasteProblems.Validation("note", $"At most {Declaration.NoteMaxLength} characters.");
        }

        if (declaration.Status == DeclarationStatus.Submitted)
        {
            return WasteProblems.Conflict("ADeclarationIsSubmittedOnce", $"The declaration was already submitted on {declaration.SubmittedAt:yyyy-MM-dd}.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        declaration.Submit(request.Note, now, actor.AuditName);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"waste-declaration/{declaration.Id}", "DeclarationSubmitted", new JsonObject
        {
            ["declarationId"] = declaration.Id,
            ["period"] = $"{declaration.PeriodFrom:yyyy-MM-dd}..{declaration.PeriodTo:yyyy-MM-dd}",
            ["frequency"] = declaration.Frequency.ToString(),
            ["late"] = declaration.SubmittedLate,
            ["lines"] = new JsonArray(declaration.Lines.OrderBy(l => l.LineNo).Select(l => (JsonNode)new JsonObject
            {
                ["wasteCode"] = l.WasteCode, ["openingG"] = l.OpeningG, ["generatedG"] = l.GeneratedG, ["weighingDifferenceG"] = l.WeighingDifferenceG,
                ["transferredG"] = l.TransferredG, ["closingG"] = l.ClosingG,
            }).ToArray()),
            ["actor"] = actor.AuditName,
        }, declaration.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ToResponse(declaration));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        Guid id, string? format, WasteDbContext db, CancellationToken cancellationToken)
    {
        if (format is not ("csv" or "xlsx"))
        {
            return WasteProblems.Validation("format", "Must be csv or xlsx.");
        }

        var d = await db.Set<Declaration>().AsNoTracking().Include(x => x.Lines).SingleOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (d is null)
        {
            return WasteProblems.NotFound("No declaration you can see has this id.");
        }

        var r = ToResponse(d);
        var table = new ExportTable($"申报 {r.Period}", ["废物代码", "废物名称", "类别", "期初贮存(kg)", "产生量(kg)", "称重差异(kg)", "转移量(kg)", "期末贮存(kg)"],
            r.Lines.Select(l => (IReadOnlyList<object?>)[l.WasteCode, l.WasteName, l.Category, l.OpeningKg, l.GeneratedKg, l.WeighingDifferenceKg, l.TransferredKg, l.ClosingKg])
                .ToList());
        var name = $"declaration-{r.Period}";
        return format == "csv"
            ? TypedResults.File(TableExport.ToCsv(table), TableExport.CsvContentType, name + ".csv")
            : TypedResults.File(TableExport.ToXlsx([table]), TableExport.XlsxContentType, name + ".xlsx");
    }

    private static DeclarationResponse ToResponse(Declaration d)
    {
        DeclarationSchedule.TryGetPeriod(d.Year, d.Frequency, d.PeriodIndex, out var period);
        return new DeclarationResponse(d.Id, d.OrganisationId.Value, d.Year, d.Frequency, d.PeriodIndex, period.Label, d.PeriodFrom, d.PeriodTo, d.DueOn, d.Status,
            d.SubmittedLate, d.PrefilledAt, d.SubmittedAt, d.SubmittedBy, d.Note,
            d.Lines.OrderBy(l => l.LineNo).Select(l => new DeclarationLineResponse(l.LineNo, l.WasteCode, l.WasteName, l.Category,
                l.OpeningG / 1000m, l.GeneratedG / 1000m, l.WeighingDifferenceG / 1000m, l.TransferredG / 1000m, l.ClosingG / 1000m)).ToList());
    }
}
