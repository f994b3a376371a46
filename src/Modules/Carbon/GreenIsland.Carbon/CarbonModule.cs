using GreenIsland.Carbon.Features.Activities;
using GreenIsland.Carbon.Features.Cbam;
using GreenIsland.Carbon.Features.Charts;
using GreenIsland.Carbon.Features.Evidence;
using GreenIsland.Carbon.Features.Products;
using GreenIsland.Carbon.Features.FactorLibraries;
using GreenIsland.Carbon.Features.Inventories;
using GreenIsland.Carbon.Features.Outputs;
using GreenIsland.Carbon.Features.Supervision;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Carbon.Reports;
using GreenIsland.Platform.Contracts.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GreenIsland.Carbon;

/// <summary>Registers and maps the Carbon module (factor libraries, activity data, organisational inventories, CBAM).</summary>
public static class CarbonModule
{
    /// <summary>Adds Carbon's services.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCarbonModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddDbContext<CarbonDbContext>((sp, options) =>
        {
            sp.GetRequiredService<IModuleDbContextConfigurator>().Configure(options, CarbonDbContext.Module);

            // Hand-written migrations (no design-time package, so no model snapshot); a schema test compares model and database.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        services.AddSingleton<FactorLibraryStore>();
        services.AddSingleton<ReportFonts>();
        services.AddScoped<CarbonMigrator>();
        services.AddScoped<IModuleMigrator>(sp => sp.GetRequiredService<CarbonMigrator>());
        return services;
    }

    /// <summary>Maps Carbon's endpoints under <c>/api/carbon</c>.</summary>
    /// <param name="endpoints">The host's route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapCarbonModule(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/carbon");
        api.MapFactorLibraries();
        api.MapActivities();
        api.MapMeterImport();
        api.MapEvidence();
        api.MapInventories();
        api.MapCbam();
        api.MapCbamData();
        api.MapProducts();
        api.MapCarbonSupervision();
        api.MapProductionOutputs();
        api.MapCarbonCharts();
        api.MapInventoryReport();
        return endpoints;
    }
}
