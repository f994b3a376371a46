using System.Globalization;
using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Waste.Features.ServiceAgreements;

internal sealed record SignServiceAgreementRequest(Guid? CollectorId, Guid? GeneratorId, DateOnly? ValidFrom, DateOnly? ValidTo, string? ContractNumber);

internal sealed record EndServiceAgreementRequest(DateOnly? LastDay, string? Reason);

internal sealed record ServiceAgreementResponse(
    Guid Id,
    Guid CollectorId,
    string CollectorName,
    Guid GeneratorId,
    string GeneratorName,
    DateOnly ValidFrom,
    DateOnly? ValidTo,
    bool InForce,
    string? ContractNumber,
    string? EndReason,
    DateTime CreatedAt,
    string CreatedBy);

internal static class ServiceAgreementEndpoints
{
    public static IEndpointRouteBuilder MapServiceAgreements(this IEndpointRouteBuilder api)
    {
        api.MapGet("/service-agreements", ListAsync)
            .WithName("ListWasteServiceAgreements")
            .WithSummary("Lists the service agreements the caller may see: its own (as generator or collector), its jurisdiction's (regulators), all (operator).")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapPost("/service-agreements", SignAsync)
            .WithName("SignWasteServiceAgreement")
            .WithSummary("Records that a licensed collector serves a generator from validFrom (to validTo). Enterprise administrators for their own enterprise, or the operator. A generator has one serving collector on any date.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationAdministration);

        api.MapPost("/service-agreements/{id:guid}/end", EndAsync)
            .WithName("EndWasteServiceAgreement")
            .WithSummary("Ends an agreement on lastDay (inclusive) with a reason. Either party's administrator (enterprise admin, collector dispatcher) or the operator.")
            .WithTags("Waste")
            .RequireTenancy(TenancyRule.OrganisationAdministration);
        return api;
    }

    private static async Task<Ok<List<ServiceAgreementResponse>>> ListAsync(
        Guid? generatorId, Guid? collectorId, bool? inForce, WasteDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var query = db.Set<ServiceAgreement>().AsNoTracking();
        if (generatorId is { } g)
        {
            query = query.Where(a => a.GeneratorId == new OrganisationId(g));
        }

        if (collectorId is { } c)
        {
            query = query.Where(a => a.CollectorId == new OrganisationId(c));
        }

        if (inForce is { } wanted)
        {
            var today = WasteTime.Today(clock);
            query = wanted
                ? query.Where(a => a.ValidFrom <= today && (a.ValidTo == null || a.ValidTo >= today))
                : query.Where(a => a.ValidFrom > today || (a.ValidTo != null && a.ValidTo < today));
        }

        var agreements = await query.OrderBy(a => a.ValidFrom).ThenBy(a => a.Id).Take(5_000).ToListAsync(cancellationToken);
        return TypedResults.Ok(await ToResponsesAsync(db, agreements, WasteTime.Today(clock), cancellationToken));
    }

    private static async Task<Results<Created<ServiceAgreementResponse>, ValidationProblem, ProblemHttpResult>> SignAsync(
        SignServiceAgreementRequest request, WasteDbContext db, ILedger ledger, IActorContext actorContext, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        if (!WasteAccess.IsOperator(actor) && !actor.IsInRole(PlatformRoles.EnterpriseAdmin))
        {
            return WasteProblems.Forbidden("Service agreements are signed by the generator's administrator or the operator.");
        }

        var errors = new FieldErrors();
        errors.MaxLength("contractNumber", request.ContractNumber, ServiceAgreement.ContractNumberMaxLength);
        if (request.ValidFrom is null)
        {
            errors.Add("validFrom", "This field is required.");
        }
        else if (request.ValidTo is { } to && to < request.ValidFrom)
        {
            errors.Add("validTo", "The agreement cannot end before it starts.");
        }

        // Organisations are looked up past the platform's filters (an enterprise cannot list collectors); only
        // existence and type are revealed.
        PlatformOrganisationView? collector = null, generator = null;
        if (request.CollectorId is not { } collectorId)
        {
            errors.Add("collectorId", "This field is required.");
        }
        else
        {
            collector = await db.Set<PlatformOrganisationView>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == new OrganisationId(collectorId), cancellationToken);
            if (collector?.Type != OrganisationType.Collector)
            {
                errors.Add("collectorId", "No licensed collection company has this id.");
            }
        }

        if (request.GeneratorId is not { } generatorId)
        {
            errors.Add("generatorId", "This field is required.");
        }
        else if (!WasteAccess.CanAdministerGenerator(actor, new OrganisationId(generatorId)))
        {
            errors.Add("generatorId", "You may sign service agreements for your own enterprise only.");
        }
        else
        {
            generator = await db.Set<PlatformOrganisationView>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == new OrganisationId(generatorId), cancellationToken);
            if (generator?.Type != OrganisationType.Enterprise)
            {
                errors.Add("generatorId", "No enterprise has this id.");
            }
        }

