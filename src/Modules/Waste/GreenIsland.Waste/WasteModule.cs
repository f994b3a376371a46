using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Waste.Features;
using GreenIsland.Waste.Features.Alerts;
using GreenIsland.Waste.Features.Cabinets;
using GreenIsland.Waste.Features.Catalogue;
using GreenIsland.Waste.Features.Containers;
using GreenIsland.Waste.Features.PickupRequests;
using GreenIsland.Waste.Features.Printing;
using GreenIsland.Waste.Features.Rules;
using GreenIsland.Waste.Features.ServiceAgreements;
using GreenIsland.Waste.Features.Streams;
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
        services.AddOptions<WasteRulesOptions>().Bind(configuration.GetSection(WasteRulesOptions.Section))
            .Validate(o => o.FillRearm < o.FillTrigger && o.FillTrigger is > 0 and <= 1, "Waste:Rules: FillRearm must be below FillTrigger (0..1].")
            .Validate(o => o.FillRearm >= 0, "Waste:Rules: FillRearm must be 0 or more.")
            .Validate(o => o.StorageWarningDays >= 0 && o.StorageLimitDays > o.StorageWarningDays, "Waste:Rules: StorageLimitDays must exceed StorageWarningDays.")
            .Validate(o => o.TemperatureMinC < o.TemperatureMaxC && o.TemperatureHysteresisC >= 0,
                "Waste:Rules: TemperatureMinC must be below TemperatureMaxC and TemperatureHysteresisC 0 or more.")
            .Validate(o => o.VocMaxPpm > 0 && o.VocHysteresisPpm >= 0 && o.VocHysteresisPpm < o.VocMaxPpm,
                "Waste:Rules: VocMaxPpm must be above 0 and VocHysteresisPpm between 0 and VocMaxPpm.")
            .Validate(o => o.StorageCheckInterval > TimeSpan.Zero, "Waste:Rules: StorageCheckInterval must be positive.")
            .ValidateOnStart();
        services.AddScoped<WasteLedger>();
        services.AddScoped<WasteAlerts>();
        services.AddScoped<ActorNames>();
        services.AddScoped<PickupRequestTransitions>();
        services.AddScoped<ContainerTransitions>();
        services.AddScoped<CabinetRules>();
        services.AddScoped<StorageAgeRule>();
        services.AddScoped<ProcessedEventPurge>();
        services.AddScoped<ITelemetryEventSubscriber, TelemetryEventSubscriber>();
        services.AddSingleton<WasteFonts>();
        if (configuration.GetValue("Waste:BackgroundJobs", defaultValue: true))
        {
            services.AddHostedService<WasteBackgroundJobs>();
        }

        services.AddWasteOversight(configuration);
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
        api.MapCatalogue();
        api.MapStreams();
        api.MapCabinets();
        api.MapContainers();
        api.MapAlerts();
        api.MapPickupRequests();
        api.MapWasteOversight();
        return endpoints;
    }
}
