using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Telemetry.Devices;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Features.Devices;
using GreenIsland.Telemetry.Features.Ingest;
using GreenIsland.Telemetry.Features.Queries;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Liveness;
using GreenIsland.Telemetry.Outbox;
using GreenIsland.Telemetry.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GreenIsland.Telemetry;

/// <summary>Registers and maps the Telemetry module (device registry, ingest, rollups, liveness, outbox).</summary>
public static class TelemetryModule
{
    /// <summary>Adds Telemetry's services; reads the <c>Telemetry</c> configuration section.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddTelemetryModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddDbContext<TelemetryDbContext>((sp, options) =>
        {
            sp.GetRequiredService<IModuleDbContextConfigurator>().Configure(options, TelemetryDbContext.Module);

            // Migrations are hand-written (no design-time package, so no model snapshot); the schema test
            // compares the model with the migrated database instead.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });

        services.AddSingleton<TelemetryDatabase>();
        services.AddSingleton<ReadingPartitions>();
        services.AddSingleton(sp => new RollupCalendar(TimeZoneInfo.FindSystemTimeZoneById(sp.GetRequiredService<IOptions<TelemetryOptions>>().Value.TimeZone)));
        services.AddSingleton<PlatformDeviceDirectory>();
        services.AddSingleton<DeviceRegistry>();
        services.AddSingleton<LastSeenThrottle>();
        services.AddSingleton<DeferredWork>();
        services.AddSingleton<PostgresReadingStore>();
        services.AddSingleton<SqliteReadingStore>();
        services.AddSingleton<IReadingStore>(sp => sp.GetRequiredService<TelemetryDatabase>().IsPostgres
            ? sp.GetRequiredService<PostgresReadingStore>()
            : sp.GetRequiredService<SqliteReadingStore>());
        services.AddSingleton<IngestService>();
        services.AddScoped<LivenessMonitor>();
        services.AddScoped<GreenIsland.Telemetry.Contracts.ITelemetryRollupReader, TelemetryRollupReader>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<TelemetryMigrator>();
        services.AddScoped<IModuleMigrator>(sp => sp.GetRequiredService<TelemetryMigrator>());

        if (configuration.GetValue($"{TelemetryOptions.Section}:{nameof(TelemetryOptions.BackgroundJobs)}", defaultValue: true))
        {
            services.AddHostedService<TelemetryBackgroundJobs>();
            services.AddHostedService<RollupMergeJob>();
        }

        return services;
    }

    /// <summary>Maps Telemetry's endpoints under <c>/api/telemetry</c>.</summary>
    /// <param name="endpoints">The host's route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapTelemetryModule(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapIngestReadings();
        endpoints.MapTelemetryDevices();
        endpoints.MapTelemetryQueries();
        return endpoints;
    }
}
