using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Tests;

public sealed class CatalogueTests
{
    [Fact]
    public void MetricIds_AreUniqueAndCodesResolve()
    {
        Assert.Equal(MetricCatalogue.All.Count, MetricCatalogue.All.Select(m => m.Id).Distinct().Count());
        foreach (var metric in MetricCatalogue.All)
        {
            Assert.Same(metric, MetricCatalogue.Get(metric.Code));
            Assert.Same(metric, MetricCatalogue.Get(metric.Id));
        }
    }

    [Theory]
    [InlineData("fill_ratio", "1", false)]
    [InlineData("weight", "kg", false)]
    [InlineData("temperature", "Cel", false)]
    [InlineData("voc", "ppm", false)]
    [InlineData("energy_import", "kWh", true)]
    [InlineData("pv_generation", "kWh", true)]
    public void Catalogue_DeclaresTheIssueUnits(string code, string unit, bool cumulative)
    {
        var metric = MetricCatalogue.Get(code);
        Assert.Equal(unit, metric.Unit);
        Assert.Equal(cumulative, metric.IsCumulative);
    }

    [Fact]
    public void EveryDeviceTypeReportsOnlyCatalogueMetrics()
    {
        foreach (var type in Enum.GetValues<DeviceType>())
        {
            Assert.All(DeviceTypeProfiles.MetricsOf(type), code => Assert.True(MetricCatalogue.TryGet(code, out _)));
        }
    }
}
