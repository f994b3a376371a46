using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Features.Exports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Waste.Features.Ledger;

internal sealed record LedgerEntryResponse(
    DateTime At, DateOnly Date, LedgerEntryKind Kind, string? WasteCode, string? WasteName, string? Category, string? ContainerCode,
    string? ManifestNumber, decimal? InKg, decimal? OutKg, decimal? StockAfterKg, string? Note);

/// <summary>Per waste code: opening + generated + weighing difference (称重差异) - transferred = closing.</summary>
internal sealed record LedgerTotalsResponse(string WasteCode, string WasteName, string Category, decimal OpeningKg, decimal GeneratedKg, decimal WeighingDifferenceKg,
    decimal TransferredKg, decimal ClosingKg);

internal sealed record LedgerResponse(Guid OrganisationId, string OrganisationName, DateOnly From, DateOnly To, IReadOnlyList<LedgerTotalsResponse> Totals, IReadOnlyList<LedgerEntryResponse> Entries);

internal static class LedgerEndpoints
{
    private const int MaxDays = 366;

    public static IEndpointRouteBuilder MapWasteLedger(this IEndpointRouteBuilder api)
    {
        api.MapGet("/ledger", GetAsync)
            .WithName("GetWasteLedger")
            .WithSummary("The enterprise's hazardous-waste ledger (台账) for a period of at most 366 days, generated from its containers (deposits, collections) and manifests: entries with the stock after each, and totals per waste code. The enterprise itself, its regulator, its serving collector, or the operator.")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapGet("/ledger/export", ExportAsync)
            .WithName("ExportWasteLedger")
            .WithSummary("The ledger as CSV (format=csv, entries) or XLSX (format=xlsx, sheets: totals and entries).")
            .WithTags("Waste plans and declarations")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Ok<LedgerResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid? organisationId, DateOnly? from, DateOnly? to, int? year, OversightAccess access, LedgerSource source, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (response, invalid, missing) = await LoadAsync(organisationId, from, to, year, access, source, clock, cancellationToken);
        return response is not null ? TypedResults.Ok(response) : invalid is not null ? invalid : missing!;
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ExportAsync(
        Guid? organisationId, DateOnly? from, DateOnly? to, int? year, string? format, OversightAccess access, LedgerSource source, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (format is not ("csv" or "xlsx"))
        {
            return WasteProblems.Validation("format", "Must be csv or xlsx.");
        }

        var (r, invalid, missing) = await LoadAsync(organisationId, from, to, year, access, source, clock, cancellationToken);
        if (r is null)
        {
            return invalid is not null ? invalid : missing!;
        }

        var entries = new ExportTable("台账明细", ["日期", "类型", "废物代码", "废物名称", "类别", "容器编码", "联单编号", "入库(kg)", "出库(kg)", "结存(kg)", "备注"],
            r.Entries.Select(e => (IReadOnlyList<object?>)[e.Date, KindName(e.Kind), e.WasteCode, e.WasteName, e.Category, e.ContainerCode, e.ManifestNumber, e.InKg, e.OutKg, e.StockAfterKg, e.Note]).ToList());
        var totals = new ExportTable("汇总", ["废物代码", "废物名称", "类别", "期初贮存(kg)", "产生量(kg)", "称重差异(kg)", "转移量(kg)", "期末贮存(kg)"],
            r.Totals.Select(t => (IReadOnlyList<object?>)[t.WasteCode, t.WasteName, t.Category, t.OpeningKg, t.GeneratedKg, t.WeighingDifferenceKg, t.TransferredKg, t.ClosingKg])
                .ToList());
        var name = $"ledger-{r.From:yyyyMMdd}-{r.To:yyyyMMdd}";
        return format == "csv"
            ? TypedResults.File(TableExport.ToCsv(entries), TableExport.CsvContentType, name + ".csv")
            : TypedResults.File(TableExport.ToXlsx([totals, entries]), TableExport.XlsxContentType, name + ".xlsx");
    }

    private static string KindName(LedgerEntryKind kind) => kind switch
    {
        LedgerEntryKind.Generated => "产生入库",
        LedgerEntryKind.TransferredOut => "转移出库",
        _ => "联单",
    };

    private static async Task<(LedgerResponse? Response, ValidationProblem? Invalid, ProblemHttpResult? Missing)> LoadAsync(
        Guid? organisationId, DateOnly? from, DateOnly? to, int? year, OversightAccess access, LedgerSource source, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = WasteTime.Today(clock);
        var errors = new FieldErrors();
        if (year is { } y && (y < 2000 || y > today.Year))
        {
            errors.Add("year", $"Must be between 2000 and {today.Year}.");
            return (null, WasteProblems.Validation(errors), null);
        }

        if (year is not null && (from is not null || to is not null))
        {
            errors.Add("year", "Give either year or from/to, not both.");
            return (null, WasteProblems.Validation(errors), null);
        }

        var end = to ?? (year is { } whole ? (whole == today.Year ? today : new DateOnly(whole, 12, 31)) : today);
        var start = from ?? new DateOnly(year ?? end.Year, 1, 1);
        if (end < start)
        {
            errors.Add("to", "Must not be before from.");
        }
        else if (end.DayNumber - start.DayNumber >= MaxDays)
        {
            errors.Add("to", $"A ledger covers at most {MaxDays} days.");
        }

        var organisation = organisationId is { } o ? new OrganisationId(o) : access.Actor.OrganisationId;
        if (organisation == default)
        {
            errors.Add("organisationId", "This field is required.");
        }

        if (errors.Any)
        {
            return (null, WasteProblems.Validation(errors), null);
        }

        var org = await access.VisibleEnterpriseAsync(organisation, cancellationToken);
        if (org is null)
        {
            return (null, null, WasteProblems.NotFound("No enterprise you can see has this id."));
        }

        var book = await source.BookAsync(organisation, start, end, cancellationToken);
        return (new LedgerResponse(org.Id.Value, org.Name, start, end,
            book.Totals.Select(t => new LedgerTotalsResponse(t.WasteCode, t.WasteName, t.Category, t.OpeningG / 1000m, t.GeneratedG / 1000m, t.WeighingDifferenceG / 1000m,
                t.TransferredG / 1000m, t.ClosingG / 1000m)).ToList(),
            book.Entries.Select(e => new LedgerEntryResponse(e.At, e.Date, e.Kind, e.WasteCode, e.WasteName, e.Category, e.ContainerCode, e.ManifestNumber,
                e.InG / 1000m, e.OutG / 1000m, e.StockAfterG / 1000m, e.Note)).ToList()), null, null);
    }
}
