using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Platform.Features.Devices;

internal static class ListDevices
{
    public static IEndpointRouteBuilder MapListDevices(this IEndpointRouteBuilder api)
    {
        api.MapGet("/devices", HandleAsync)
            .WithName("ListDevices")
            .WithSummary("Devices at the sites the caller may see, with their keys (prefixes only).")
            .WithTags("Devices")
            .RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Ok<List<DeviceResponse>>> HandleAsync(PlatformDbContext db, Guid? siteId, CancellationToken cancellationToken)
    {
        var query = db.Devices.AsQueryable();
        if (siteId is { } site)
        {
            var id = new SiteId(site);
            query = query.Where(d => d.SiteId == id);
        }

        return TypedResults.Ok(await DeviceProjection.ToResponsesAsync(query.OrderBy(d => d.Name).ThenBy(d => d.Id), db, cancellationToken));
    }
}
