using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Waste.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Waste.Features.Evaluation;

internal sealed record PointsLostResponse(decimal Points, string Reason, string ReasonEn);

internal sealed record IndicatorResponse(string Code, string Name, string NameEn, decimal Weight, decimal Points, IReadOnlyList<PointsLostResponse> Lost);

internal sealed record EvaluationResponse(
    Guid OrganisationId, string OrganisationName, int Year, DateOnly EvaluatedOn, decimal Score, string IndicatorSetVersion, IReadOnlyList<IndicatorResponse> Indicators);

internal sealed record IndicatorLossResponse(string Code, decimal Points);

internal sealed record RankingEntryResponse(int Rank, Guid OrganisationId, string OrganisationName, Guid TownId, decimal Score, IReadOnlyList<IndicatorLossResponse> PointsLost);

internal static class EvaluationEndpoints
{
    public static IEndpointRouteBuilder MapEvaluations(this IEndpointRouteBuilder api)
    {
        api.MapGet("/evaluation", GetAsync)
            .WithName("GetWasteEvaluation")
            .WithSummary("The standardised-management evaluation of one enterprise for a year (to date): score out of 100 and, per indicator, the points lost with their reasons. The enterprise, its regulator, its serving collector, or the operator.")
            .WithTags("Waste evaluation")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapGet("/evaluation/ranking", RankingAsync)
            .WithName("GetWasteEvaluationRanking")
            .WithSummary("Every enterprise the caller supervises (regulator: jurisdiction; collector: served enterprises; operator: all), ranked by score, best first, optionally within one town.")
            .WithTags("Waste evaluation")
            .RequireTenancy(TenancyRule.OrganisationScoped);

        api.MapGet("/evaluation/indicators", Indicators)
            .WithName("GetWasteEvaluationIndicators")
            .WithSummary("The indicator set: codes, names, weights (out of 100) and the evidence each is computed from.")
            .WithTags("Waste evaluation")
            .RequireTenancy(TenancyRule.SignedIn);
        return api;
    }

    private static Ok<IndicatorSet> Indicators(EvaluationEngine engine) => TypedResults.Ok(engine.Set);

    private static async Task<Results<Ok<EvaluationResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        Guid? organisationId, int? year, OversightAccess access, EvidenceCollector evidence, EvaluationEngine engine, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = WasteTime.Today(clock);
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year)
        {
            return WasteProblems.Validation("year", $"Must be between 2000 and {today.Year}.");
        }

        var organisation = organisationId is { } o ? new OrganisationId(o) : access.Actor.OrganisationId;
        var org = await access.VisibleEnterpriseAsync(organisation, cancellationToken);
        if (org is null)
        {
            return WasteProblems.NotFound("No enterprise you can see has this id.");
        }

        var evaluatedOn = y == today.Year ? today : new DateOnly(y, 12, 31);
        var facts = await evidence.CollectAsync([organisation], y, evaluatedOn, cancellationToken);
        var score = engine.Score(facts[organisation]);
        return TypedResults.Ok(new EvaluationResponse(org.Id.Value, org.Name, y, evaluatedOn, score.Score, score.IndicatorSetVersion,
            score.Indicators.Select(i => new IndicatorResponse(i.Code, i.Name, i.NameEn, i.Weight, i.Points,
                i.Lost.Select(l => new PointsLostResponse(l.Points, l.Reason, l.ReasonEn)).ToList())).ToList()));
    }

    private static async Task<Results<Ok<List<RankingEntryResponse>>, ValidationProblem, ProblemHttpResult>> RankingAsync(
        int? year, Guid? townId, OversightAccess access, EvidenceCollector evidence, EvaluationEngine engine, TimeProvider clock, CancellationToken cancellationToken)
    {
        var actor = access.Actor;
        if (!actor.SeesEverything && !actor.IsInRole(PlatformRoles.Regulator) && actor.OrganisationType != OrganisationType.Collector)
        {
            return WasteProblems.Forbidden("The ranking is for regulators, collectors (their served enterprises) and the operator.");
        }

        var today = WasteTime.Today(clock);
        var y = year ?? today.Year;
        if (y < 2000 || y > today.Year)
        {
            return WasteProblems.Validation("year", $"Must be between 2000 and {today.Year}.");
        }

        var enterprises = await access.VisibleEnterprisesAsync(townId is { } t ? new JurisdictionId(t) : null, cancellationToken);
        var evaluatedOn = y == today.Year ? today : new DateOnly(y, 12, 31);
        var facts = await evidence.CollectAsync(enterprises.Select(e => e.Id).ToList(), y, evaluatedOn, cancellationToken);
        var ranked = enterprises
            .Select(e => (Org: e, Score: engine.Score(facts[e.Id])))
            .OrderByDescending(x => x.Score.Score).ThenBy(x => x.Org.Name, StringComparer.Ordinal)
            .Select((x, i) => new RankingEntryResponse(i + 1, x.Org.Id.Value, x.Org.Name, x.Org.TownId.Value, x.Score.Score,
                x.Score.Indicators.Where(ind => ind.Points < ind.Weight).Select(ind => new IndicatorLossResponse(ind.Code, ind.Weight - ind.Points)).ToList()))
            .ToList();
        return TypedResults.Ok(ranked);
    }
}
