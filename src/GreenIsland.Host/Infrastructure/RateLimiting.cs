using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.AspNetCore.Mvc;

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
                if (context.Request.Path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("health");
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
