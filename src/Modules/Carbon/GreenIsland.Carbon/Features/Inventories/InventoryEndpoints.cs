using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Carbon.Domain.Units;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Carbon.Reports;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Inventories;

internal sealed record CreateInventoryRequest(string? Name, int? Year, IReadOnlyList<Guid>? SiteIds, string? GridRegion, string? GwpSet);

internal sealed record InventorySummary(Guid Id, Guid OrganisationId, string Name, DateOnly PeriodFrom, DateOnly PeriodTo, string Status,
    decimal? Scope1Tco2e, decimal? Scope2LocationTco2e, decimal? Scope2MarketTco2e, decimal? EnergyTce, DateTime? CalculatedAt);

internal sealed record BreakdownRow(string Key, string Scope, decimal Tco2e);

internal sealed record LineResponse(Guid Id, Guid? ActivityRecordId, Guid SiteId, string Month, string Scope, string Category, string Gas,
    decimal GasMassKg, decimal Gwp, decimal Co2eKg, Guid FactorLibraryVersionId, string FactorLibrary, int FactorLibraryVersion,
    string FactorCode, string FactorRegion, DateOnly FactorValidFrom, Guid? GwpLibraryVersionId);

internal sealed record RecalculationResponse(DateTime At, string By, string Reason, decimal? PreviousScope1Tco2e, decimal? PreviousScope2LocationTco2e,
    decimal? PreviousScope2MarketTco2e, decimal Scope1Tco2e, decimal Scope2LocationTco2e, decimal Scope2MarketTco2e);

internal sealed record InventoryResponse(
    Guid Id, Guid OrganisationId, string Name, DateOnly PeriodFrom, DateOnly PeriodTo, string GridRegion, string GwpSet, string Status,
    IReadOnlyList<Guid> SiteIds, decimal? Scope1Tco2e, decimal? Scope2LocationTco2e, decimal? Scope2MarketTco2e, decimal? EnergyTce,
    bool ResidualStandInUsed, IReadOnlyList<string> Notes, DateTime CreatedAt, DateTime? CalculatedAt, DateTime? SubmittedAt, DateTime? ApprovedAt,
    IReadOnlyList<BreakdownRow> ByGas, IReadOnlyList<BreakdownRow> BySite, IReadOnlyList<BreakdownRow> ByMonth,
    IReadOnlyList<LineResponse> Lines, IReadOnlyList<RecalculationResponse> Recalculations);

internal static class InventoryEndpoints
{
    private static readonly string[] GwpSets = [ShippedLibraries.GwpAr4, ShippedLibraries.GwpAr5, ShippedLibraries.GwpAr6];

