using GreenIsland.Waste.Features.Dispatch;
using GreenIsland.Waste.Features.Driver;
using GreenIsland.Waste.Features.Manifests;
using GreenIsland.Waste.Features.Warehouse;
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
        services.AddScoped<PickupQueue>();
        services.AddScoped<ContainerRegistry>();
        services.AddScoped<ContainerCustody>();
        services.AddScoped<CollectionSigning>();
        services.AddScoped<DispatchPlanner>();
        services.AddSingleton<DispatchPlanningHooks>();
        services.AddScoped<ManifestOverdueRule>();
        if (ManifestOverdueJob.Enabled(configuration))
        {
            services.AddHostedService<ManifestOverdueJob>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapWasteLogistics(this IEndpointRouteBuilder api)
    {
        api.MapVehicles();
        SiteHours.Map(api);
        api.MapDispatch();
        api.MapDriver();
        api.MapManifests();
        api.MapManifestCorrections();
        api.MapWarehouse();
        return api;
    }
}
