using System.Security.Claims;
using System.Text.Encodings.Web;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Platform.Identity;

/// <summary>
/// <c>X-Device-Key</c>: looks the key up by its public prefix, compares SHA-256 hashes in constant time, and caches
/// the verified key (<see cref="DeviceKeyCache"/>) so a device's next requests need no database query. The
/// DbContext is only created when the cache cannot answer.
/// </summary>
internal sealed class DeviceKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    DeviceKeyCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(AuthSchemes.DeviceKeyHeader, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = values.ToString().Trim();
        if (!DeviceKeyMaterial.TryGetPrefix(presented, out var prefix))
        {
            return AuthenticateResult.Fail("Malformed device key.");
        }

        var hash = DeviceKeyHash.Of(presented);
        if (!cache.TryGet(hash, out var verified))
        {
            var generation = cache.Generation;
            var db = Context.RequestServices.GetRequiredService<PlatformDbContext>();
            var candidate = await (
                    from key in db.DeviceKeys
                    join device in db.Devices.IgnoreQueryFilters() on key.DeviceId equals device.Id
                    where key.Prefix == prefix && key.RevokedAt == null
                    select new { key.Hash, device.Id, device.Name, device.OrganisationId, device.SiteId })
                .AsNoTracking()
                .SingleOrDefaultAsync(Context.RequestAborted);
            if (candidate is null || !DeviceKeyMaterial.Matches(presented, candidate.Hash))
            {
                return AuthenticateResult.Fail("Unknown or revoked device key.");
            }

            verified = new VerifiedDeviceKey(candidate.Id.Value.ToString("D"), candidate.Name,
                candidate.OrganisationId.Value.ToString("D"), candidate.SiteId.Value.ToString("D"));
            cache.Add(hash, verified, generation);
        }

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, verified.DeviceId),
            new Claim(ClaimTypes.Name, verified.Name),
            new Claim(PlatformClaims.Kind, PlatformClaims.DeviceKind),
            new Claim(PlatformClaims.Organisation, verified.OrganisationId),
            new Claim(PlatformClaims.Site, verified.SiteId),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