    public static IEndpointRouteBuilder MapInventories(this IEndpointRouteBuilder api)
    {
        api.MapPost("/inventories", CreateAsync)
            .WithName("CreateInventory").WithSummary("Creates a draft organisational inventory for a calendar year and a boundary of the caller's sites.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/inventories", ListAsync)
            .WithName("ListInventories").WithSummary("Lists the inventories the caller may see.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/inventories/{id:guid}", GetAsync)
            .WithName("GetInventory").WithSummary("An inventory with totals by scope, gas, site and month, every line with the factor version it used, and recalculations.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/inventories/{id:guid}/export.xlsx", ExportXlsxAsync)
            .WithName("ExportInventoryXlsx").WithSummary("The inventory as an XLSX workbook with the content of the PDF report: summary (organisation, boundary, methodology, totals, assumptions, approval), by month, every line with its factor version, by gas, by site, factors with sources, recalculations.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/inventories/{id:guid}/calculate", CalculateAsync)
            .WithName("CalculateInventory").WithSummary("(Re)calculates a draft inventory with the latest factor library versions; a recalculation of earlier results is recorded.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/inventories/{id:guid}/submit", SubmitAsync)
            .WithName("SubmitInventory").WithSummary("Submits a calculated draft inventory for approval.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/inventories/{id:guid}/approve", ApproveAsync)
            .WithName("ApproveInventory").WithSummary("Approves (locks) a submitted inventory; enterprise administrators only.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<Created<InventoryResponse>, ValidationProblem>> CreateAsync(
        CreateInventoryRequest request, CarbonDbContext db, ILedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("name", request.Name, Inventory.NameMaxLength);
        if (request.Year is not (>= 2000 and <= 2100))
        {
            errors.Add("year", "Give a calendar year between 2000 and 2100.");
        }

        errors.Required("gridRegion", request.GridRegion, 32);
        if (request.GwpSet is null || !GwpSets.Contains(request.GwpSet, StringComparer.Ordinal))
        {
            errors.Add("gwpSet", $"Use one of: {string.Join(", ", GwpSets)}.");
        }

        var sites = new List<PlatformSiteView>();
        if (request.SiteIds is not { Count: > 0 })
        {
            errors.Add("siteIds", "Name at least one site for the boundary.");
        }
        else
        {
            var ids = request.SiteIds.Distinct().Select(g => new SiteId(g)).ToList();
            sites = await db.PlatformSites.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(cancellationToken);
            if (sites.Count != ids.Count || sites.Select(s => s.OrganisationId).Distinct().Count() != 1 || !CarbonAccess.CanEdit(actor.Current, sites[0].OrganisationId))
            {
                errors.Add("siteIds", "Every site must be a site of your organisation.");
            }
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        var year = request.Year!.Value;
        var first = sites[0];
        var inventory = Inventory.Create(Guid.CreateVersion7(), first.OrganisationId, first.DistrictId, first.TownId, request.Name!.Trim(),
            new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), request.GridRegion!.Trim(), request.GwpSet!, sites.Select(s => s.Id),
            clock.GetUtcNow().UtcDateTime, actor.Current.AuditName);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Inventories.Add(inventory);
        await db.SaveChangesAsync(cancellationToken);
        await AppendAsync(db, ledger, inventory, "InventoryCreated", actor.Current, new JsonObject
        {
            ["name"] = inventory.Name,
            ["periodFrom"] = inventory.PeriodFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["periodTo"] = inventory.PeriodTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["sites"] = new JsonArray(inventory.Sites.Select(s => (JsonNode)JsonValue.Create(s.SiteId.ToString())!).ToArray()),
            ["gridRegion"] = inventory.GridRegion,
            ["gwpSet"] = inventory.GwpLibrary,
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/carbon/inventories/{inventory.Id}", await ResponseAsync(db, inventory, cancellationToken));
    }

    private static async Task<Ok<List<InventorySummary>>> ListAsync(CarbonDbContext db, CancellationToken cancellationToken)
    {
        var inventories = await db.Inventories.AsNoTracking().OrderByDescending(i => i.PeriodFrom).ThenBy(i => i.Name).Take(1_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(inventories.Select(i => new InventorySummary(i.Id, i.OrganisationId.Value, i.Name, i.PeriodFrom, i.PeriodTo, i.Status.ToString(),
            i.Scope1Tco2e, i.Scope2LocationTco2e, i.Scope2MarketTco2e, i.EnergyTce, i.CalculatedAt)).ToList());
    }

    private static async Task<Results<Ok<InventoryResponse>, ProblemHttpResult>> GetAsync(Guid id, CarbonDbContext db, CancellationToken cancellationToken)
    {
        var inventory = await db.Inventories.AsNoTracking().Include(i => i.Sites).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        return inventory is null ? NotFound() : TypedResults.Ok(await ResponseAsync(db, inventory, cancellationToken));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportXlsxAsync(
        Guid id, CarbonDbContext db, FactorLibraryStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        var inventory = await db.Inventories.AsNoTracking().Include(i => i.Sites).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (inventory is null)
        {
            return NotFound();
        }

        // The same content as the PDF report (Reports/InventoryReportData), with exact decimals.
        var data = await InventoryReportData.GatherAsync(db, store, inventory, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return TypedResults.File(InventoryWorkbook.Write(data), InventoryWorkbook.ContentType, $"inventory-{inventory.PeriodFrom:yyyy}-{inventory.Id}.xlsx");
    }

    private static async Task<Results<Ok<InventoryResponse>, ProblemHttpResult>> CalculateAsync(
        Guid id, CarbonDbContext db, FactorLibraryStore store, ILedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var inventory = await db.Inventories.Include(i => i.Sites).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (inventory is null)
        {
            return NotFound();
        }

        if (!CarbonAccess.CanEdit(actor.Current, inventory.OrganisationId))
        {
            return CarbonProblems.Forbidden("Only the organisation's own enterprise users can calculate its inventory.");
        }

        if (inventory.Status != InventoryStatus.Draft)
        {
            throw new DomainRuleViolationException("OnlyDraftInventoriesCanBeCalculated", $"The inventory is {inventory.Status}; only a draft can be (re)calculated.");
        }

        var grid = await store.LatestAsync(db, ShippedLibraries.GridStatistical, cancellationToken);
        var fuels = await store.LatestAsync(db, ShippedLibraries.ChinaFuelGuideline, cancellationToken);
        var gwp = await store.LatestAsync(db, inventory.GwpLibrary, cancellationToken);
        var coal = await store.LatestAsync(db, ShippedLibraries.StandardCoal, cancellationToken);
        var used = new[] { grid, fuels, gwp, coal }.ToDictionary(s => (s.Row.Code, s.Library.Version), s => s.Row.Id);

        var siteIds = inventory.Sites.Select(s => s.SiteId).ToList();
        var records = await db.Activities.AsNoTracking()
            .Where(a => siteIds.Contains(a.SiteId) && a.Month >= inventory.PeriodFrom && a.Month <= inventory.PeriodTo)
            .ToListAsync(cancellationToken);

        InventoryCalculation calculation;
        try
        {
            calculation = InventoryCalculator.Calculate(
                records.Select(r => new ActivityInput(r.Id, r.SiteId.Value, r.Month, r.Kind, r.ActivityCode, Quantity.Of(r.QuantityValue, r.QuantityUnit))).ToList(),
                new InventoryFactors(grid.Library, fuels.Library, new GwpSet(gwp.Library), coal.Library, inventory.GridRegion));
        }
        catch (UnknownFactorException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "UnknownFactor");
        }
        catch (Exception e) when (e is DimensionMismatchException or UnknownUnitException)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "UnitMismatch");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var previousVersions = await db.InventoryLines.Where(l => l.InventoryId == id).Select(l => l.FactorLibraryVersionId)
            .Union(db.EnergyLines.Where(l => l.InventoryId == id).Select(l => l.FactorLibraryVersionId)).Distinct().ToListAsync(cancellationToken);
        var wasCalculated = inventory.CalculatedAt is not null;
        var before = (inventory.Scope1Tco2e, inventory.Scope2LocationTco2e, inventory.Scope2MarketTco2e);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.InventoryLines.Where(l => l.InventoryId == id).ExecuteDeleteAsync(cancellationToken);
        await db.EnergyLines.Where(l => l.InventoryId == id).ExecuteDeleteAsync(cancellationToken);
        inventory.RecordCalculation(calculation, now);
        var lines = calculation.Lines.Select(l => new InventoryLine
        {
            Id = Guid.CreateVersion7(),
            InventoryId = id,
            ActivityRecordId = l.RecordId,
            SiteId = new SiteId(l.SiteId),
            Month = l.Month,
            Scope = l.Scope,
            Category = l.Category,
            Gas = l.Line.Gas,
            GasMassKg = l.Line.GasMassKg,
            Gwp = l.Line.Gwp,
            Co2eKg = l.Line.Co2eKg,
            FactorLibraryVersionId = used[(l.Line.Factor.Library, l.Line.Factor.Version)],
            FactorCode = l.Line.Factor.FactorCode,
            FactorRegion = l.Line.Factor.Region,
            FactorValidFrom = l.Line.Factor.ValidFrom,
            GwpLibraryVersionId = l.Line.GwpSet is null ? null : gwp.Row.Id,
        }).ToList();
        var energyLines = calculation.Energy.Select(e => new InventoryEnergyLine
        {
            Id = Guid.CreateVersion7(),
            InventoryId = id,
            ActivityRecordId = e.RecordId,
            SiteId = new SiteId(e.SiteId),
            Month = e.Month,
            Kgce = e.Kgce,
            FactorLibraryVersionId = used[(e.Factor.Library, e.Factor.Version)],
            FactorCode = e.Factor.FactorCode,
        }).ToList();

        if (wasCalculated)
        {
            var nowVersions = used.Values.ToHashSet();
            var replaced = await db.FactorLibraries.AsNoTracking().Where(l => previousVersions.Contains(l.Id) && !nowVersions.Contains(l.Id))
                .Select(l => new { l.Code, l.Version }).ToListAsync(cancellationToken);
            var changes = replaced.Select(r => $"{r.Code} v{r.Version} -> v{used.Where(u => u.Key.Code == r.Code).Select(u => u.Key.Version).FirstOrDefault() ?? "?"}").ToList();
            db.Recalculations.Add(new Recalculation
            {
                Id = Guid.CreateVersion7(),
                InventoryId = id,
                At = now,
                By = actor.Current.AuditName,
                Reason = changes.Count > 0 ? "Factor library corrected: " + string.Join("; ", changes) : "Recalculated with unchanged factor versions (activity data may have changed).",
                PreviousScope1Tco2e = before.Scope1Tco2e,
                PreviousScope2LocationTco2e = before.Scope2LocationTco2e,
                PreviousScope2MarketTco2e = before.Scope2MarketTco2e,
                Scope1Tco2e = inventory.Scope1Tco2e!.Value,
                Scope2LocationTco2e = inventory.Scope2LocationTco2e!.Value,
                Scope2MarketTco2e = inventory.Scope2MarketTco2e!.Value,
            });
        }

        await db.SaveChangesAsync(cancellationToken);

        // Lines are appended in bulk (COPY / prepared multi-row INSERT) in the same transaction; each keeps its factor version.
        await BulkInsert.InsertAsync(db, lines, cancellationToken);
        await BulkInsert.InsertAsync(db, energyLines, cancellationToken);
        await AppendAsync(db, ledger, inventory, wasCalculated ? "InventoryRecalculated" : "InventoryCalculated", actor.Current, new JsonObject
        {
            ["scope1Tco2e"] = inventory.Scope1Tco2e,
            ["scope2LocationTco2e"] = inventory.Scope2LocationTco2e,
            ["scope2MarketTco2e"] = inventory.Scope2MarketTco2e,
            ["energyTce"] = inventory.EnergyTce,
            ["factorLibraryVersions"] = new JsonArray(used.Select(u => (JsonNode)JsonValue.Create($"{u.Key.Code} v{u.Key.Version}")!).ToArray()),
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, inventory, cancellationToken));
    }

    private static Task<Results<Ok<InventoryResponse>, ProblemHttpResult>> SubmitAsync(
        Guid id, CarbonDbContext db, ILedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken) =>
        TransitionAsync(id, db, ledger, actor.Current, "InventorySubmitted", CarbonAccess.CanEdit, i => i.Submit(clock.GetUtcNow().UtcDateTime), cancellationToken);

    private static Task<Results<Ok<InventoryResponse>, ProblemHttpResult>> ApproveAsync(
        Guid id, CarbonDbContext db, ILedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken) =>
        TransitionAsync(id, db, ledger, actor.Current, "InventoryApproved", CarbonAccess.CanApprove,
            i => i.Approve(clock.GetUtcNow().UtcDateTime, actor.Current.AuditName), cancellationToken);

    private static async Task<Results<Ok<InventoryResponse>, ProblemHttpResult>> TransitionAsync(Guid id, CarbonDbContext db, ILedger ledger, Actor actor,
        string eventType, Func<Actor, OrganisationId, bool> allowed, Action<Inventory> transition, CancellationToken cancellationToken)
    {
        var inventory = await db.Inventories.Include(i => i.Sites).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (inventory is null)
        {
            return NotFound();
        }

        if (!allowed(actor, inventory.OrganisationId))
        {
            return CarbonProblems.Forbidden("You may not change this inventory's status.");
        }

        transition(inventory);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await AppendAsync(db, ledger, inventory, eventType, actor, new JsonObject
        {
            ["status"] = inventory.Status.ToString(),
            ["scope1Tco2e"] = inventory.Scope1Tco2e,
            ["scope2LocationTco2e"] = inventory.Scope2LocationTco2e,
            ["scope2MarketTco2e"] = inventory.Scope2MarketTco2e,
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, inventory, cancellationToken));
    }

    private static Task AppendAsync(CarbonDbContext db, ILedger ledger, Inventory inventory, string type, Actor actor, JsonObject payload, CancellationToken cancellationToken)
    {
        payload["inventoryId"] = inventory.Id.ToString();
        payload["by"] = actor.AuditName;
        return ledger.AppendAsync(db, new LedgerRecord($"carbon-inventory/{inventory.Id}", type, payload, inventory.OrganisationId), cancellationToken);
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem("No inventory you may see has this id.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static async Task<InventoryResponse> ResponseAsync(CarbonDbContext db, Inventory i, CancellationToken cancellationToken)
    {
        var lines = await db.InventoryLines.AsNoTracking().Where(l => l.InventoryId == i.Id).ToListAsync(cancellationToken);
        var versionIds = lines.Select(l => l.FactorLibraryVersionId).Distinct().ToList();
        var versions = await db.FactorLibraries.AsNoTracking().Where(l => versionIds.Contains(l.Id)).Select(l => new { l.Id, l.Code, l.Version })
            .ToDictionaryAsync(l => l.Id, cancellationToken);
        var recalculations = await db.Recalculations.AsNoTracking().Where(r => r.InventoryId == i.Id).OrderBy(r => r.At).ToListAsync(cancellationToken);
        static string Month(DateOnly m) => m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        List<BreakdownRow> By(Func<InventoryLine, string> key) => lines
            .GroupBy(l => (Key: key(l), l.Scope)).OrderBy(g => g.Key.Key, StringComparer.Ordinal).ThenBy(g => g.Key.Scope)
            .Select(g => new BreakdownRow(g.Key.Key, g.Key.Scope.ToString(), g.Sum(l => l.Co2eKg) / 1000m)).ToList();

        return new InventoryResponse(i.Id, i.OrganisationId.Value, i.Name, i.PeriodFrom, i.PeriodTo, i.GridRegion, i.GwpLibrary, i.Status.ToString(),
            i.Sites.Select(s => s.SiteId.Value).ToList(), i.Scope1Tco2e, i.Scope2LocationTco2e, i.Scope2MarketTco2e, i.EnergyTce, i.ResidualStandInUsed,
            i.Notes.Length == 0 ? [] : i.Notes.Split('\n'), i.CreatedAt, i.CalculatedAt, i.SubmittedAt, i.ApprovedAt,
            By(l => l.Gas), By(l => l.SiteId.ToString()), By(l => Month(l.Month)),
            lines.OrderBy(l => l.Month).ThenBy(l => l.Scope).ThenBy(l => l.Id).Select(l => new LineResponse(l.Id, l.ActivityRecordId, l.SiteId.Value, Month(l.Month),
                l.Scope.ToString(), l.Category.ToString(), l.Gas, l.GasMassKg, l.Gwp, l.Co2eKg, l.FactorLibraryVersionId, versions[l.FactorLibraryVersionId].Code,
                versions[l.FactorLibraryVersionId].Version, l.FactorCode, l.FactorRegion, l.FactorValidFrom, l.GwpLibraryVersionId)).ToList(),
            recalculations.Select(r => new RecalculationResponse(r.At, r.By, r.Reason, r.PreviousScope1Tco2e, r.PreviousScope2LocationTco2e,
                r.PreviousScope2MarketTco2e, r.Scope1Tco2e, r.Scope2LocationTco2e, r.Scope2MarketTco2e)).ToList());
    }
}
