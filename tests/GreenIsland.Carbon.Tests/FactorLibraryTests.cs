using GreenIsland.Carbon.Domain.Factors;

namespace GreenIsland.Carbon.Tests;

public sealed class FactorLibraryTests
{
    private static readonly DateOnly Mid2022 = new(2022, 6, 30);

    [Fact]
    public void ShippedLibraries_AllLoad_AndEveryValueHasASource()
    {
        Assert.Equal(9, ShippedLibraries.All.Count);
        Assert.All(ShippedLibraries.All.SelectMany(l => l.Factors).SelectMany(f => f.Values),
            v => Assert.False(string.IsNullOrWhiteSpace(v.Source)));
    }

    [Fact]
    public void GridStatistical_2023Values_AreMarkedRecalled_2022Verified()
    {
        var grid = ShippedLibraries.Get(ShippedLibraries.GridStatistical);
        Assert.Equal(Confidence.Recalled, grid.Find("electricity.grid", "CN-JS", new DateOnly(2023, 3, 1)).Value("CO2").Confidence);
        Assert.Equal(Confidence.Verified, grid.Find("electricity.grid", "CN-JS", Mid2022).Value("CO2").Confidence);
    }

    [Fact]
    public void CarbonMarketFactor_IsItsOwnSeries_NotInTheStatisticalLibrary()
    {
        var market = ShippedLibraries.Get(ShippedLibraries.GridCarbonMarket).Find("electricity.grid", "CN", Mid2022);
        var statistical = ShippedLibraries.Get(ShippedLibraries.GridStatistical).Find("electricity.grid", "CN", Mid2022);
        Assert.Equal(0.5703m, market.Value("CO2").Value);
        Assert.Equal(0.5366m, statistical.Value("CO2").Value);
    }

    [Fact]
    public void Find_OutsideEveryEffectivePeriod_IsAnUnknownFactorError()
    {
        var grid = ShippedLibraries.Get(ShippedLibraries.GridStatistical);
        var error = Assert.Throws<UnknownFactorException>(() => grid.Find("electricity.grid", "CN-JS", new DateOnly(2020, 5, 1)));
        Assert.Contains("CN-JS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_UnknownRegion_IsAnUnknownFactorError() =>
        Assert.Throws<UnknownFactorException>(() => ShippedLibraries.Get(ShippedLibraries.GridStatistical).Find("electricity.grid", "CN-XX", Mid2022));

    [Fact]
    public void GwpSets_HaveTheTabulatedValues()
    {
        Assert.Equal(1300m, new GwpSet(ShippedLibraries.Get(ShippedLibraries.GwpAr5)).Of("HFC-134a"));
        Assert.Equal(1530m, new GwpSet(ShippedLibraries.Get(ShippedLibraries.GwpAr6)).Of("HFC-134a"));
        Assert.Equal(25m, new GwpSet(ShippedLibraries.Get(ShippedLibraries.GwpAr4)).Of("CH4"));
        Assert.Throws<UnknownFactorException>(() => new GwpSet(ShippedLibraries.Get(ShippedLibraries.GwpAr5)).Of("hfc-134a"));
    }

    [Fact]
    public void Csv_WriteThenParse_RoundTripsEveryShippedLibrary()
    {
        foreach (var library in ShippedLibraries.All)
        {
            var parsed = FactorCsv.Parse(FactorCsv.Write(library.Factors));
            Assert.Empty(parsed.Errors);
            Assert.Equal(library.Factors.Count, parsed.Factors.Count);
            Assert.Equal(
                library.Factors.SelectMany(f => f.Values.Select(v => (f.Code, f.Region, f.ValidFrom, f.ValidTo, v.Component, v.Value, v.Unit.Symbol, v.Source, v.Confidence))),
                parsed.Factors.SelectMany(f => f.Values.Select(v => (f.Code, f.Region, f.ValidFrom, f.ValidTo, v.Component, v.Value, v.Unit.Symbol, v.Source, v.Confidence))));
        }
    }

    [Fact]
    public void Csv_Parse_ReportsEveryBadRowWithLineAndField()
    {
        const string text = """
            factor_code,region,valid_from,valid_to,component,value,unit,source,confidence,note
            electricity.grid,CN,2022-01-01,2022-12-31,CO2,0.5366,tCO2/MWh,doc,V,
            electricity.grid,CN-JS,2022-01-01,2022-12-31,CO2,abc,tCO2/mWh,doc,V,
            electricity.grid,CN-ZJ,2022-13-01,2022-12-31,CO2,0.5,tCO2/MWh,,X,
            """;
        var result = FactorCsv.Parse(text);
        Assert.Contains(result.Errors, e => e is { Line: 3, Field: "value" });
        Assert.Contains(result.Errors, e => e is { Line: 3, Field: "unit" });
        Assert.Contains(result.Errors, e => e is { Line: 4, Field: "valid_from" });
        Assert.Contains(result.Errors, e => e is { Line: 4, Field: "source" });
        Assert.Contains(result.Errors, e => e is { Line: 4, Field: "confidence" });
        Assert.Single(result.Factors);
    }

    [Fact]
    public void Csv_Parse_RejectsOverlappingPeriodsForOneFactor()
    {
        const string text = """
            factor_code,region,valid_from,valid_to,component,value,unit,source,confidence,note
            electricity.grid,CN,2022-01-01,2022-12-31,CO2,0.5366,tCO2/MWh,doc,V,
            electricity.grid,CN,2022-06-01,2023-05-31,CO2,0.5306,tCO2/MWh,doc,R,
            """;
        Assert.Contains(FactorCsv.Parse(text).Errors, e => e.Field == "valid_from");
    }

    [Fact]
    public void Csv_Parse_QuotedFieldsMayContainCommasAndQuotes()
    {
        const string text = "factor_code,region,valid_from,valid_to,component,value,unit,source,confidence,note\n"
                            + "x,CN,2022-01-01,2022-12-31,CO2,1,tCO2/MWh,\"Doc, \"\"table\"\" 2\",V,\n";
        var result = FactorCsv.Parse(text);
        Assert.Empty(result.Errors);
        Assert.Equal("Doc, \"table\" 2", result.Factors[0].Values[0].Source);
    }
}
