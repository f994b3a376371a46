using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Waste.Features.CommandCentre;

internal static class CommandCentreEndpoints
{
    public static IEndpointRouteBuilder MapCommandCentre(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/command-centre").WithTags("Waste command centre");
        group.MapGet("/trips-today", TripsTodayAsync)
            .WithName("GetWasteCommandCentreTripsToday")
            .WithSummary("Today's trips (China date): vehicle, status, stops done of planned, planned and collected kg. Collector: its own; regulator: trips with a stop in its jurisdiction.")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        group.MapGet("/manifests", ManifestsAsync)
            .WithName("GetWasteCommandCentreManifests")
            .WithSummary("Manifests by state (open states all; disposed, refused and cancelled ones of the last 30 days) and the receipts not confirmed by their deadline.")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        group.MapGet("/tonnage", TonnageAsync)
            .WithName("GetWasteCommandCentreTonnage")
            .WithSummary("Accepted tonnes in a year by HW category, town or month (from the monthly projection).")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    // The command centre is for collectors and regulators (and the operator); an enterprise has its own pages.
    private static ProblemHttpResult? Refuse(Actor actor) =>
        actor.SeesEverything || actor.IsInRole(PlatformRoles.Regulator) || actor.OrganisationType is OrganisationType.Collector
            ? null
            : WasteProblems.Forbidden("The command centre is for collectors, regulators and the operator.");

    private static async Task<Results<Ok<List<TripToday>>, ProblemHttpResult>> TripsTodayAsync(IActorContext actors, CommandCentreQueries queries, CancellationToken cancellationToken) =>
        Refuse(actors.Current) is { } refused ? refused : TypedResults.Ok(await queries.TripsTodayAsync(cancellationToken));

    private static async Task<Results<Ok<ManifestOverview>, ProblemHttpResult>> ManifestsAsync(IActorContext actors, CommandCentreQueries queries, CancellationToken cancellationToken) =>
        Refuse(actors.Current) is { } refused ? refused : TypedResults.Ok(await queries.ManifestsAsync(cancellationToken));

    private static async Task<Results<Ok<List<TonnageRow>>, ValidationProblem, ProblemHttpResult>> TonnageAsync(
        string? by, int? year, IActorContext actors, CommandCentreQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Refuse(actors.Current) is { } refused)
        {
            return refused;
        }

        var errors = new FieldErrors();
        var dimension = by ?? "category";
        if (dimension is not ("category" or "town" or "month"))
        {
            errors.Add("by", "Must be category, town or month.");
        }

        var y = year ?? WasteTime.Today(clock).Year;
        if (y is < 2000 or > 2100)
        {
            errors.Add("year", "Must be between 2000 and 2100.");
        }

        return errors.Any ? WasteProblems.Validation(errors) : TypedResults.Ok(await queries.TonnageAsync(dimension, y, cancellationToken));
    }
}
