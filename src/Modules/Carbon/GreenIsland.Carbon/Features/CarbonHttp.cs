using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GreenIsland.Carbon.Features;

internal static class CarbonProblems
{
    public static ValidationProblem Validation(FieldErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request is invalid.");

    public static ValidationProblem Validation(string field, string reason) => Validation(new FieldErrors().Add(field, reason));

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
}

/// <summary>
/// Who may change an organisation's carbon data: its own enterprise users (administrators for approvals) and the
/// platform itself. Regulators and operator staff read (through the query filters) but do not edit enterprise data.
/// </summary>
internal static class CarbonAccess
{
    public static bool CanEdit(Actor actor, OrganisationId organisation) =>
        actor.Kind == ActorKind.System
        || (actor.Kind == ActorKind.User && actor.OrganisationId == organisation
            && (actor.IsInRole(PlatformRoles.EnterpriseAdmin) || actor.IsInRole(PlatformRoles.EnterpriseStaff)));

    public static bool CanApprove(Actor actor, OrganisationId organisation) =>
        actor.Kind == ActorKind.System
        || (actor.Kind == ActorKind.User && actor.OrganisationId == organisation && actor.IsInRole(PlatformRoles.EnterpriseAdmin));
}
