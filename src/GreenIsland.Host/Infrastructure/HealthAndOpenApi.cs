using System.Text.Json;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.OpenApi;

namespace GreenIsland.Host.Infrastructure;

internal static class HealthAndOpenApi
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddGreenIslandOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "GreenIsland (绿岛) API",
                    Version = "v1",
                    Description = "Hazardous-waste collection, carbon accounting and supervision platform for a district. Errors are RFC 9457 ProblemDetails; "
                                  + "validation errors are 400 with field errors. Web UI: cookie gi.auth + X-XSRF-TOKEN; API clients: bearer tokens from "
                                  + "/api/auth/token; devices: X-Device-Key.",
                };
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapGreenIslandOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json")
            .AllowAnonymousBecause("The API description is public so clients and the web build can generate types.");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/openapi/v1.json", "GreenIsland API v1");
            o.DocumentTitle = "GreenIsland API";
        });
        return app;
    }

    public static WebApplication MapGreenIslandHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymousBecause("Liveness probes carry no credentials.");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync })
            .AllowAnonymousBecause("Readiness probes carry no credentials; the answer reveals only check names and states.");
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), durationMs = e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
