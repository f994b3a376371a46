using GreenIsland.Platform.Contracts.Tenancy;

namespace GreenIsland.Platform.Tenancy;

/// <summary>Per request (or per job) holder of the actor and its tenant scope; set once by the platform.</summary>
internal sealed class ActorContext : IActorContext, ITenantScopeProvider
{
    public Actor Current { get; private set; } = Actor.Anonymous;

    public TenantScope Scope { get; private set; } = TenantScope.Nothing;

    TenantScope ITenantScopeProvider.Current => Scope;

    public void Set(Actor actor, TenantScope scope)
    {
        Current = actor;
        Scope = scope;
    }

    /// <summary>For the CLI, start-up seeding and background jobs.</summary>
    public void UseSystem() => Set(Actor.System, TenantScope.Everything);
}
