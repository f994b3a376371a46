using System.Text.Json.Serialization;
using GreenIsland.Carbon;
using GreenIsland.Host.Infrastructure;
using GreenIsland.Platform;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Persistence;
using GreenIsland.Telemetry;
using GreenIsland.Waste;
using Microsoft.AspNetCore.Http.Json;

namespace GreenIsland.Host;

/// <summary>
/// Composition root. Kept out of Program.cs so the CLI can build the same application in-process (for example to
/// write the OpenAPI document) without listening on a port.
/// </summary>
internal static class GreenIslandApplication
{
    /// <summary>
    /// <c>Host:BackgroundJobs</c> = false builds the application without the modules' background jobs, for tools that
    /// build the host only to read something from it (the OpenAPI document) and have no database to run jobs against.
    /// </summary>
    public const string BackgroundJobsKey = "Host:BackgroundJobs";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;

        builder.Services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions.TryAdd("traceId", ctx.HttpContext.TraceIdentifier));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddGreenIslandRateLimiting(configuration);
        builder.Services.AddGreenIslandOpenApi();
        builder.Services.Configure<RequestLimits>(configuration.GetSection(RequestLimits.Section));
        // Kestrel's own limit is a backstop above ours, so RequestBodyLimitMiddleware answers first with field errors;
        // routing raises it for endpoints that declare their own limit (IRequestSizeLimitMetadata).
        builder.WebHost.ConfigureKestrel(o =>
            o.Limits.MaxRequestBodySize = 2 * configuration.GetValue(RequestLimits.Section + ":MaxBodyBytes", RequestLimits.DefaultMaxBodyBytes));

        builder.Services.AddPlatformModule(configuration);
        builder.Services.AddTelemetryModule(configuration);
        builder.Services.AddCarbonModule(configuration);
        builder.Services.AddWasteModule(configuration);
        if (!configuration.GetValue(BackgroundJobsKey, defaultValue: true))
        {
            RemoveModuleBackgroundJobs(builder.Services);
        }

        var app = builder.Build();

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRouting();
        // After routing: an endpoint may declare its own body limit (file uploads); before anything reads the body.
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UsePlatformModule();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapGreenIslandHealth();
        app.MapGreenIslandOpenApi();
        app.MapPlatformModule();
        app.MapTelemetryModule();
        app.MapCarbonModule();
        app.MapWasteModule();
        app.MapFallbackToFile("index.html").AllowAnonymousBecause("The web UI shell (index.html) is public; it loads data through the API.");
        app.MapFallback("/api/{**path}", () => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such API endpoint."))
            .AllowAnonymousBecause("Unknown API paths answer 404 ProblemDetails rather than the web UI shell.")
            .ExcludeFromDescription();

        TenancyGuard.EnsureEveryEndpointDeclaresTenancy(app);
        return app;
    }

    /// <summary>Removes every hosted service a GreenIsland module registered; the framework's own (the web host) stay.</summary>
    private static void RemoveModuleBackgroundJobs(IServiceCollection services)
    {
        var jobs = services.Where(d => d.ServiceType == typeof(IHostedService) && !d.IsKeyedService
            && d.ImplementationType?.Assembly.GetName().Name?.StartsWith("GreenIsland.", StringComparison.Ordinal) == true).ToList();
        foreach (var job in jobs)
        {
            services.Remove(job);
        }
    }

    public static Task InitialiseAsync(WebApplication app) =>
        DatabaseInitialiser.RunAtStartupAsync(app.Services, app.Configuration, app.Lifetime.ApplicationStopping);
}
