using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Waste.Features.CommandCentre;
using GreenIsland.Waste.Features.Demo;
using GreenIsland.Waste.Features.Declarations;
using GreenIsland.Waste.Features.Evaluation;
using GreenIsland.Waste.Features.Ledger;
using GreenIsland.Waste.Features.Plans;
using GreenIsland.Waste.Features.Webhooks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.Waste.Features;

/// <summary>Registration of the oversight features (ledger, plans, declarations, evaluation, command centre, webhooks).</summary>
internal static class OversightRegistration
{
    public static IServiceCollection AddWasteOversight(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddOptions<DeclarationDueDates>().Bind(configuration.GetSection(DeclarationDueDates.Section))
            .Validate(d => d.IsValid(), "Waste:Declarations: PeriodDueDayOfFollowingMonth must be 1-28 and AnnualDueMonth/AnnualDueDay a real date.")
            .ValidateOnStart();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("GreenIsland-Webhooks/1.0"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddScoped<WebhookDispatcher>();
        services.AddScoped<TonnageProjector>();
        services.AddScoped<OversightAccess>();
        services.AddScoped<LedgerSource>();
        services.AddScoped<EvidenceCollector>();
        services.AddScoped<CommandCentreQueries>();
        services.AddSingleton(IndicatorSet.LoadEmbedded());
        services.AddSingleton<EvaluationEngine>();
        services.AddScoped<WasteHistory>();
        services.AddScoped<IModuleDemoSeeder, WasteDemoSeeder>();
        if (configuration.GetValue($"{WebhookOptions.Section}:{nameof(WebhookOptions.BackgroundDelivery)}", true))
        {
            services.AddHostedService<OversightWorker>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapWasteOversight(this IEndpointRouteBuilder api)
    {
        api.MapWasteLedger();
        api.MapManagementPlans();
        api.MapDeclarations();
        api.MapEvaluations();
        api.MapCommandCentre();
        api.MapWebhooks();
        return api;
    }
}
