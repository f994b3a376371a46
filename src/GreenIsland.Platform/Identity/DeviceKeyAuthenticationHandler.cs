using System.Security.Claims;
using System.Text.Encodings.Web;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Platform.Identity;

internal sealed class DeviceKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    PlatformDbContext db)
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

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, candidate.Id.Value.ToString("D")),
            new Claim(ClaimTypes.Name, candidate.Name),
            new Claim(PlatformClaims.Kind, PlatformClaims.DeviceKind),
            new Claim(PlatformClaims.Organisation, candidate.OrganisationId.Value.ToString("D")),
            new Claim(PlatformClaims.Site, candidate.SiteId.Value.ToString("D")),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
