using GreenIsland.Waste.Domain.Dispatch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Features;

/// <summary>
/// Settings of dispatch and manifests (section <c>Waste</c>): the weight tolerance on receipt is a platform policy,
/// not a legal figure, hence configurable; the 5 working days for the receiver's confirmation come from the Transfer
/// Measures (Order 23) and are configurable only so a correction does not need a release. Read once at start-up:
/// a value out of range stops the host with an <see cref="OptionsValidationException"/> naming the key.
/// </summary>
internal sealed record LogisticsOptions(decimal WeightTolerancePercent, int ConfirmationWorkingDays, DispatchSettings Dispatch, int SolverIterations, double SolverSeconds)
{
    public static LogisticsOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = new DispatchSettings();
        var options = new LogisticsOptions(
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
        var failures = options.Validate();
        return failures.Count == 0 ? options : throw new OptionsValidationException("Waste", typeof(LogisticsOptions), failures);
    }

    /// <summary>What is out of range, one message per key (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (WeightTolerancePercent is < 0 or > 100)
        {
            failures.Add("Waste:Manifests:WeightTolerancePercent must be between 0 and 100.");
        }

        if (ConfirmationWorkingDays is < 1 or > 30)
        {
            failures.Add("Waste:Manifests:ConfirmationWorkingDays must be between 1 and 30.");
        }

        if (Dispatch.ServiceMinutes is < 0 or > 240)
        {
            failures.Add("Waste:Dispatch:ServiceMinutes must be between 0 and 240.");
        }

        if (!(Dispatch.DetourFactor is >= 1 and <= 3))
        {
            failures.Add("Waste:Dispatch:DetourFactor must be between 1 and 3.");
        }

        if (!(Dispatch.AverageSpeedKmh is >= 1 and <= 120))
        {
            failures.Add("Waste:Dispatch:AverageSpeedKmh must be between 1 and 120.");
        }

        if (SolverIterations < 1)
        {
            failures.Add("Waste:Dispatch:SolverIterations must be 1 or more.");
        }

        if (!(SolverSeconds is > 0 and <= 300))
        {
            failures.Add("Waste:Dispatch:SolverSeconds must be above 0 and at most 300.");
        }

        return failures;
    }
}
