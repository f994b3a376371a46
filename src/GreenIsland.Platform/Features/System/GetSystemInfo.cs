using System.Reflection;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Demo;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace GreenIsland.Platform.Features.System;

internal sealed record DemoAccountResponse(string UserName, string Password, string Role, string OrganisationName);

internal sealed record SystemInfoResponse(string Product, string Version, bool IsDemo, string? DistrictName, IReadOnlyList<DemoAccountResponse>? DemoAccounts);

internal static class GetSystemInfo
{
    public static IEndpointRouteBuilder MapGetSystemInfo(this IEndpointRouteBuilder api)
    {
        api.MapGet("/system/info", HandleAsync)
            .WithName("GetSystemInfo")
            .WithSummary("Product, version and whether this installation runs on demo data (with the demo accounts).")
            .WithTags("System")
            .AllowAnonymousBecause("The sign-in page shows the product, version and demo banner before anyone signs in.");
        return api;
    }

    private static async Task<Ok<SystemInfoResponse>> HandleAsync(PlatformDbContext db, IOptions<DemoOptions> demo, CancellationToken cancellationToken)
    {
        var version = typeof(GetSystemInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var district = await db.Jurisdictions.AsNoTracking()
            .Where(j => j.Level == JurisdictionLevel.District)
            .OrderBy(j => j.Code)
            .Select(j => new { j.Name, j.IsDemo })
            .FirstOrDefaultAsync(cancellationToken);

        var isDemo = demo.Value.Enabled || district?.IsDemo == true;
        IReadOnlyList<DemoAccountResponse>? accounts = null;
        if (demo.Value.Enabled)
        {
            var names = DemoDistrict.Accounts.Select(a => a.UserName.ToUpperInvariant()).ToList();
            var organisations = await (
                    from u in db.Users
                    join o in db.Organisations.IgnoreQueryFilters() on u.OrganisationId equals o.Id
                    where names.Contains(u.NormalizedUserName!) && u.IsDemo
                    select new { u.UserName, o.Name })
                .AsNoTracking()
                .ToDictionaryAsync(x => x.UserName!, x => x.Name, StringComparer.Ordinal, cancellationToken);
            accounts = DemoDistrict.Accounts
                .Where(a => organisations.ContainsKey(a.UserName))
                .Select(a => new DemoAccountResponse(a.UserName, DemoDistrict.Password, a.Role, organisations[a.UserName]))
                .ToList();
        }

        return TypedResults.Ok(new SystemInfoResponse("GreenIsland 绿岛", version, isDemo, district?.Name, accounts));
    }
}
