using System.Security.Claims;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using GreenIsland.Platform.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GreenIsland.Platform.Identity;

/// <summary>
/// Turns the authenticated principal into an <see cref="Actor"/> and its <see cref="TenantScope"/>: the one place
/// where tenancy is derived. A user whose account was deactivated, or whose security stamp changed (password
/// change, role change, unlock), is treated as signed out, so cookies and bearer tokens stop working at once.
/// </summary>
internal sealed class ActorResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, ActorContext actors, IOptions<IdentityOptions> identityOptions)
    {
        var principal = context.User;
        if (principal.Identity?.IsAuthenticated == true)
        {
            // The DbContext is resolved only for users: device requests (the ingest path) need no database here.
            var resolved = principal.FindFirstValue(PlatformClaims.Kind) switch
            {
                PlatformClaims.DeviceKind => ResolveDevice(principal),
                PlatformClaims.UserKind => await ResolveUserAsync(principal, context.RequestServices.GetRequiredService<PlatformDbContext>(),
                    identityOptions.Value, context.RequestAborted),
                _ => null,
            };
            if (resolved is null)
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
            else
            {
                actors.Set(resolved.Value.Actor, resolved.Value.Scope);
            }
        }

        await next(context);
    }

    private static (Actor Actor, TenantScope Scope)? ResolveDevice(ClaimsPrincipal principal)
    {
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var deviceId)
            || !Guid.TryParse(principal.FindFirstValue(PlatformClaims.Organisation), out var organisationId))
        {
            return null;
        }

        var organisation = new OrganisationId(organisationId);
        var actor = new Actor(ActorKind.Device, deviceId, principal.FindFirstValue(ClaimTypes.Name) ?? "device", organisation, null, [], null);
        return (actor, new TenantScope(false, organisation, default, default));
    }

    private static async Task<(Actor Actor, TenantScope Scope)?> ResolveUserAsync(ClaimsPrincipal principal, PlatformDbContext db,
        IdentityOptions options, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            return null;
        }

        var row = await (
                from u in db.Users
                join o in db.Organisations.IgnoreQueryFilters() on u.OrganisationId equals o.Id
                where u.Id == userId
                select new
                {
                    u.UserName,
                    u.IsActive,
                    u.SecurityStamp,
                    OrganisationId = o.Id,
                    o.Type,
                    o.SupervisedJurisdictionId,
                    Level = db.Jurisdictions.Where(j => j.Id == o.SupervisedJurisdictionId).Select(j => (JurisdictionLevel?)j.Level).FirstOrDefault(),
                })
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null || !row.IsActive
            || !string.Equals(principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType), row.SecurityStamp, StringComparison.Ordinal))
        {
            return null;
        }

        var roles = principal.FindAll(options.ClaimsIdentity.RoleClaimType).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList();
        var actor = new Actor(ActorKind.User, userId, row.UserName ?? string.Empty, row.OrganisationId, row.Type, roles,
            row.Type == OrganisationType.Regulator ? row.SupervisedJurisdictionId : null);

        TenantScope scope;
        if (actor.SeesEverything)
        {
            scope = TenantScope.Everything;
        }
        else if (actor.IsInRole(PlatformRoles.Regulator) && row.Type == OrganisationType.Regulator && row.SupervisedJurisdictionId is { } supervised)
        {
            scope = row.Level == JurisdictionLevel.District
                ? new TenantScope(false, row.OrganisationId, supervised, default)
                : new TenantScope(false, row.OrganisationId, default, supervised);
        }
        else
        {
            scope = new TenantScope(false, row.OrganisationId, default, default);
        }

        return (actor, scope);
    }
}
