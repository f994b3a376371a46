using System.Text.Json;
using System.Text.Json.Nodes;
using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Carbon.Domain.Footprints;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Products;

internal sealed record ProductOutputRequest(string? Code, decimal? MassKg, decimal? EconomicValue, decimal? PhysicalMeasure);

internal sealed record BomLineRequest(string? Material, decimal? QuantityKg, decimal? FactorKgCo2ePerKg, bool SupplierProvided, string? FactorSource);

/// <summary>
/// A product: <c>outputs</c> lists every output of the process in the reference period, including the product itself
/// under its own code (for allocation); <c>bom</c> lists materials per kg of product.
/// </summary>
internal sealed record SaveProductRequest(string? Code, string? Name, string? Description, string? ProductCategoryCpc, DateOnly? PeriodFrom, DateOnly? PeriodTo,
    string? AllocationBasis, decimal? ElectricityKwh, decimal? FuelKgCo2e, string? GwpSet, IReadOnlyList<ProductOutputRequest>? Outputs, IReadOnlyList<BomLineRequest>? Bom);

internal sealed record FootprintLineResponse(string Kind, string Name, decimal KgCo2ePerKg, string Source);

internal sealed record FootprintResponse(decimal KgCo2ePerKg, string DeclaredUnit, decimal AllocationShare, string AllocationBasis, decimal ElectricityFactorKgCo2ePerKwh,
    string ElectricityFactorLibrary, int ElectricityFactorLibraryVersion, Guid ElectricityFactorVersionId, DateTime CalculatedAt, IReadOnlyList<FootprintLineResponse> Breakdown);

internal sealed record ProductResponse(Guid Id, Guid OrganisationId, string Code, string Name, string? Description, string ProductCategoryCpc, DateOnly PeriodFrom,
    DateOnly PeriodTo, string AllocationBasis, decimal ElectricityKwh, decimal FuelKgCo2e, string GwpSet, IReadOnlyList<ProductOutputRequest> Outputs,
    IReadOnlyList<BomLineRequest> Bom, FootprintResponse? Footprint);

/// <summary>
/// Products with bills of materials (persisted), their cradle-to-gate footprint per kg (ISO 14067) calculated with the
/// product-footprint electricity factor series and stored with the factor version it used, and the PACT v2 export.
/// </summary>
internal static class ProductEndpoints
{
    public const string ElectricityFactorCode = "electricity.grid.lifecycle";
    private static readonly string[] GwpSets = [ShippedLibraries.GwpAr5, ShippedLibraries.GwpAr6];

