using GreenIsland.Waste.Features.CommandCentre;
using GreenIsland.Waste.Features.Evaluation;
using GreenIsland.Waste.Features.Plans;
using GreenIsland.Waste.Features.Webhooks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GreenIsland.Waste.Features;

/// <summary>Registration of the oversight features (plans, command centre, webhooks; ledger, declarations, evaluation follow).</summary>
internal static class OversightRegistration
{
    public static IServiceCollection AddWasteOversight(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("GreenIsland-Webhooks/1.0"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddScoped<WebhookDispatcher>();
        services.AddScoped<TonnageProjector>();
        services.AddScoped<OversightAccess>();
        services.AddScoped<CommandCentreQueries>();
        services.AddSingleton(IndicatorSet.LoadEmbedded());
        services.AddSingleton<EvaluationEngine>();
        if (configuration.GetValue($"{WebhookOptions.Section}:{nameof(WebhookOptions.BackgroundDelivery)}", true))
        {
            services.AddHostedService<OversightWorker>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapWasteOversight(this IEndpointRouteBuilder api)
    {
        api.MapManagementPlans();
        api.MapCommandCentre();
        api.MapWebhooks();
        return api;
    }
}
