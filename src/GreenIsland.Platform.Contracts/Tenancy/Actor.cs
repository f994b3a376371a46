using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;

namespace GreenIsland.Platform.Contracts.Tenancy;

/// <summary>Who is making a request.</summary>
public enum ActorKind
{
    /// <summary>Nobody signed in.</summary>
    Anonymous = 0,

    /// <summary>A person with an account.</summary>
    User = 1,

    /// <summary>A device authenticated by its API key.</summary>
    Device = 2,

    /// <summary>The platform itself (CLI, start-up seeding, background jobs): sees everything.</summary>
    System = 3,
}

/// <summary>
/// The resolved actor of the current request: user or device, its organisation, roles and (for regulators) the
/// jurisdiction it supervises. Resolved once per request by the platform; modules read it from
/// <see cref="IActorContext"/>.
/// </summary>
/// <param name="Kind">User, device, system or anonymous.</param>
/// <param name="ActorId">The user or device id (empty for anonymous and system).</param>
/// <param name="Name">User name or device name, for audit trails.</param>
/// <param name="OrganisationId">The actor's organisation (empty for anonymous and system).</param>
/// <param name="OrganisationType">The organisation's type (null for anonymous and system).</param>
/// <param name="Roles">Role names (see <see cref="PlatformRoles"/>).</param>
/// <param name="JurisdictionId">The supervised jurisdiction of a regulator, otherwise null.</param>
public sealed record Actor(
    ActorKind Kind,
    Guid ActorId,
    string Name,
    OrganisationId OrganisationId,
    OrganisationType? OrganisationType,
    IReadOnlyList<string> Roles,
    JurisdictionId? JurisdictionId)
{
    /// <summary>Nobody signed in.</summary>
    public static Actor Anonymous { get; } = new(ActorKind.Anonymous, Guid.Empty, "anonymous", default, null, [], null);

    /// <summary>The platform itself.</summary>
    public static Actor System { get; } = new(ActorKind.System, Guid.Empty, "system", default, null, [], null);

    /// <summary>Whether the actor has a role.</summary>
    /// <param name="role">A role name.</param>
    /// <returns>True when the actor has it.</returns>
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Whether the actor sees every organisation (operator staff and the system).</summary>
    public bool SeesEverything => Kind == ActorKind.System || (Kind == ActorKind.User && IsInRole(PlatformRoles.PlatformAdmin));

    /// <summary>A stable text form for audit records, e.g. <c>user:alice</c>.</summary>
    public string AuditName => Kind switch
    {
        ActorKind.User => $"user:{Name}",
        ActorKind.Device => $"device:{ActorId}",
        ActorKind.System => "system",
        _ => "anonymous",
    };
}

/// <summary>Gives access to the actor of the current request (or job).</summary>
public interface IActorContext
{
    /// <summary>The current actor; <see cref="Actor.Anonymous"/> until authentication resolves one.</summary>
    Actor Current { get; }
}

/// <summary>
/// Which organisations the current actor may see, derived from the actor in one place. Modules use it in their
/// EF query filters: a row is visible when <see cref="SeesEverything"/>, or its organisation is
/// <see cref="OrganisationId"/>, or it lies in <see cref="DistrictId"/> or <see cref="TownId"/>.
/// Empty ids never match a row.
/// </summary>
/// <param name="SeesEverything">Operator and system actors.</param>
/// <param name="OrganisationId">The actor's own organisation (empty for none).</param>
/// <param name="DistrictId">A supervised district (empty for none).</param>
/// <param name="TownId">A supervised town (empty for none).</param>
public sealed record TenantScope(bool SeesEverything, OrganisationId OrganisationId, JurisdictionId DistrictId, JurisdictionId TownId)
{
    /// <summary>Sees nothing (anonymous).</summary>
    public static TenantScope Nothing { get; } = new(false, default, default, default);

    /// <summary>Sees everything (operator, system).</summary>
    public static TenantScope Everything { get; } = new(true, default, default, default);
}

/// <summary>Resolves the <see cref="TenantScope"/> of the current actor.</summary>
public interface ITenantScopeProvider
{
    /// <summary>The scope of the current actor.</summary>
    TenantScope Current { get; }
}
