using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GreenIsland.Platform.Contracts.Tenancy;

/// <summary>
/// How an endpoint is scoped to tenants. Every endpoint declares exactly one rule (or is anonymous with a stated
/// reason); the host refuses to start when an endpoint declares neither, and the integration tests exercise each
/// rule with every role against objects of two organisations.
/// </summary>
public enum TenancyRule
{
    /// <summary>Any signed-in person; the endpoint returns only the caller's own data or non-tenant reference data.</summary>
    SignedIn = 1,

    /// <summary>Any signed-in person; data is filtered to what the actor's <see cref="TenantScope"/> sees.</summary>
    OrganisationScoped = 2,

    /// <summary>
    /// Changes an organisation's own data: platform admins anywhere, organisation administrators
    /// (<see cref="Organisations.PlatformRoles.OrganisationAdministrators"/>) in their own organisation only.
    /// </summary>
    OrganisationAdministration = 3,

    /// <summary>Supervision data: regulators (within their jurisdiction) and platform admins.</summary>
    Supervision = 4,

    /// <summary>Platform admins only.</summary>
    OperatorOnly = 5,

    /// <summary>Devices authenticated by their API key; the device sees only itself.</summary>
    DeviceSelf = 6,
}

/// <summary>Endpoint metadata recording the tenancy rule an endpoint declared.</summary>
/// <param name="Rule">The rule.</param>
public sealed record TenancyRuleMetadata(TenancyRule Rule);

/// <summary>Endpoint metadata recording why an endpoint may be called anonymously.</summary>
/// <param name="Reason">The reason, for reviewers and the tenancy tests.</param>
public sealed record AnonymousAccessMetadata(string Reason);

/// <summary>Declares tenancy rules on endpoints.</summary>
public static class TenancyEndpointExtensions
{
    /// <summary>The authorization policy name that enforces a rule.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The policy name.</returns>
    public static string PolicyName(TenancyRule rule) => $"tenancy:{rule}";

    /// <summary>Declares the endpoint's tenancy rule and requires the matching authorization policy.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The endpoint (or group) builder.</param>
    /// <param name="rule">The rule.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireTenancy<TBuilder>(this TBuilder builder, TenancyRule rule)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new TenancyRuleMetadata(rule));
        builder.RequireAuthorization(PolicyName(rule));
        return builder;
    }

    /// <summary>Allows anonymous access and records why.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="builder">The endpoint builder.</param>
    /// <param name="reason">Why the endpoint needs no actor.</param>
    /// <returns>The builder.</returns>
    public static TBuilder AllowAnonymousBecause<TBuilder>(this TBuilder builder, string reason)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        builder.WithMetadata(new AnonymousAccessMetadata(reason));
        builder.AllowAnonymous();
        return builder;
    }

    /// <summary>Finds endpoints that declare neither a tenancy rule nor an anonymous reason.</summary>
    /// <param name="endpoints">The endpoints to check.</param>
    /// <returns>Display names of offending endpoints.</returns>
    public static IReadOnlyList<string> FindEndpointsWithoutTenancy(IEnumerable<Endpoint> endpoints) =>
        endpoints
            .Where(e => e.Metadata.GetMetadata<TenancyRuleMetadata>() is null && e.Metadata.GetMetadata<AnonymousAccessMetadata>() is null)
            .Select(e => e.DisplayName ?? e.ToString() ?? "?")
            .ToList();
}

/// <summary>Names of the rate-limiting policies endpoints may opt into.</summary>
public static class RateLimitPolicies
{
    /// <summary>Stricter limits for credential checks (login, token).</summary>
    public const string Credentials = "credentials";

    /// <summary>
    /// Telemetry ingest: a token bucket per device (the key's owner: a device or a gateway), instead of the
    /// per-caller platform limit; anonymous callers share one bucket per client address.
    /// </summary>
    public const string DeviceIngest = "device-ingest";
}
