using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Platform.Features.Organisations;

internal sealed record RegisterOrganisationRequest(string? Name, OrganisationType? Type, string? CreditCode, Guid? TownId, Guid? JurisdictionId,
    string? ContactName, string? ContactPhone);

internal static class RegisterOrganisation
{
    public static IEndpointRouteBuilder MapRegisterOrganisation(this IEndpointRouteBuilder api)
    {
        api.MapPost("/organisations", HandleAsync)
            .WithName("RegisterOrganisation")
            .WithSummary("Registers an organisation; the unified social credit code is checked against GB 32100-2015.")
            .WithTags("Organisations")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireTenancy(TenancyRule.OperatorOnly);
        return api;
    }

    private static async Task<Results<Created<OrganisationResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        RegisterOrganisationRequest request, PlatformDbContext db, ILedger ledger, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.Type is not { } type || !Enum.IsDefined(type))
        {
            errors.Add("type", "One of Enterprise, Collector, DisposalFacility, Regulator, Operator is required.");
            type = default;
        }

        var input = await OrganisationInput.ValidateAsync(db, errors, type, request.Name, request.CreditCode, request.TownId, request.JurisdictionId,
            request.ContactName, request.ContactPhone, cancellationToken);
        if (input is null)
        {
            return Problems.Validation(errors);
        }

        if (await OrganisationInput.CreditCodeTakenAsync(db, input.CreditCode, null, cancellationToken))
        {
            return Problems.Conflict("CreditCodeMustBeUnique", $"An organisation with credit code {input.CreditCode} is already registered.");
        }

        var organisation = Organisation.Register(OrganisationId.New(), input.Name, type, input.CreditCode, input.Town, input.Supervised,
            input.ContactName, input.ContactPhone, isDemo: false, clock.GetUtcNow().UtcDateTime);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Organisations.Add(organisation);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"organisation/{organisation.Id}", "OrganisationRegistered",
            OrganisationInput.Payload(organisation), organisation.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var response = (await OrganisationProjection.ToResponsesAsync(db.Organisations.Where(o => o.Id == organisation.Id), db, cancellationToken)).Single();
        return TypedResults.Created($"/api/organisations/{organisation.Id}", response);
    }
}