    public static IEndpointRouteBuilder MapProducts(this IEndpointRouteBuilder api)
    {
        api.MapPost("/products", CreateAsync)
            .WithName("CreateProduct").WithSummary("Saves a product of the caller's organisation with its bill of materials (per kg) and the process data of a reference period.")
            .WithTags("Carbon products").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/products", ListAsync)
            .WithName("ListProducts").WithSummary("Lists the products the caller may see.")
            .WithTags("Carbon products").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/products/{id:guid}", GetAsync)
            .WithName("GetProduct").WithSummary("A product with its bill of materials, outputs and last calculated footprint.")
            .WithTags("Carbon products").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapPost("/products/{id:guid}/calculate", CalculateAsync)
            .WithName("CalculateProductFootprint")
            .WithSummary("Calculates the cradle-to-gate footprint per kg with a breakdown (materials, supplier footprints, allocated electricity and fuel) and stores it with the electricity factor version used.")
            .WithTags("Carbon products").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/products/{id:guid}/pact", PactAsync)
            .WithName("ExportProductFootprintPact").WithSummary("The last calculated footprint as a PACT (Pathfinder) v2 ProductFootprint JSON document.")
            .WithTags("Carbon products").RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Created<ProductResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        SaveProductRequest request, CarbonDbContext db, ILedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var current = actor.Current;
        if (current.Kind != ActorKind.User || !CarbonAccess.CanEdit(current, current.OrganisationId))
        {
            return CarbonProblems.Forbidden("Only an enterprise's own users can save its products.");
        }

        var errors = new FieldErrors();
        errors.Required("code", request.Code, 64);
        errors.Required("name", request.Name, ProductRow.NameMaxLength);
        errors.MaxLength("description", request.Description, 1000);
        if (request.ProductCategoryCpc?.Trim() is not { Length: >= 1 and <= 16 } cpc || !cpc.All(char.IsAsciiDigit))
        {
            errors.Add("productCategoryCpc", "Give the UN CPC code of the product category (digits), for example 41231.");
        }

        if (request.PeriodFrom is not { } from || request.PeriodTo is not { } to || to < from)
        {
            errors.Add("periodTo", "Give a reference period with periodFrom on or before periodTo.");
        }

        if (!Enum.TryParse<AllocationBasis>(request.AllocationBasis, ignoreCase: false, out var basis) || !Enum.IsDefined(basis) || int.TryParse(request.AllocationBasis, out _))
        {
            errors.Add("allocationBasis", $"Use one of: {string.Join(", ", Enum.GetNames<AllocationBasis>())}.");
        }

        NonNegative(errors, "electricityKwh", request.ElectricityKwh);
        NonNegative(errors, "fuelKgCo2e", request.FuelKgCo2e);
        if (request.GwpSet is null || !GwpSets.Contains(request.GwpSet, StringComparer.Ordinal))
        {
            errors.Add("gwpSet", $"Use one of: {string.Join(", ", GwpSets)} (PACT accepts AR5 and AR6 characterisation factors).");
        }

        var code = request.Code?.Trim();
        if (request.Outputs is not { Count: > 0 and <= 50 })
        {
            errors.Add("outputs", "List the process outputs (1 to 50), including the product itself under its own code.");
        }
        else
        {
            for (var i = 0; i < request.Outputs.Count; i++)
            {
                var o = request.Outputs[i];
                errors.Required($"outputs[{i}].code", o.Code, 64);
                NonNegative(errors, $"outputs[{i}].massKg", o.MassKg);
                NonNegative(errors, $"outputs[{i}].economicValue", o.EconomicValue);
                NonNegative(errors, $"outputs[{i}].physicalMeasure", o.PhysicalMeasure);
            }

            var product = request.Outputs.Where(o => o.Code?.Trim() == code).ToList();
            if (product.Count != 1)
            {
                errors.Add("outputs", "Exactly one output must carry the product's own code.");
            }
            else if (product[0].MassKg is not > 0)
            {
                errors.Add("outputs", "The product's own output mass must be greater than zero.");
            }

            if (request.Outputs.Select(o => o.Code?.Trim()).Distinct(StringComparer.Ordinal).Count() != request.Outputs.Count)
            {
                errors.Add("outputs", "Output codes must be unique.");
            }
        }

        if (request.Bom is { Count: > 200 })
        {
            errors.Add("bom", "At most 200 bill-of-materials lines.");
        }

        for (var i = 0; request.Bom is { Count: <= 200 } && i < request.Bom.Count; i++)
        {
            var b = request.Bom[i];
            errors.Required($"bom[{i}].material", b.Material, 200);
            NonNegative(errors, $"bom[{i}].quantityKg", b.QuantityKg);
            NonNegative(errors, $"bom[{i}].factorKgCo2ePerKg", b.FactorKgCo2ePerKg);
            errors.Required($"bom[{i}].factorSource", b.FactorSource, 512);
        }

        if (!errors.Any && await db.Products.AnyAsync(p => p.OrganisationId == current.OrganisationId && p.Code == code, cancellationToken))
        {
            errors.Add("code", "Your organisation already has a product with this code.");
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        var site = await db.PlatformSites.AsNoTracking().Where(s => s.OrganisationId == current.OrganisationId).OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        var id = Guid.CreateVersion7();
        var row = new ProductRow
        {
            Id = id, OrganisationId = current.OrganisationId, DistrictId = site?.DistrictId, TownId = site?.TownId, Code = code!, Name = request.Name!.Trim(),
            Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(), ProductCategoryCpc = request.ProductCategoryCpc!.Trim(),
            PeriodFrom = request.PeriodFrom!.Value, PeriodTo = request.PeriodTo!.Value, AllocationBasis = basis.ToString(), ElectricityKwh = request.ElectricityKwh!.Value,
            FuelKgco2e = request.FuelKgCo2e!.Value, GwpSet = request.GwpSet!, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = current.AuditName,
            CoProducts = request.Outputs!.Select(o => new ProductCoProductRow
            {
                Id = Guid.CreateVersion7(), ProductId = id, Code = o.Code!.Trim(), MassKg = o.MassKg!.Value, EconomicValue = o.EconomicValue!.Value, PhysicalMeasure = o.PhysicalMeasure!.Value,
            }).ToList(),
            Bom = (request.Bom ?? []).Select((b, i) => new ProductBomLineRow
            {
                Id = Guid.CreateVersion7(), ProductId = id, Position = i + 1, Material = b.Material!.Trim(), QuantityKg = b.QuantityKg!.Value,
                FactorKgco2ePerKg = b.FactorKgCo2ePerKg!.Value, SupplierProvided = b.SupplierProvided, FactorSource = b.FactorSource!.Trim(),
            }).ToList(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Products.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await AppendAsync(db, ledger, row, "ProductSaved", current, new JsonObject { ["code"] = row.Code, ["bomLines"] = row.Bom.Count }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/carbon/products/{id}", await ResponseAsync(db, row, cancellationToken));
    }

    private static async Task<Ok<List<ProductResponse>>> ListAsync(CarbonDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Products.AsNoTracking().Include(p => p.Bom).Include(p => p.CoProducts).OrderBy(p => p.Code).Take(1_000).ToListAsync(cancellationToken);
        var result = new List<ProductResponse>(rows.Count);
        foreach (var row in rows)
        {
            result.Add(await ResponseAsync(db, row, cancellationToken));
        }

        return TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetAsync(Guid id, CarbonDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.Products.AsNoTracking().Include(p => p.Bom).Include(p => p.CoProducts).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        return row is null ? NotFound() : TypedResults.Ok(await ResponseAsync(db, row, cancellationToken));
    }

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> CalculateAsync(
        Guid id, CarbonDbContext db, FactorLibraryStore store, ILedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var row = await db.Products.Include(p => p.Bom).Include(p => p.CoProducts).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (row is null)
        {
            return NotFound();
        }

        if (!CarbonAccess.CanEdit(actor.Current, row.OrganisationId))
        {
            return CarbonProblems.Forbidden("Only the organisation's own enterprise users can calculate its product footprints.");
        }

        var library = await store.LatestAsync(db, ShippedLibraries.ElectricityFootprint, cancellationToken);
        Factor factor;
        try
        {
            factor = library.Library.Find(ElectricityFactorCode, "CN", row.PeriodFrom);
        }
        catch (UnknownFactorException)
        {
            var years = library.Library.Factors.Where(f => f.Code == ElectricityFactorCode).Select(f => f.ValidFrom.Year).Order();
            return TypedResults.Problem(
                $"The product-footprint electricity factor series ({library.Row.Code} v{library.Row.Version}) has no factor for {row.PeriodFrom:yyyy-MM-dd}; it covers data years {string.Join(", ", years)}. "
                + "Footprints never fall back to the inventory grid series.", statusCode: StatusCodes.Status422UnprocessableEntity, title: "UnknownFactor");
        }

        var value = factor.Value("CO2e");
        var kgPerKwh = value.Unit.Numerator.Symbol == "kgCO2e" && value.Unit.Denominator.Symbol == "kWh" ? value.Value
            : throw new UnknownFactorException($"Unexpected unit {value.Unit} for {ElectricityFactorCode}.");
        var basis = Enum.Parse<AllocationBasis>(row.AllocationBasis);
        var result = ProductFootprintCalculator.Calculate(row.Code,
            row.CoProducts.Select(c => new CoProduct(c.Code, c.MassKg, c.EconomicValue, c.PhysicalMeasure)).ToList(), basis,
            new ProcessEnergy(row.ElectricityKwh, kgPerKwh, $"{library.Row.Code} v{library.Row.Version}: {value.Source}", row.FuelKgco2e),
            row.Bom.OrderBy(b => b.Position).Select(b => new BomLine(b.Material, b.QuantityKg, b.FactorKgco2ePerKg, b.SupplierProvided, b.FactorSource)).ToList());
        row.PcfKgco2ePerKg = result.KgCo2ePerKg;
        row.AllocationShare = result.AllocationShare;
        row.ElectricityFactorVersionId = library.Row.Id;
        row.ElectricityFactorKgco2ePerKwh = kgPerKwh;
        row.BreakdownJson = JsonSerializer.Serialize(result.Breakdown.Select(b => new FootprintLineResponse(b.Kind, b.Name, b.KgCo2ePerDeclaredUnit, b.Source)).ToList());
        row.CalculatedAt = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await AppendAsync(db, ledger, row, "ProductFootprintCalculated", actor.Current, new JsonObject
        {
            ["kgCo2ePerKg"] = row.PcfKgco2ePerKg,
            ["allocationShare"] = row.AllocationShare,
            ["electricityFactor"] = $"{library.Row.Code} v{library.Row.Version} {factor.Code} {factor.ValidFrom:yyyy}",
        }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, row, cancellationToken));
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> PactAsync(Guid id, CarbonDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.Products.AsNoTracking().Include(p => p.Bom).Include(p => p.CoProducts).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (row is null)
        {
            return NotFound();
        }

        if (row.PcfKgco2ePerKg is null || row.BreakdownJson is null)
        {
            return TypedResults.Problem("Calculate the footprint before exporting it.", statusCode: StatusCodes.Status409Conflict, title: "FootprintNotCalculated");
        }

        var organisation = await db.PlatformOrganisations.AsNoTracking().SingleAsync(o => o.Id == row.OrganisationId, cancellationToken);
        var breakdown = JsonSerializer.Deserialize<List<FootprintLineResponse>>(row.BreakdownJson)!;
        var result = new FootprintResult(row.Code, row.PcfKgco2ePerKg.Value, row.AllocationShare!.Value,
            breakdown.Select(b => new FootprintContribution(b.Kind, b.Name, b.KgCo2ePerKg, b.Source)).ToList());
        var characterisation = row.GwpSet == ShippedLibraries.GwpAr6 ? "AR6" : "AR5";
        // Company and product ids are URNs in the PACT custom-code namespace, assigned by this platform from the
        // organisation's unified social credit code (GB 32100) and the product code.
        var document = PactExport.Write(result, new PactContext(row.Id, row.CalculatedAt!.Value, organisation.Name,
            $"urn:pathfinder:company:customcode:vendor-assigned:uscc-{organisation.CreditCode}",
            $"urn:pathfinder:product:customcode:vendor-assigned:uscc-{organisation.CreditCode}:{Uri.EscapeDataString(row.Code)}",
            row.Name, row.Description ?? row.Name, row.ProductCategoryCpc, characterisation,
            row.PeriodFrom.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), row.PeriodTo.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            "Cradle-to-gate: raw materials per the bill of materials (library or supplier-provided factors), process electricity at the product-footprint grid factor and process fuel emissions, allocated by "
            + row.AllocationBasis + "."));
        return TypedResults.Ok(document);
    }

    private static async Task<ProductResponse> ResponseAsync(CarbonDbContext db, ProductRow r, CancellationToken cancellationToken)
    {
        FootprintResponse? footprint = null;
        if (r.PcfKgco2ePerKg is { } pcf && r.ElectricityFactorVersionId is { } versionId)
        {
            var version = await db.FactorLibraries.AsNoTracking().Where(l => l.Id == versionId).Select(l => new { l.Code, l.Version }).SingleAsync(cancellationToken);
            footprint = new FootprintResponse(pcf, "kg", r.AllocationShare!.Value, r.AllocationBasis, r.ElectricityFactorKgco2ePerKwh!.Value, version.Code, version.Version,
                versionId, r.CalculatedAt!.Value, JsonSerializer.Deserialize<List<FootprintLineResponse>>(r.BreakdownJson!)!);
        }

        return new ProductResponse(r.Id, r.OrganisationId.Value, r.Code, r.Name, r.Description, r.ProductCategoryCpc, r.PeriodFrom, r.PeriodTo, r.AllocationBasis,
            r.ElectricityKwh, r.FuelKgco2e, r.GwpSet,
            r.CoProducts.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => new ProductOutputRequest(c.Code, c.MassKg, c.EconomicValue, c.PhysicalMeasure)).ToList(),
            r.Bom.OrderBy(b => b.Position).Select(b => new BomLineRequest(b.Material, b.QuantityKg, b.FactorKgco2ePerKg, b.SupplierProvided, b.FactorSource)).ToList(),
            footprint);
    }

    private static Task AppendAsync(CarbonDbContext db, ILedger ledger, ProductRow product, string type, Actor actor, JsonObject payload, CancellationToken cancellationToken)
    {
        payload["productId"] = product.Id.ToString();
        payload["by"] = actor.AuditName;
        return ledger.AppendAsync(db, new LedgerRecord($"carbon-product/{product.Id}", type, payload, product.OrganisationId), cancellationToken);
    }

    private static void NonNegative(FieldErrors errors, string field, decimal? value)
    {
        if (value is not { } v)
        {
            errors.Add(field, "This field is required.");
        }
        else if (v < 0)
        {
            errors.Add(field, "Cannot be negative.");
        }
    }

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem("No product you may see has this id.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
