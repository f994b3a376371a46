using GreenIsland.Carbon.Persistence;
using GreenIsland.Documents.Pdf;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Reports;

internal static class InventoryReportEndpoint
{
    public static IEndpointRouteBuilder MapInventoryReport(this IEndpointRouteBuilder api)
    {
        api.MapGet("/inventories/{id:guid}/report.pdf", HandleAsync)
            .WithName("GetInventoryReportPdf")
            .WithSummary("The inventory report as PDF (Chinese and English): boundary, period, methodology, totals by scope, gas, site and month, Scope 2 both ways, energy in tce, every factor used with library, version and source, assumptions, status and approval.")
            .WithTags("Carbon")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> HandleAsync(
        Guid id, CarbonDbContext db, FactorLibraryStore store, ReportFonts fonts, TimeProvider clock, CancellationToken cancellationToken)
    {
        var inventory = await db.Inventories.AsNoTracking().Include(i => i.Sites).SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (inventory is null)
        {
            return TypedResults.Problem("No inventory you may see has this id.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }

        PdfFontSet fontSet;
        try
        {
            fontSet = fonts.Get();
        }
        catch (PdfFontException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "ReportFontMissing");
        }

        var input = await InventoryReportData.GatherAsync(db, store, inventory, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var bytes = InventoryReport.Write(input, fontSet);
        return TypedResults.File(bytes, "application/pdf", $"inventory-{inventory.PeriodFrom:yyyy}-{inventory.Id}.pdf");
    }
}
