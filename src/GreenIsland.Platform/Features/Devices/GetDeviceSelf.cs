using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Devices;

internal sealed record DeviceSelfResponse(Guid DeviceId, Guid SiteId, Guid OrganisationId, string Name);

internal static class GetDeviceSelf
{
    public static IEndpointRouteBuilder MapGetDeviceSelf(this IEndpointRouteBuilder api)
    {
        api.MapGet("/device/self", HandleAsync)
            .WithName("GetDeviceSelf")
            .WithSummary("The device identified by the X-Device-Key header (lets a device check its key).")
            .WithTags("Devices")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .RequireTenancy(TenancyRule.DeviceSelf);
        return api;
    }

    private static async Task<Results<Ok<DeviceSelfResponse>, NotFound>> HandleAsync(IActorContext actors, PlatformDbContext db, CancellationToken cancellationToken)
    {
        var deviceId = new DeviceId(actors.Current.ActorId);
        var device = await db.Devices.AsNoTracking().SingleOrDefaultAsync(d => d.Id == deviceId, cancellationToken);
        return device is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new DeviceSelfResponse(device.Id.Value, device.SiteId.Value, device.OrganisationId.Value, device.Name));
    }
}