        if (errors.Any || collector is null || generator is null)
        {
            return WasteProblems.Validation(errors);
        }

        var from = request.ValidFrom!.Value;
        var existing = await db.Set<ServiceAgreement>().IgnoreQueryFilters()
            .Where(a => a.GeneratorId == generator.Id)
            .ToListAsync(cancellationToken);
        if (existing.FirstOrDefault(a => a.Overlaps(from, request.ValidTo)) is { } clash)
        {
            return WasteProblems.Conflict("AGeneratorHasOneServingCollectorAtATime",
                $"The enterprise is already served from {clash.ValidFrom:yyyy-MM-dd} to {(clash.ValidTo is { } t ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "open end")} (agreement {clash.Id}); end that agreement first.");
        }

        var agreement = ServiceAgreement.Sign(collector.Id, generator.Id, generator.DistrictId, generator.TownId, from, request.ValidTo,
            request.ContractNumber, actor.AuditName, clock.GetUtcNow().UtcDateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(agreement);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"waste-agreement/{agreement.Id}", "ServiceAgreementSigned", new JsonObject
        {
            ["agreementId"] = agreement.Id,
            ["collectorId"] = collector.Id.Value,
            ["generatorId"] = generator.Id.Value,
            ["validFrom"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["validTo"] = request.ValidTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["contractNumber"] = agreement.ContractNumber,
            ["actor"] = actor.AuditName,
        }, generator.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var response = (await ToResponsesAsync(db, [agreement], WasteTime.Today(clock), cancellationToken))[0];
        return TypedResults.Created($"/api/waste/service-agreements?generatorId={generator.Id}", response);
    }

    private static async Task<Results<Ok<ServiceAgreementResponse>, ValidationProblem, ProblemHttpResult>> EndAsync(
        Guid id, EndServiceAgreementRequest request, WasteDbContext db, ILedger ledger, IActorContext actorContext, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = actorContext.Current;
        var agreement = await db.Set<ServiceAgreement>().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (agreement is null)
        {
            return WasteProblems.NotFound("No service agreement you can see has this id.");
        }

        if (!WasteAccess.CanAdministerGenerator(actor, agreement.GeneratorId) && !WasteAccess.CanDispatchFor(actor, agreement.CollectorId))
        {
            return WasteProblems.Forbidden("Only the parties' administrators or the operator end a service agreement.");
        }

        var errors = new FieldErrors();
        errors.Required("reason", request.Reason, ServiceAgreement.ReasonMaxLength);
        if (request.LastDay is null)
        {
            errors.Add("lastDay", "This field is required.");
        }
        else if (request.LastDay < agreement.ValidFrom)
        {
            errors.Add("lastDay", $"The agreement starts on {agreement.ValidFrom:yyyy-MM-dd}; it cannot end before that.");
        }
        else if (agreement.ValidTo is { } to && to <= request.LastDay)
        {
            errors.Add("lastDay", $"The agreement already ends on {to:yyyy-MM-dd}; it can only be shortened.");
        }

        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        agreement.End(request.LastDay!.Value, request.Reason!);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"waste-agreement/{agreement.Id}", "ServiceAgreementEnded", new JsonObject
        {
            ["agreementId"] = agreement.Id,
            ["lastDay"] = agreement.ValidTo!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["reason"] = agreement.EndReason,
            ["actor"] = actor.AuditName,
        }, agreement.GeneratorId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok((await ToResponsesAsync(db, [agreement], WasteTime.Today(clock), cancellationToken))[0]);
    }

    private static async Task<List<ServiceAgreementResponse>> ToResponsesAsync(WasteDbContext db, IReadOnlyList<ServiceAgreement> agreements, DateOnly today,
        CancellationToken cancellationToken)
    {
        var ids = agreements.SelectMany(a => new[] { a.CollectorId, a.GeneratorId }).Distinct().ToList();
        var names = await db.Set<PlatformOrganisationView>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        return agreements.Select(a => new ServiceAgreementResponse(a.Id, a.CollectorId.Value, names.GetValueOrDefault(a.CollectorId, "?"), a.GeneratorId.Value,
            names.GetValueOrDefault(a.GeneratorId, "?"), a.ValidFrom, a.ValidTo, a.IsInForceOn(today), a.ContractNumber, a.EndReason, a.CreatedAt, a.CreatedBy)).ToList();
    }
}
