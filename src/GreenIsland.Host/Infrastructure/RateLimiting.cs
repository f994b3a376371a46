using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace GreenIsland.Host.Infrastructure;

internal sealed class RateLimitSettings
{
    public const string Section = "RateLimiting";

    /// <summary>Requests per window per signed-in user (or per client address when anonymous).</summary>
    public int PermitLimit { get; set; } = 600;

    public int WindowSeconds { get; set; } = 60;

    /// <summary>Sign-in and token attempts per window per client address.</summary>
    public int CredentialsPermitLimit { get; set; } = 10;

    public int CredentialsWindowSeconds { get; set; } = 60;

    /// <summary>Section <c>RateLimiting:DeviceIngest</c>: the telemetry ingest endpoint's bucket per device key.</summary>
    public DeviceIngestLimit DeviceIngest { get; set; } = new();
}

/// <summary>
/// Token bucket per device (or gateway) on <c>POST /api/telemetry/readings</c>. The defaults let a gateway send a
/// 5,000-reading batch every 0.5 s sustained (10,000 readings/s, far above a site's 40-readings/s of cabinets) and
/// catch up after an outage with bursts of 120 requests, while a leaked or misbehaving key cannot monopolise the
/// write path. Readings per request are capped separately (5,000).
/// </summary>
internal sealed class DeviceIngestLimit
{
    /// <summary>Bucket size: requests a device may send back to back.</summary>
    public int TokenLimit { get; set; } = 120;

    /// <summary>Tokens added every <see cref="ReplenishmentPeriodSeconds"/>.</summary>
    public int TokensPerPeriod { get; set; } = 2;

    public double ReplenishmentPeriodSeconds { get; set; } = 1;
}

internal static class RateLimiting
{
    public static IServiceCollection AddGreenIslandRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(RateLimitSettings.Section).Get<RateLimitSettings>() ?? new RateLimitSettings();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.StartsWithSegments("/health")
                    || context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == RateLimitPolicies.DeviceIngest)
                {
                    // Health probes are never limited; ingest has its own per-device bucket (below).
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var key = context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user ? "user:" + user : "ip:" + ClientAddress(context);
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                    QueueLimit = 0,
                });
            });
            options.AddPolicy(RateLimitPolicies.Credentials, context =>
                RateLimitPartition.GetFixedWindowLimiter("credentials:" + ClientAddress(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.CredentialsPermitLimit,
                    Window = TimeSpan.FromSeconds(settings.CredentialsWindowSeconds),
                    QueueLimit = 0,
                }));
            var ingest = settings.DeviceIngest;
            options.AddPolicy(RateLimitPolicies.DeviceIngest, context =>
            {
                // Authentication ran before the limiter: a valid device key resolved to its device (or gateway).
                var actor = context.RequestServices.GetRequiredService<IActorContext>().Current;
                var key = actor.Kind == ActorKind.Device ? "ingest-device:" + actor.ActorId.ToString("N") : "ingest-ip:" + ClientAddress(context);
                return RateLimitPartition.GetTokenBucketLimiter(key,
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = ingest.TokenLimit,
                        TokensPerPeriod = ingest.TokensPerPeriod,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(ingest.ReplenishmentPeriodSeconds),
                        AutoReplenishment = true,
                        QueueLimit = 0,
                    });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : settings.WindowSeconds;
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = $"Rate limit reached; retry after {retryAfter} second(s).",
                    },
                });
            };
        });
        return services;
    }

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
