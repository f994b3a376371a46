using GreenIsland.Platform.Contracts.Tenancy;

namespace GreenIsland.Host.Infrastructure;

internal static class TenancyGuard
{
    /// <summary>Refuses to start when any endpoint declares neither a tenancy rule nor an anonymous reason.</summary>
    public static void EnsureEveryEndpointDeclaresTenancy(WebApplication app)
    {
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints);
        var offenders = TenancyEndpointExtensions.FindEndpointsWithoutTenancy(endpoints);
        if (offenders.Count > 0)
        {
            throw new InvalidOperationException(
                "Every endpoint must declare .RequireTenancy(TenancyRule.X) or .AllowAnonymousBecause(reason). Missing on: " + string.Join(", ", offenders));
        }
    }
}
