using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GreenIsland.Waste.Features;

internal static class WasteProblems
{
    /// <summary>The extension that carries the reason codes of the field errors (see <see cref="FieldErrors.ToCodeDictionary"/>).</summary>
    public const string FieldCodesExtension = "fieldCodes";

    public static ValidationProblem Validation(FieldErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is invalid.", extensions: Extensions(errors));

    /// <summary>The 400 body for <paramref name="errors"/>: the reasons per field, plus their codes where there are any.</summary>
    public static HttpValidationProblemDetails Details(FieldErrors errors)
    {
        var problem = new HttpValidationProblemDetails(errors.ToDictionary()) { Status = StatusCodes.Status400BadRequest, Title = "The request is invalid." };
        foreach (var (key, value) in Extensions(errors))
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    private static Dictionary<string, object?> Extensions(FieldErrors errors) =>
        errors.ToCodeDictionary() is { } codes ? new() { [FieldCodesExtension] = codes } : [];

    public static ValidationProblem Validation(string field, string reason) => Validation(new FieldErrors().Add(field, reason));

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "NotFound");

    public static ProblemHttpResult Conflict(string rule, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: rule);
}

/// <summary>Who may change what in the Waste module (reading is governed by the query filters).</summary>
internal static class WasteAccess
{
    public static bool IsOperator(Actor actor) => actor.Kind == ActorKind.System || (actor.Kind == ActorKind.User && actor.IsInRole(PlatformRoles.PlatformAdmin));

    /// <summary>The generator's own enterprise users (admin or staff) or the platform.</summary>
    public static bool CanActForGenerator(Actor actor, OrganisationId generator) =>
        IsOperator(actor)
        || (actor.Kind == ActorKind.User && actor.OrganisationId == generator
            && (actor.IsInRole(PlatformRoles.EnterpriseAdmin) || actor.IsInRole(PlatformRoles.EnterpriseStaff)));

    /// <summary>The generator's administrators or the platform.</summary>
    public static bool CanAdministerGenerator(Actor actor, OrganisationId generator) =>
        IsOperator(actor) || (actor.Kind == ActorKind.User && actor.OrganisationId == generator && actor.IsInRole(PlatformRoles.EnterpriseAdmin));

    /// <summary>A regulator's user (which objects it reaches is the query filters' business: its jurisdiction).</summary>
    public static bool IsRegulator(Actor actor) => actor.Kind == ActorKind.User && actor.IsInRole(PlatformRoles.Regulator);

    /// <summary>A dispatcher of the collector or the platform.</summary>
    public static bool CanDispatchFor(Actor actor, OrganisationId collector) =>
        IsOperator(actor) || (actor.Kind == ActorKind.User && actor.OrganisationId == collector && actor.IsInRole(PlatformRoles.CollectorDispatcher));
}
