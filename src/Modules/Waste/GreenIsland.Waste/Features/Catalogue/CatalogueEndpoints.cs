using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Http;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Waste.Domain.Catalogue;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.Catalogue;

internal sealed record CatalogueEditionResponse(string Code, string Name, DateOnly EffectiveFrom, string Source, string Confidence, int Categories, int Codes);

internal sealed record WasteCategoryResponse(string Edition, string Code, int Number, string Name, string NameEn, string Source, string Confidence);

internal sealed record WasteCodeResponse(string Edition, string Code, string CategoryCode, string CategoryName, string Name, IReadOnlyList<string> Characteristics,
    string? ExemptionNote, string Source, string Confidence, bool IsShipped);

internal sealed record ImportCatalogueRequest(string? Csv, bool ImportValidRows, bool DryRun);

internal sealed record CatalogueImportReport(int Rows, int Inserted, int Updated, int Rejected, bool Applied, IReadOnlyList<CatalogueRowError> Errors);

internal static class CatalogueEndpoints
{
    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/catalogue").WithTags("Waste catalogue");
        group.MapGet("/editions", EditionsAsync)
            .WithName("ListWasteCatalogueEditions")
            .WithSummary("Editions of the National Hazardous Waste List (2021, 2025) with their legal source and counts.")
            .RequireTenancy(TenancyRule.SignedIn);
        group.MapGet("/categories", CategoriesAsync)
            .WithName("ListWasteCategories")
            .WithSummary("The 46 categories (HW01-HW40, HW45-HW50) of an edition (default: the latest).")
            .RequireTenancy(TenancyRule.SignedIn);
        group.MapGet("/codes", CodesAsync)
            .WithName("ListWasteCodes")
            .WithSummary("Waste codes of an edition (default: the latest), optionally of one category or matching q (code or name).")
            .RequireTenancy(TenancyRule.SignedIn);
        group.MapPost("/import", ImportAsync)
            .WithName("ImportWasteCodes")
            .WithSummary("Operator: imports codes from CSV (code,name,category,characteristics,edition[,exemption_note][,source]) with a per-row report. Nothing is written when any row is invalid unless importValidRows; dryRun only validates.")
            .WithRequestBodyLimit(20 * 1024 * 1024)
            .RequireTenancy(TenancyRule.OperatorOnly);
        return api;
    }

    private static async Task<Ok<List<CatalogueEditionResponse>>> EditionsAsync(WasteDbContext db, CancellationToken cancellationToken)
    {
        var editions = await db.Set<CatalogueEdition>().AsNoTracking().OrderBy(e => e.EffectiveFrom).ToListAsync(cancellationToken);
        var categories = await db.Set<WasteCategoryEntry>().GroupBy(c => c.Edition).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var codes = await db.Set<WasteCodeEntry>().GroupBy(c => c.Edition).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return TypedResults.Ok(editions.Select(e => new CatalogueEditionResponse(e.Code, e.Name, e.EffectiveFrom, e.Source, e.Confidence,
            categories.GetValueOrDefault(e.Code), codes.GetValueOrDefault(e.Code))).ToList());
    }

    internal static async Task<string?> LatestEditionAsync(WasteDbContext db, CancellationToken cancellationToken) =>
        await db.Set<CatalogueEdition>().OrderByDescending(e => e.EffectiveFrom).Select(e => e.Code).FirstOrDefaultAsync(cancellationToken);

    private static async Task<Results<Ok<List<WasteCategoryResponse>>, ValidationProblem>> CategoriesAsync(string? edition, WasteDbContext db, CancellationToken cancellationToken)
    {
        edition ??= await LatestEditionAsync(db, cancellationToken);
        if (!await db.Set<CatalogueEdition>().AnyAsync(e => e.Code == edition, cancellationToken))
        {
            return WasteProblems.Validation("edition", $"Unknown edition '{edition}'.");
        }

        var categories = await db.Set<WasteCategoryEntry>().AsNoTracking().Where(c => c.Edition == edition).OrderBy(c => c.Number).ToListAsync(cancellationToken);
        return TypedResults.Ok(categories.Select(c => new WasteCategoryResponse(c.Edition, c.Code, c.Number, c.Name, c.NameEn, c.Source, c.Confidence)).ToList());
    }

    private static async Task<Results<Ok<List<WasteCodeResponse>>, ValidationProblem>> CodesAsync(string? edition, string? category, string? q, WasteDbContext db,
        CancellationToken cancellationToken)
    {
        edition ??= await LatestEditionAsync(db, cancellationToken);
        if (!await db.Set<CatalogueEdition>().AnyAsync(e => e.Code == edition, cancellationToken))
        {
            return WasteProblems.Validation("edition", $"Unknown edition '{edition}'.");
        }

        var query = db.Set<WasteCodeEntry>().AsNoTracking().Where(c => c.Edition == edition);
        if (category is not null)
        {
            if (!WasteCategories.TryParse(category, out var number, out var reason))
            {
                return WasteProblems.Validation("category", reason);
            }

            var categoryCode = WasteCategories.Code(number);
            query = query.Where(c => c.CategoryCode == categoryCode);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            query = query.Where(c => c.Code.Contains(term) || c.Name.Contains(term));
        }

        var codes = await query.OrderBy(c => c.Code).Take(2_000).ToListAsync(cancellationToken);
        var names = await db.Set<WasteCategoryEntry>().Where(c => c.Edition == edition).ToDictionaryAsync(c => c.Code, c => c.Name, cancellationToken);
        return TypedResults.Ok(codes.Select(c => ToResponse(c, names.GetValueOrDefault(c.CategoryCode, c.CategoryCode))).ToList());
    }

    internal static WasteCodeResponse ToResponse(WasteCodeEntry c, string categoryName) =>
        new(c.Edition, c.Code, c.CategoryCode, categoryName, c.Name, c.Characteristics.Split(',', StringSplitOptions.RemoveEmptyEntries), c.ExemptionNote, c.Source,
            c.Confidence, c.IsShipped);

    private static async Task<Results<Ok<CatalogueImportReport>, ValidationProblem>> ImportAsync(
        ImportCatalogueRequest request, WasteDbContext db, ILedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Csv))
        {
            return WasteProblems.Validation("csv", "This field is required.");
        }

        var editions = (await db.Set<CatalogueEdition>().Select(e => e.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var (valid, errors, dataRows, headerError) = CatalogueCsv.Validate(request.Csv, editions);
        if (headerError is not null)
        {
            return WasteProblems.Validation("csv", headerError);
        }

        var apply = !request.DryRun && valid.Count > 0 && (errors.Count == 0 || request.ImportValidRows);
        int inserted = 0, updated = 0;
        if (apply)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var existing = await db.Set<WasteCodeEntry>().ToDictionaryAsync(c => (c.Edition, c.Code), cancellationToken);
            foreach (var row in valid)
            {
                var characteristics = HazardCharacteristics.Format(row.Characteristics);
                if (existing.TryGetValue((row.Edition, row.Code.Value), out var entry))
                {
                    entry.Name = row.Name;
                    entry.Characteristics = characteristics;
                    entry.ExemptionNote = row.ExemptionNote;
                    entry.Source = row.Source ?? $"operator import ({actor.Current.AuditName}, {now:yyyy-MM-dd})";
                    entry.Confidence = "V";
                    entry.UpdatedAt = now;
                    entry.UpdatedBy = actor.Current.AuditName;
                    updated++;
                }
                else
                {
                    db.Add(new WasteCodeEntry
                    {
                        Id = Guid.CreateVersion7(),
                        Edition = row.Edition,
                        Code = row.Code.Value,
                        CategoryCode = row.Code.CategoryCode,
                        Name = row.Name,
                        Characteristics = characteristics,
                        ExemptionNote = row.ExemptionNote,
                        Source = row.Source ?? $"operator import ({actor.Current.AuditName}, {now:yyyy-MM-dd})",
                        Confidence = "V",
                        IsShipped = false,
                        UpdatedAt = now,
                        UpdatedBy = actor.Current.AuditName,
                    });
                    inserted++;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var edition in valid.Select(v => v.Edition).Distinct(StringComparer.Ordinal))
            {
                await ledger.AppendAsync(db, new LedgerRecord($"waste-catalogue/{edition}", "WasteCodesImported", new JsonObject
                {
                    ["edition"] = edition,
                    ["codes"] = new JsonArray(valid.Where(v => v.Edition == edition).Select(v => (JsonNode)JsonValue.Create(v.Code.Value)!).ToArray()),
                    ["actor"] = actor.Current.AuditName,
                }, null), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        var rejected = errors.Select(e => e.Line).Distinct().Count();
        return TypedResults.Ok(new CatalogueImportReport(dataRows, inserted, updated, rejected, apply, errors));
    }
}
