using GreenIsland.Platform.Contracts.Identifiers;
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
        group.MapGet("/cabinets", CabinetsAsync)
            .WithName("GetWasteCommandCentreCabinets")
            .WithSummary("Cabinets on the map, one page at a time (limit 1-5000, default 2000; pass next as after for the following page), optionally within a town or a WGS84 bounding box (minLongitude, minLatitude, maxLongitude, maxLatitude, all four): coordinates of the site, fill ratio, online, open alerts. Collector: its served generators; regulator: its jurisdiction.")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        group.MapGet("/alerts", AlertsAsync)
            .WithName("GetWasteCommandCentreAlerts")
            .WithSummary("Open alerts: counts by kind and the latest 50.")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        group.MapGet("/alerts/closed", ClosedAlertsAsync)
            .WithName("GetWasteCommandCentreClosedAlerts")
            .WithSummary("Alerts closed in the last days (days 1-90, default 7), the latest closing first (limit 1-200, default 50): who acknowledged and closed "
                + "each (audit id and display name), when and why. Collector: its served generators; regulator: its jurisdiction.")
            .RequireTenancy(TenancyRule.OrganisationScoped);
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
        group.MapGet("/trace/{code}", TraceAsync)
            .WithName("GetWasteContainerTrace")
            .WithSummary("A container's full timeline by its identification code (the QR payload): deposit, alerts, pickup, collection, manifest steps, warehouse, disposal. Also the container's own enterprise.")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    // The command centre is for collectors and regulators (and the operator); an enterprise has its own pages.
    private static ProblemHttpResult? Refuse(Actor actor) =>
        actor.SeesEverything || actor.IsInRole(PlatformRoles.Regulator) || actor.OrganisationType is OrganisationType.Collector
            ? null
            : WasteProblems.Forbidden("The command centre is for collectors, regulators and the operator.");

    private static async Task<Results<Ok<CabinetMapPage>, ValidationProblem, ProblemHttpResult>> CabinetsAsync(
        Guid? townId, double? minLongitude, double? minLatitude, double? maxLongitude, double? maxLatitude, Guid? after, int? limit,
        IActorContext actors, CommandCentreQueries queries, CancellationToken cancellationToken)
    {
        if (Refuse(actors.Current) is { } refused)
        {
            return refused;
        }

        var errors = new FieldErrors();
        if (limit is < 1 or > 5000)
        {
            errors.Add("limit", "Must be between 1 and 5000.");
        }

        double?[] box = [minLongitude, minLatitude, maxLongitude, maxLatitude];
        if (box.Any(b => b is not null) && box.Any(b => b is null))
        {
            errors.Add("minLongitude", "Give all four bounds of the box (minLongitude, minLatitude, maxLongitude, maxLatitude) or none.");
        }
        else if (box.All(b => b is not null))
        {
            if (minLongitude < -180 || maxLongitude > 180 || minLongitude > maxLongitude)
            {
                errors.Add("minLongitude", "Longitudes lie in -180..180 and minLongitude must not exceed maxLongitude.");
            }

            if (minLatitude < -90 || maxLatitude > 90 || minLatitude > maxLatitude)
            {
                errors.Add("minLatitude", "Latitudes lie in -90..90 and minLatitude must not exceed maxLatitude.");
            }
        }

        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        var filter = new CabinetMapFilter(townId is { } t ? new JurisdictionId(t) : null, minLongitude, minLatitude, maxLongitude, maxLatitude, after, limit ?? 2000);
        return TypedResults.Ok(await queries.CabinetsAsync(filter, cancellationToken));
    }

    private static async Task<Results<Ok<AlertOverview>, ProblemHttpResult>> AlertsAsync(IActorContext actors, CommandCentreQueries queries, CancellationToken cancellationToken) =>
        Refuse(actors.Current) is { } refused ? refused : TypedResults.Ok(await queries.AlertsAsync(cancellationToken));

    private static async Task<Results<Ok<List<ClosedAlert>>, ValidationProblem, ProblemHttpResult>> ClosedAlertsAsync(int? days, int? limit, IActorContext actors,
        CommandCentreQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Refuse(actors.Current) is { } refused)
        {
            return refused;
        }

        var errors = new FieldErrors();
        if (days is < 1 or > 90)
        {
            errors.Add("days", "Must be between 1 and 90.");
        }

        if (limit is < 1 or > 200)
        {
            errors.Add("limit", "Must be between 1 and 200.");
        }

        if (errors.Any)
        {
            return WasteProblems.Validation(errors);
        }

        var since = clock.GetUtcNow().UtcDateTime.AddDays(-(days ?? 7));
        return TypedResults.Ok(await queries.RecentlyClosedAsync(since, limit ?? 50, cancellationToken));
    }

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

    private static async Task<Results<Ok<ContainerTrace>, ValidationProblem, ProblemHttpResult>> TraceAsync(
        string code, CommandCentreQueries queries, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 100)
        {
            return WasteProblems.Validation("code", "Give the container's identification code (at most 100 characters).");
        }

        var trace = await queries.TraceAsync(code.Trim(), cancellationToken);
        return trace is null ? WasteProblems.NotFound("No container you can see has this code.") : TypedResults.Ok(trace);
    }
}
