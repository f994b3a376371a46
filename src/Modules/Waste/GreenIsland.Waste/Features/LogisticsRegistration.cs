using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Features.Vehicles;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.Waste.Features;

/// <summary>Services and endpoints of vehicles, dispatch, the driver flow, manifests and the transfer warehouse.</summary>
internal static class LogisticsRegistration
{
    public static IServiceCollection AddWasteLogistics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(LogisticsOptions.From(configuration));
        services.AddScoped<ManifestRecorder>();
        services.AddScoped<SiteHours>();

        // Dispatch, driver flow and manifest transitions need the pickup queue and the container registry
        // (IPickupQueue, IContainerRegistry) over the containers and pickup requests of waste-core; they are
        // registered and mapped once those land.
        return services;
    }

    public static IEndpointRouteBuilder MapWasteLogistics(this IEndpointRouteBuilder api)
    {
        api.MapVehicles();
        SiteHours.Map(api);
        return api;
    }
}
