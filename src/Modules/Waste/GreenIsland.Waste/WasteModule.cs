using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Waste.Features;
using GreenIsland.Waste.Features.ServiceAgreements;
using GreenIsland.Waste.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GreenIsland.Waste;

/// <summary>
/// Registers and maps the Waste module (hazardous-waste catalogue, service agreements, streams, cabinets, containers,
/// rules and alerts, pickup requests, dispatch, manifests, warehouse, ledger and declarations, evaluation).
/// </summary>
public static class WasteModule
{
    /// <summary>Adds Waste's services.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWasteModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddDbContext<WasteDbContext>((sp, options) =>
        {
            sp.GetRequiredService<IModuleDbContextConfigurator>().Configure(options, WasteDbContext.Module);

            // Hand-written migrations (no design-time package, so no model snapshot); a schema test compares model and database.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        services.AddScoped<WasteMigrator>();
        services.AddScoped<IModuleMigrator>(sp => sp.GetRequiredService<WasteMigrator>());
        services.AddScoped<ServingCollectors>();
        services.AddWasteLogistics(configuration);
        return services;
    }

    /// <summary>Maps Waste's endpoints under <c>/api/waste</c>.</summary>
    /// <param name="endpoints">The host's route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapWasteModule(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/waste");
        api.MapServiceAgreements();
        api.MapWasteLogistics();
        return endpoints;
    }
}
