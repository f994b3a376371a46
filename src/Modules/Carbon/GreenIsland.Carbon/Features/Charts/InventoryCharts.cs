using System.Globalization;
using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Carbon.Domain.Units;

namespace GreenIsland.Carbon.Features.Charts;

/// <summary>One inventory line as the charts need it.</summary>
internal sealed record ChartLine(DateOnly Month, Guid SiteId, EmissionScope Scope, decimal Co2eKg);

/// <summary>One production output record as the charts need it.</summary>
internal sealed record ChartOutput(DateOnly Month, Guid SiteId, decimal Quantity, string Unit, string Product);

/// <summary>Monthly series of one inventory. Emissions in tCO2e (exact sums); intensity in tCO2e per output unit, rounded to 6 decimals.</summary>
internal sealed record InventoryChartsResponse(
    Guid InventoryId,
    string Name,
    string Status,
    IReadOnlyList<string> Months,
    IReadOnlyList<decimal> Scope1Tco2e,
    IReadOnlyList<decimal> Scope2LocationTco2e,
    IReadOnlyList<decimal> Scope2MarketTco2e,
    string? OutputUnit,
    IReadOnlyList<string> Products,
    IReadOnlyList<decimal?> Output,
    string? IntensityUnit,
    IReadOnlyList<decimal?> IntensityLocation,
    IReadOnlyList<decimal?> IntensityMarket,
    decimal? AnnualIntensityLocation,
    decimal? AnnualIntensityMarket,
    IReadOnlyList<SiteChartRow> Sites,
    IReadOnlyList<string> Notes);

/// <summary>A boundary site's totals for the period, with its own intensity (its output in its own unit).</summary>
internal sealed record SiteChartRow(Guid SiteId, string SiteName, decimal Scope1Tco2e, decimal Scope2LocationTco2e, decimal Scope2MarketTco2e,
    decimal? Output, string? OutputUnit, decimal? IntensityLocation, decimal? IntensityMarket);

/// <summary>
/// Shapes an inventory's lines and the boundary's production output into chart series. Intensity =
/// (Scope 1 + Scope 2) / output, location- and market-based; a month without output has no intensity (null, never 0).
/// Outputs of several sites are added only when they share a dimension (converted to the most used unit);
/// otherwise intensity is given per site only and a note says why.
/// </summary>
internal static class InventoryCharts
{
    public const int IntensityDecimals = 6;

    public static InventoryChartsResponse Build(Guid inventoryId, string name, string status, DateOnly periodFrom, DateOnly periodTo,
        IReadOnlyList<ChartLine> lines, IReadOnlyList<ChartOutput> outputs, IReadOnlyDictionary<Guid, string> siteNames)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(siteNames);
        var months = new List<DateOnly>();
        for (var m = new DateOnly(periodFrom.Year, periodFrom.Month, 1); m <= periodTo; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        var inPeriod = outputs.Where(o => o.Month >= months[0] && o.Month <= periodTo && siteNames.ContainsKey(o.SiteId)).ToList();
        decimal Tonnes(IEnumerable<ChartLine> subset, EmissionScope scope) => subset.Where(l => l.Scope == scope).Sum(l => l.Co2eKg) / 1000m;

        var scope1 = months.Select(m => Tonnes(lines.Where(l => l.Month == m), EmissionScope.Scope1)).ToList();
        var location = months.Select(m => Tonnes(lines.Where(l => l.Month == m), EmissionScope.Scope2LocationBased)).ToList();
        var market = months.Select(m => Tonnes(lines.Where(l => l.Month == m), EmissionScope.Scope2MarketBased)).ToList();
        var notes = new List<string>();

        var units = inPeriod.Select(o => UnitCatalogue.Get(o.Unit)).ToList();
        Unit? common = null;
        if (units.Count > 0 && units.Select(u => u.Dimension).Distinct().Count() == 1)
        {
            common = units.GroupBy(u => u.Symbol, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().First();
        }
        else if (units.Count > 0)
        {
            notes.Add("The boundary's sites record output in different dimensions, so there is no organisation-wide intensity; see the intensity per site.");
        }
        else
        {
            notes.Add("No production output is recorded for the boundary in this period, so intensity cannot be shown.");
        }

        var output = months.Select(m =>
        {
            var monthOutputs = inPeriod.Where(o => o.Month == m).ToList();
            return common is null || monthOutputs.Count == 0 ? (decimal?)null : monthOutputs.Sum(o => Quantity.Of(o.Quantity, o.Unit).In(common));
        }).ToList();
        if (common is not null && output.Any(o => o is null))
        {
            notes.Add("Months without recorded output have no intensity.");
        }

        var intensityLocation = months.Select((_, i) => Intensity(scope1[i] + location[i], output[i])).ToList();
        var intensityMarket = months.Select((_, i) => Intensity(scope1[i] + market[i], output[i])).ToList();

        // The annual figure uses only months that have output, so a missing month does not dilute or inflate it.
        var withOutput = Enumerable.Range(0, months.Count).Where(i => output[i] is not null).ToList();
        var annualOutput = withOutput.Count == 0 ? (decimal?)null : withOutput.Sum(i => output[i]!.Value);
        var annualLocation = Intensity(withOutput.Sum(i => scope1[i] + location[i]), annualOutput);
        var annualMarket = Intensity(withOutput.Sum(i => scope1[i] + market[i]), annualOutput);

        var sites = siteNames.OrderBy(s => s.Value, StringComparer.Ordinal).Select(s =>
        {
            var siteLines = lines.Where(l => l.SiteId == s.Key).ToList();
            var siteOutputs = inPeriod.Where(o => o.SiteId == s.Key).ToList();
            Unit? siteUnit = siteOutputs.Count == 0 ? null
                : siteOutputs.GroupBy(o => o.Unit, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => UnitCatalogue.Get(g.Key)).First();
            var siteMonths = siteOutputs.Select(o => o.Month).ToHashSet();
            var siteOutput = siteUnit is null ? (decimal?)null : siteOutputs.Sum(o => Quantity.Of(o.Quantity, o.Unit).In(siteUnit));
            var covered = siteLines.Where(l => siteMonths.Contains(l.Month)).ToList();
            var s1 = Tonnes(siteLines, EmissionScope.Scope1);
            var s2l = Tonnes(siteLines, EmissionScope.Scope2LocationBased);
            var s2m = Tonnes(siteLines, EmissionScope.Scope2MarketBased);
            return new SiteChartRow(s.Key, s.Value, s1, s2l, s2m, siteOutput, siteUnit?.Symbol,
                Intensity(Tonnes(covered, EmissionScope.Scope1) + Tonnes(covered, EmissionScope.Scope2LocationBased), siteOutput),
                Intensity(Tonnes(covered, EmissionScope.Scope1) + Tonnes(covered, EmissionScope.Scope2MarketBased), siteOutput));
        }).ToList();

        return new InventoryChartsResponse(inventoryId, name, status,
            months.Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList(), scope1, location, market,
            common?.Symbol, inPeriod.Select(o => o.Product).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(), output,
            common is null ? null : $"tCO2e/{common.Symbol}", intensityLocation, intensityMarket, annualLocation, annualMarket, sites, notes);
    }

    public static decimal? Intensity(decimal tco2e, decimal? output) =>
        output is { } o && o > 0 ? Math.Round(tco2e / o, IntensityDecimals, MidpointRounding.AwayFromZero) : null;
}
