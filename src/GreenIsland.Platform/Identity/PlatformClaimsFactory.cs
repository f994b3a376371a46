using System.Security.Claims;
using GreenIsland.Platform.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GreenIsland.Platform.Identity;

internal sealed class PlatformClaimsFactory(UserManager<PlatformUser> users, RoleManager<PlatformRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PlatformUser, PlatformRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PlatformUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PlatformClaims.Kind, PlatformClaims.UserKind));
        identity.AddClaim(new Claim(PlatformClaims.Organisation, user.OrganisationId.Value.ToString("D")));
        identity.AddClaim(new Claim(PlatformClaims.DisplayName, user.DisplayName));
        return identity;
    }
}
