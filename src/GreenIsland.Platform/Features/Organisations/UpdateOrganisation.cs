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

namespace GreenIsland.Platform.Features.Organisations;

internal sealed record UpdateOrganisationRequest(string? Name, string? CreditCode, Guid? TownId, Guid? JurisdictionId, string? ContactName, string? ContactPhone);

internal static class UpdateOrganisation
{
    public static IEndpointRouteBuilder MapUpdateOrganisation(this IEndpointRouteBuilder api)
    {
        api.MapPut("/organisations/{id:guid}", HandleAsync)
            .WithName("UpdateOrganisation")
            .WithSummary("Updates an organisation's registration and contact data (its type cannot change).")
            .WithTags("Organisations")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Results<Ok<OrganisationResponse>, ValidationProblem, NotFound, ProblemHttpResult>> HandleAsync(
        Guid id, UpdateOrganisationRequest request, PlatformDbContext db, ILedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var organisationId = new OrganisationId(id);
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken);
        if (organisation is null)
        {
            return TypedResults.NotFound();
        }

        var errors = new FieldErrors();
        var input = await OrganisationInput.ValidateAsync(db, errors, organisation.Type, request.Name, request.CreditCode, request.TownId,
            request.JurisdictionId, request.ContactName, request.ContactPhone, cancellationToken);
        if (input is null)
        {
            return Problems.Validation(errors);
        }

        if (await OrganisationInput.CreditCodeTakenAsync(db, input.CreditCode, organisation.Id, cancellationToken))
        {
            return Problems.Conflict("CreditCodeMustBeUnique", $"Another organisation is registered with credit code {input.CreditCode}.");
        }

        organisation.Update(input.Name, input.CreditCode, input.Town, input.Supervised, input.ContactName, input.ContactPhone, clock.GetUtcNow().UtcDateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"organisation/{organisation.Id}", "OrganisationUpdated",
            OrganisationInput.Payload(organisation), organisation.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var response = (await OrganisationProjection.ToResponsesAsync(db.Organisations.Where(o => o.Id == organisation.Id), db, cancellationToken)).Single();
        return TypedResults.Ok(response);
    }
}
