using System.Globalization;
using GreenIsland.Carbon.Domain.Inventories;

namespace GreenIsland.Carbon.Reports;

/// <summary>
/// The inventory as an XLSX workbook with the same content as the PDF report, exact decimals throughout:
/// Summary (organisation, period, methodology, totals, assumptions, status and approval), By month, Lines (every line
/// with its factor version), By gas, By site, Factors (every value used with library, version and source), Boundary,
/// Recalculations.
/// </summary>
internal static class InventoryWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Write(InventoryReportInput r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var siteNames = r.Sites.ToDictionary(s => s.Id, s => s.Name);
        var s1 = r.Scope1Tco2e;
        List<IReadOnlyList<XlsxCell>> summary =
        [
            ["Organisation / 报告主体", r.OrganisationName],
            ["Credit code / 统一社会信用代码", r.CreditCode],
            ["Inventory / 清单", r.InventoryName],
            ["Inventory id", r.InventoryId.ToString()],
            ["Period / 核算期", $"{Date(r.PeriodFrom)} – {Date(r.PeriodTo)}"],
            ["Boundary / 核算边界", string.Join("; ", r.Sites.Select(s => s.Name))],
            ["Methodology / 方法学", "ISO 14064-1:2018; GB/T 32150-2015; Scope 2 location- and market-based (GHG Protocol Scope 2 Guidance)"],
            ["Grid region / 电网区域", r.GridRegion],
            ["GWP set", r.GwpSet],
            ["Scope 1 (tCO2e)", Cell(s1)],
            ["Scope 2 location-based (tCO2)", Cell(r.Scope2LocationTco2e)],
            ["Scope 2 market-based (tCO2)", Cell(r.Scope2MarketTco2e)],
            ["Total location-based (tCO2e)", Cell(s1 + r.Scope2LocationTco2e)],
            ["Total market-based (tCO2e)", Cell(s1 + r.Scope2MarketTco2e)],
            ["Energy (tce)", Cell(r.EnergyTce)],
            ["Residual-mix stand-in used / 剩余组合替代因子", r.ResidualStandInUsed ? "yes (ASSUMPTION: China publishes no residual mix; national factor excluding market-traded non-fossil electricity used)" : "no"],
            ["Factors marked R (recalled or single-source)", r.Factors.Count(f => f.Confidence != "V")],
            .. r.Notes.Select(n => (IReadOnlyList<XlsxCell>)["Note", n]),
            ["Status / 状态", r.Status.ToString()],
            ["Created", $"{Instant(r.CreatedAt)} {r.CreatedBy}"],
            ["Calculated", r.CalculatedAt is { } c ? Instant(c) : "—"],
            ["Submitted", r.SubmittedAt is { } sub ? Instant(sub) : "—"],
            ["Approved", r.ApprovedAt is { } a ? $"{Instant(a)} {r.ApprovedBy}" : "—"],
            ["Generated", Instant(r.GeneratedAt)],
        ];
        List<IReadOnlyList<XlsxCell>> months =
        [
            ["Month", "Scope", "tCO2e"],
            .. r.Lines.GroupBy(l => (l.Month, l.Scope)).OrderBy(g => g.Key.Month).ThenBy(g => g.Key.Scope)
                .Select(g => (IReadOnlyList<XlsxCell>)[Month(g.Key.Month), g.Key.Scope.ToString(), g.Sum(l => l.Co2eKg) / 1000m]),
        ];
        List<IReadOnlyList<XlsxCell>> lines =
        [
            ["Month", "Site", "Scope", "Category", "Gas", "Gas mass (kg)", "GWP", "CO2e (kg)", "Factor library", "Library version", "Factor", "Region", "Factor valid from", "Site name"],
            .. r.Lines.Select(l => (IReadOnlyList<XlsxCell>)[Month(l.Month), l.SiteId.ToString(), l.Scope.ToString(), l.Category.ToString(), l.Gas, l.GasMassKg, l.Gwp, l.Co2eKg,
                l.FactorLibrary, (decimal)l.FactorVersion, l.FactorCode, l.FactorRegion, Date(l.FactorValidFrom), siteNames.GetValueOrDefault(l.SiteId, string.Empty)]),
        ];
        List<IReadOnlyList<XlsxCell>> gases =
        [
            ["Scope", "Gas", "Gas mass (kg)", "GWP", "tCO2e"],
            .. r.Lines.GroupBy(l => (l.Scope, l.Gas)).OrderBy(g => g.Key.Scope).ThenBy(g => g.Key.Gas, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<XlsxCell>)[g.Key.Scope.ToString(), g.Key.Gas, g.Sum(l => l.GasMassKg), g.First().Gwp, g.Sum(l => l.Co2eKg) / 1000m]),
        ];
        List<IReadOnlyList<XlsxCell>> sites =
        [
            ["Site", "Site id", "Scope 1 (tCO2e)", "Scope 2 location (tCO2)", "Scope 2 market (tCO2)"],
            .. r.Sites.Select(s => (IReadOnlyList<XlsxCell>)[s.Name, s.Id.ToString(), Sum(r, s.Id, EmissionScope.Scope1), Sum(r, s.Id, EmissionScope.Scope2LocationBased),
                Sum(r, s.Id, EmissionScope.Scope2MarketBased)]),
        ];
        List<IReadOnlyList<XlsxCell>> factors =
        [
            ["Library", "Version", "Library source", "Factor", "Region", "Valid from", "Component", "Value", "Unit", "Source", "Confidence"],
            .. r.Factors.Select(f => (IReadOnlyList<XlsxCell>)[f.Library, (decimal)f.Version, f.LibrarySource, f.FactorCode, f.Region, Date(f.ValidFrom), f.Component, f.Value, f.Unit,
                f.Source, f.Confidence]),
        ];
        List<IReadOnlyList<XlsxCell>> recalculations =
        [
            ["At", "By", "Reason"],
            .. r.Recalculations.Select(x => (IReadOnlyList<XlsxCell>)[Instant(x.At), x.By, x.Reason]),
        ];
        return XlsxWriter.Write(
        [
            new XlsxSheet("Summary", summary), new XlsxSheet("By month", months), new XlsxSheet("Lines", lines), new XlsxSheet("By gas", gases),
            new XlsxSheet("By site", sites), new XlsxSheet("Factors", factors), new XlsxSheet("Recalculations", recalculations),
        ]);
    }

    private static decimal Sum(InventoryReportInput r, Guid site, EmissionScope scope) =>
        r.Lines.Where(l => l.SiteId == site && l.Scope == scope).Sum(l => l.Co2eKg) / 1000m;

    private static XlsxCell Cell(decimal? value) => value is { } v ? v : (XlsxCell)"—";

    private static string Month(DateOnly m) => m.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
