using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Sites;

internal static class UpdateSite
{
    public static IEndpointRouteBuilder MapUpdateSite(this IEndpointRouteBuilder api)
    {
        api.MapPut("/sites/{id:guid}", HandleAsync)
            .WithName("UpdateSite")
            .WithSummary("Updates a site's name, address, town, coordinates and industry class (organisationId in the body is ignored).")
            .WithTags("Sites")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<Ok<SiteResponse>, ValidationProblem, NotFound>> HandleAsync(
        Guid id, SiteRequest request, PlatformDbContext db, ILedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var siteId = new SiteId(id);
        var site = await db.Sites.SingleOrDefaultAsync(s => s.Id == siteId, cancellationToken);
        if (site is null)
        {
            return TypedResults.NotFound();
        }

        var errors = new FieldErrors();
        var input = await SiteProjection.ValidateAsync(db, errors, request, cancellationToken);
        if (input is null)
        {
            return Problems.Validation(errors);
        }

        site.Update(input.Name, input.Address, input.Town, input.Location, input.IndustryClassCode, clock.GetUtcNow().UtcDateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"site/{site.Id}", "SiteUpdated", SiteProjection.Payload(site), site.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var response = (await SiteProjection.ToResponsesAsync(db.Sites.Where(s => s.Id == site.Id), db, cancellationToken)).Single();
        return TypedResults.Ok(response);
    }
}
