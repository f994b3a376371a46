using GreenIsland.Waste.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GreenIsland.Waste.Tests.Logistics;

/// <summary>Waste settings are checked when the host starts, each failure naming its key (audit S5 S12).</summary>
public sealed class WasteSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Defaults_AreValid()
    {
        var options = LogisticsOptions.From(Config());
        Assert.Empty(options.Validate());
        Assert.Equal((5m, 5), (options.WeightTolerancePercent, options.ConfirmationWorkingDays));
        using var provider = Services(Config());
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("Waste:Manifests:WeightTolerancePercent", "-1")]
    [InlineData("Waste:Manifests:WeightTolerancePercent", "101")]
    [InlineData("Waste:Manifests:ConfirmationWorkingDays", "0")]
    [InlineData("Waste:Dispatch:ServiceMinutes", "-5")]
    [InlineData("Waste:Dispatch:DetourFactor", "0.5")]
    [InlineData("Waste:Dispatch:AverageSpeedKmh", "0")]
    [InlineData("Waste:Dispatch:SolverIterations", "0")]
    [InlineData("Waste:Dispatch:SolverSeconds", "0")]
    public void Logistics_OutOfRange_StopsTheHostNamingTheKey(string key, string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Services(Config((key, value))));
        Assert.Contains(failure.Failures, f => f.StartsWith(key + " ", StringComparison.Ordinal));
        Assert.Single(failure.Failures);
    }

    [Theory]
    [InlineData("Waste:Rules:FillRearm", "0.9", "FillRearm must be below FillTrigger")]
    [InlineData("Waste:Rules:FillTrigger", "1.5", "FillRearm must be below FillTrigger")]
    [InlineData("Waste:Rules:StorageWarningDays", "400", "StorageLimitDays must exceed StorageWarningDays")]
    [InlineData("Waste:Rules:TemperatureMinC", "50", "TemperatureMinC must be below TemperatureMaxC")]
    [InlineData("Waste:Rules:TemperatureHysteresisC", "-1", "TemperatureHysteresisC 0 or more")]
    [InlineData("Waste:Rules:VocHysteresisPpm", "60", "VocHysteresisPpm between 0 and VocMaxPpm")]
    [InlineData("Waste:Rules:StorageCheckInterval", "00:00:00", "StorageCheckInterval must be positive")]
    public void Rules_OutOfRange_FailAtStartNotAtTheFirstCabinetEvent(string key, string value, string reason)
    {
        using var provider = Services(Config((key, value)));
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(failure.Failures, f => f.Contains(reason, StringComparison.Ordinal));
    }

    private static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWasteModule(configuration);
        return services.BuildServiceProvider();
    }
}
