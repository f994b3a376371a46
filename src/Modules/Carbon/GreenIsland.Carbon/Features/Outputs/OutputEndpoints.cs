using System.Globalization;
using GreenIsland.Carbon.Domain.Units;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Outputs;

internal sealed record SaveOutputRequest(Guid? SiteId, string? Month, decimal? Quantity, string? Unit, string? Product);

internal sealed record OutputResponse(Guid Id, Guid OrganisationId, Guid SiteId, string Month, decimal Quantity, string Unit, string Product,
    DateTime UpdatedAt, string UpdatedBy);

internal static class OutputEndpoints
{
    /// <summary>Dimensions a production output may be measured in (mass, volume, energy delivered, or a count of pieces).</summary>
    public static readonly Dimension[] OutputDimensions = [Dimension.Mass, Dimension.Volume, Dimension.NormalVolume, Dimension.Energy, Dimension.Dimensionless];

    private const decimal MaxQuantity = 1_000_000_000_000m;

    public static IEndpointRouteBuilder MapProductionOutputs(this IEndpointRouteBuilder api)
    {
        api.MapPut("/outputs", SaveAsync)
            .WithName("SaveProductionOutput")
            .WithSummary("Records (or replaces) a site's production output for one month: quantity, case-sensitive unit and product; the denominator of emission intensity.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/outputs", ListAsync)
            .WithName("ListProductionOutputs")
            .WithSummary("Lists the production output records the caller may see, optionally for one site and year.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapDelete("/outputs/{id:guid}", DeleteAsync)
            .WithName("DeleteProductionOutput")
            .WithSummary("Deletes a production output record of the caller's organisation.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    public static bool TryParseMonth(string? text, out DateOnly month)
    {
        month = default;
        return text is not null
            && DateOnly.TryParseExact(text.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month)
            && month.Year is >= 2000 and <= 2100;
    }

    private static async Task<Results<Ok<OutputResponse>, ValidationProblem>> SaveAsync(
        SaveOutputRequest request, CarbonDbContext db, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        PlatformSiteView? site = null;
        if (request.SiteId is not { } siteId)
        {
            errors.Add("siteId", "This field is required.");
        }
        else
        {
            site = await db.PlatformSites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == new SiteId(siteId), cancellationToken);
            if (site is null || !CarbonAccess.CanEdit(actor.Current, site.OrganisationId))
            {
                errors.Add("siteId", "No site of your organisation has this id.");
                site = null;
            }
        }

        if (!TryParseMonth(request.Month, out var month))
        {
            errors.Add("month", "Give the month as yyyy-MM (years 2000-2100), for example 2022-03.");
        }

        if (request.Quantity is not { } quantity || quantity <= 0 || quantity > MaxQuantity)
        {
            errors.Add("quantity", "Give a quantity greater than zero.");
        }

        Unit? unit = null;
        if (string.IsNullOrEmpty(request.Unit))
        {
            errors.Add("unit", "This field is required.");
        }
        else if (!UnitCatalogue.TryFind(request.Unit, out unit))
        {
            errors.Add("unit", $"Unknown unit '{request.Unit}' (symbols are case-sensitive, e.g. t, kg, m3, MWh, 1).");
        }
        else if (!OutputDimensions.Contains(unit.Dimension))
        {
            errors.Add("unit", $"'{unit.Symbol}' measures {unit.Dimension}; production output is measured as {string.Join(", ", OutputDimensions)}.");
            unit = null;
        }

        errors.Required("product", request.Product, ProductionOutput.ProductMaxLength);

        if (site is not null && unit is not null)
        {
            // Intensity compares months of a site, so a site's outputs share one dimension.
            var otherUnits = await db.ProductionOutputs.AsNoTracking().Where(o => o.SiteId == site.Id && o.Month != month)
                .Select(o => o.QuantityUnit).Distinct().ToListAsync(cancellationToken);
            var clash = otherUnits.Select(UnitCatalogue.Get).FirstOrDefault(u => u.Dimension != unit.Dimension);
            if (clash is not null)
            {
                errors.Add("unit", $"This site's output is recorded in {clash.Dimension} ({clash.Symbol}); use a unit of the same dimension so months can be compared.");
            }
        }

        if (errors.Any)
        {
            return CarbonProblems.Validation(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.ProductionOutputs.SingleOrDefaultAsync(o => o.SiteId == site!.Id && o.Month == month, cancellationToken);
        if (row is null)
        {
            row = new ProductionOutput
            {
                Id = Guid.CreateVersion7(),
                OrganisationId = site!.OrganisationId,
                SiteId = site.Id,
                DistrictId = site.DistrictId,
                TownId = site.TownId,
                Month = month,
            };
            db.ProductionOutputs.Add(row);
        }

        row.QuantityValue = request.Quantity!.Value;
        row.QuantityUnit = unit!.Symbol;
        row.Product = request.Product!.Trim();
        row.UpdatedAt = now;
        row.UpdatedBy = actor.Current.AuditName;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(Response(row));
    }

    private static async Task<Results<Ok<List<OutputResponse>>, ValidationProblem>> ListAsync(Guid? siteId, int? year, CarbonDbContext db, CancellationToken cancellationToken)
    {
        if (year is { } y && y is < 2000 or > 2100)
        {
            return CarbonProblems.Validation("year", "Give a calendar year between 2000 and 2100.");
        }

        var query = db.ProductionOutputs.AsNoTracking();
        if (siteId is { } s)
        {
            query = query.Where(o => o.SiteId == new SiteId(s));
        }

        if (year is { } yy)
        {
            var from = new DateOnly(yy, 1, 1);
            var to = new DateOnly(yy, 12, 1);
            query = query.Where(o => o.Month >= from && o.Month <= to);
        }

        var rows = await query.OrderBy(o => o.Month).ThenBy(o => o.SiteId).Take(5_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(Response).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, CarbonDbContext db, IActorContext actor, CancellationToken cancellationToken)
    {
        var row = await db.ProductionOutputs.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (row is null)
        {
            return TypedResults.Problem("No production output record you may see has this id.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        if (!CarbonAccess.CanEdit(actor.Current, row.OrganisationId))
        {
            return CarbonProblems.Forbidden("Only the organisation's own enterprise users can delete its production output.");
        }

        db.ProductionOutputs.Remove(row);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static OutputResponse Response(ProductionOutput o) =>
        new(o.Id, o.OrganisationId.Value, o.SiteId.Value, o.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), o.QuantityValue, o.QuantityUnit, o.Product,
            o.UpdatedAt, o.UpdatedBy);
}
