using GreenIsland.Waste.Domain.Dispatch;
using Microsoft.Extensions.Configuration;

namespace GreenIsland.Waste.Features;

/// <summary>
/// Settings of dispatch and manifests (section <c>Waste</c>): the weight tolerance on receipt is a platform policy,
/// not a legal figure, hence configurable; the 5 working days for the receiver's confirmation come from the Transfer
/// Measures (Order 23) and are configurable only so a correction does not need a release.
/// </summary>
internal sealed record LogisticsOptions(decimal WeightTolerancePercent, int ConfirmationWorkingDays, DispatchSettings Dispatch, int SolverIterations, double SolverSeconds)
{
    public static LogisticsOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new DispatchSettings();
        return new LogisticsOptions(
            configuration.GetValue("Waste:Manifests:WeightTolerancePercent", 5m),
            configuration.GetValue("Waste:Manifests:ConfirmationWorkingDays", 5),
            new DispatchSettings
            {
                ServiceMinutes = configuration.GetValue("Waste:Dispatch:ServiceMinutes", defaults.ServiceMinutes),
                DetourFactor = configuration.GetValue("Waste:Dispatch:DetourFactor", defaults.DetourFactor),
                AverageSpeedKmh = configuration.GetValue("Waste:Dispatch:AverageSpeedKmh", defaults.AverageSpeedKmh),
            },
            configuration.GetValue("Waste:Dispatch:SolverIterations", 3000),
            configuration.GetValue("Waste:Dispatch:SolverSeconds", 10.0));
    }
}
