using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Sites;

internal static class OpenSite
{
    public static IEndpointRouteBuilder MapOpenSite(this IEndpointRouteBuilder api)
    {
        api.MapPost("/sites", HandleAsync)
            .WithName("OpenSite")
            .WithSummary("Adds a site (premises with address, WGS-84 coordinates and GB/T 4754-2017 industry class) to an organisation.")
            .WithTags("Sites")
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<Created<SiteResponse>, ValidationProblem>> HandleAsync(
        SiteRequest request, PlatformDbContext db, ILedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        Organisation? organisation = null;
        if (request.OrganisationId is not { } organisationGuid)
        {
            errors.Add("organisationId", "This field is required.");
        }
        else
        {
            var organisationId = new OrganisationId(organisationGuid);
            organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
            if (organisation is null)
            {
                errors.Add("organisationId", "No organisation you administer has this id.");
            }
        }

        var input = await SiteProjection.ValidateAsync(db, errors, request, cancellationToken);
        if (input is null || organisation is null)
        {
            return Problems.Validation(errors);
        }

        var site = Site.Open(SiteId.New(), organisation.Id, input.Name, input.Address, input.Town, input.Location, input.IndustryClassCode,
            isDemo: false, clock.GetUtcNow().UtcDateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Sites.Add(site);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"site/{site.Id}", "SiteOpened", SiteProjection.Payload(site), site.OrganisationId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var response = (await SiteProjection.ToResponsesAsync(db.Sites.Where(s => s.Id == site.Id), db, cancellationToken)).Single();
        return TypedResults.Created($"/api/sites/{site.Id}", response);
    }
}
