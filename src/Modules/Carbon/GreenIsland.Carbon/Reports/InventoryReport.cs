using System.Globalization;
using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Documents.Pdf;

namespace GreenIsland.Carbon.Reports;

/// <summary>One emission line of the report (tCO2e are derived from kg here).</summary>
internal sealed record ReportLine(DateOnly Month, Guid SiteId, EmissionScope Scope, EmissionCategory Category, string Gas, decimal GasMassKg, decimal Gwp, decimal Co2eKg,
    string FactorLibrary = "", int FactorVersion = 0, string FactorCode = "", string FactorRegion = "", DateOnly FactorValidFrom = default);

/// <summary>A factor value the inventory used, with its library version and source.</summary>
internal sealed record ReportFactor(string Library, int Version, string LibrarySource, string FactorCode, string Region, DateOnly ValidFrom, string Component,
    decimal Value, string Unit, string Source, string Confidence);

internal sealed record ReportRecalculation(DateTime At, string By, string Reason);

/// <summary>Everything the inventory report shows, gathered by the endpoint.</summary>
internal sealed record InventoryReportInput(
    string OrganisationName,
    string CreditCode,
    string InventoryName,
    Guid InventoryId,
    DateOnly PeriodFrom,
    DateOnly PeriodTo,
    string GridRegion,
    string GwpSet,
    InventoryStatus Status,
    IReadOnlyList<(Guid Id, string Name)> Sites,
    decimal? Scope1Tco2e,
    decimal? Scope2LocationTco2e,
    decimal? Scope2MarketTco2e,
    decimal? EnergyTce,
    bool ResidualStandInUsed,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ReportLine> Lines,
    IReadOnlyList<ReportFactor> Factors,
    DateTime CreatedAt,
    string CreatedBy,
    DateTime? CalculatedAt,
    DateTime? SubmittedAt,
    DateTime? ApprovedAt,
    string? ApprovedBy,
    IReadOnlyList<ReportRecalculation> Recalculations,
    DateTime GeneratedAt);

/// <summary>
/// The organisational inventory report (ISO 14064-1 / GB/T 32150) as PDF, bilingual (Simplified Chinese first):
/// organisation, boundary, period, methodology, totals by scope, gas, site and month, Scope 2 location- vs
/// market-based, energy in tce, every factor used with library, version and source, assumptions, status and approval.
/// Tonnes are shown to three decimals; the XLSX export carries the exact values.
/// </summary>
internal static class InventoryReport
{
    public static byte[] Write(InventoryReportInput r, PdfFontSet fonts)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(fonts);
        var pdf = new PdfDocumentWriter([fonts.Regular, fonts.Bold])
        {
            Title = $"{r.InventoryName} — 温室气体排放清单报告",
            Author = r.OrganisationName,
            CreatedAtUtc = r.GeneratedAt,
        };
        var layout = new ReportLayout(pdf);
        var siteNames = r.Sites.ToDictionary(s => s.Id, s => s.Name);

        layout.Title("温室气体排放清单报告  Greenhouse Gas Inventory Report", $"{r.InventoryName} · {r.OrganisationName}");
        layout.Facts(
        [
            ("报告主体 Organisation", r.OrganisationName),
            ("统一社会信用代码 Credit code", r.CreditCode),
            ("核算期 Period", $"{Date(r.PeriodFrom)} – {Date(r.PeriodTo)}"),
            ("状态 Status", StatusText(r.Status)),
            ("清单编号 Inventory id", r.InventoryId.ToString()),
        ]);

        layout.Heading("1  核算边界 Organisational boundary");
        layout.Paragraph($"运营控制权法，边界内场所 {r.Sites.Count} 个。Operational control; {r.Sites.Count} site(s) in the boundary:");
        layout.Table([new ReportColumn("场所 Site", 2), new ReportColumn("场所编号 Site id", 2)], r.Sites.Select(s => (IReadOnlyList<string>)[s.Name, s.Id.ToString()]).ToList());

        layout.Heading("2  方法学 Methodology");
        layout.Paragraph("依据 ISO 14064-1:2018《组织层面温室气体排放和清除的量化和报告》及 GB/T 32150-2015《工业企业温室气体排放核算和报告通则》。");
        layout.Paragraph("Quantified per ISO 14064-1:2018 and GB/T 32150-2015; Scope 2 reported both location-based and market-based (GHG Protocol Scope 2 Guidance).");
        layout.Facts(
        [
            ("范围一 Scope 1", "化石燃料燃烧 E = AD × NCV × CC × OF × 44/12；逸散排放 = 气体质量 × GWP。Fuel combustion and fugitive gases × GWP."),
            ("范围二 Scope 2 (location)", $"外购电力 × 电网平均排放因子（区域 {r.GridRegion}，数据年份）。Purchased electricity × grid average factor."),
            ("范围二 Scope 2 (market)", "绿电交易与注销的绿证（1 个绿证 = 1 MWh）计为零；其余电量按剩余组合替代因子计。Contractual instruments count zero; the rest is charged at the residual stand-in."),
            ("能源 Energy", "GB/T 2589-2020 折标准煤系数（电力按当量值）。Standard coal equivalent, electricity at calorific value."),
            ("全球变暖潜势 GWP set", r.GwpSet),
        ]);

        layout.Heading("3  排放总量 Totals");
        var s1 = r.Scope1Tco2e ?? 0;
        var s2l = r.Scope2LocationTco2e ?? 0;
        var s2m = r.Scope2MarketTco2e ?? 0;
        var calculated = r.Scope1Tco2e is not null;
        layout.Table(
            [new ReportColumn("项目 Item", 3), new ReportColumn("数值 Value", 1.3, AlignRight: true), new ReportColumn("单位 Unit", 1)],
            [
                ["范围一 Scope 1", calculated ? T(s1) : "—", "tCO2e"],
                ["范围二（基于位置）Scope 2 location-based", calculated ? T(s2l) : "—", "tCO2"],
                ["范围二（基于市场）Scope 2 market-based", calculated ? T(s2m) : "—", "tCO2"],
                ["合计（基于位置）Total, location-based", calculated ? T(s1 + s2l) : "—", "tCO2e"],
                ["合计（基于市场）Total, market-based", calculated ? T(s1 + s2m) : "—", "tCO2e"],
                ["综合能源消费量 Energy consumption", r.EnergyTce is { } tce ? T(tce) : "—", "tce"],
            ]);
        if (!calculated)
        {
            layout.Paragraph("本清单尚未计算。The inventory has not been calculated yet.", colour: ReportLayout.Warning);
        }

        layout.Heading("4  按范围与气体 By scope and gas");
        layout.Table(
            [new ReportColumn("范围 Scope", 2), new ReportColumn("气体 Gas", 1.2), new ReportColumn("气体质量 Gas mass (t)", 1.5, true), new ReportColumn("GWP", 0.8, true), new ReportColumn("tCO2e", 1.3, true)],
            r.Lines.GroupBy(l => (l.Scope, l.Gas)).OrderBy(g => g.Key.Scope).ThenBy(g => g.Key.Gas, StringComparer.Ordinal)
                .Select(g => (IReadOnlyList<string>)[ScopeText(g.Key.Scope), g.Key.Gas, T(g.Sum(l => l.GasMassKg) / 1000m), Number(g.First().Gwp), T(g.Sum(l => l.Co2eKg) / 1000m)])
                .ToList());

        layout.Heading("5  按场所 By site");
        layout.Table(
            [new ReportColumn("场所 Site", 2.4), new ReportColumn("范围一 Scope 1", 1.2, true), new ReportColumn("范围二 位置 S2 location", 1.3, true), new ReportColumn("范围二 市场 S2 market", 1.3, true)],
            r.Sites.Select(s => (IReadOnlyList<string>)[s.Name,
                T(Sum(r.Lines.Where(l => l.SiteId == s.Id), EmissionScope.Scope1)),
                T(Sum(r.Lines.Where(l => l.SiteId == s.Id), EmissionScope.Scope2LocationBased)),
                T(Sum(r.Lines.Where(l => l.SiteId == s.Id), EmissionScope.Scope2MarketBased))]).ToList());

        layout.Heading("6  按月 By month (tCO2e)");
        var months = new List<DateOnly>();
        for (var m = new DateOnly(r.PeriodFrom.Year, r.PeriodFrom.Month, 1); m <= r.PeriodTo; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        layout.Table(
            [new ReportColumn("月份 Month", 1), new ReportColumn("范围一 Scope 1", 1.2, true), new ReportColumn("范围二 位置 S2 location", 1.3, true), new ReportColumn("范围二 市场 S2 market", 1.3, true), new ReportColumn("合计 Total (location)", 1.3, true)],
            months.Select(m =>
            {
                var ofMonth = r.Lines.Where(l => l.Month == m).ToList();
                var a = Sum(ofMonth, EmissionScope.Scope1);
                var b = Sum(ofMonth, EmissionScope.Scope2LocationBased);
                return (IReadOnlyList<string>)[m.ToString("yyyy-MM", CultureInfo.InvariantCulture), T(a), T(b), T(Sum(ofMonth, EmissionScope.Scope2MarketBased)), T(a + b)];
            }).ToList());
        layout.Paragraph("每月排放（范围一 + 范围二基于位置）Monthly emissions, Scope 1 + Scope 2 location-based:", 8.5, colour: ReportLayout.Muted);
        layout.Bars(months.Select(m =>
        {
            var total = Sum(r.Lines.Where(l => l.Month == m), EmissionScope.Scope1) + Sum(r.Lines.Where(l => l.Month == m), EmissionScope.Scope2LocationBased);
            return (m.ToString("yyyy-MM", CultureInfo.InvariantCulture), total, T(total) + " t");
        }).ToList(), ReportLayout.Accent);

        layout.Heading("7  范围二：基于位置与基于市场 Scope 2 location- vs market-based");
        layout.Table(
            [new ReportColumn("方法 Method", 3), new ReportColumn("tCO2", 1.3, true)],
            [
                ["基于位置（电网平均因子）Location-based (grid average)", calculated ? T(s2l) : "—"],
                ["基于市场（合同工具与替代因子）Market-based (instruments and stand-in)", calculated ? T(s2m) : "—"],
                ["差额 Difference (market − location)", calculated ? T(s2m - s2l) : "—"],
            ]);

        layout.Heading("8  使用的排放因子 Factors used");
        layout.Table(
            [new ReportColumn("因子库 版本 Library v", 1.7), new ReportColumn("因子 Factor / 区域 / 起始", 2.1), new ReportColumn("数值 Value", 1.3, true), new ReportColumn("来源 Source", 3.2), new ReportColumn("可信度", 0.7)],
            r.Factors.Select(f => (IReadOnlyList<string>)[$"{f.Library} v{f.Version}", $"{f.FactorCode} {f.Component} · {f.Region} · {Date(f.ValidFrom)}", f.Unit == "1" ? Number(f.Value) : $"{Number(f.Value)} {f.Unit}",
                string.IsNullOrWhiteSpace(f.Source) ? f.LibrarySource : f.Source, f.Confidence == "V" ? "V 已核" : "R 待核"]).ToList(),
            size: 7.5);
        layout.Paragraph("可信度 V：已与发布文件核对；R：回忆或单一来源，待核。Confidence V: checked against the publication; R: recalled or single-source.", 8, colour: ReportLayout.Muted);

        layout.Heading("9  假设与说明 Assumptions and notes");
        if (r.ResidualStandInUsed)
        {
            layout.Paragraph("【假设】中国未发布剩余组合排放因子；基于市场的范围二以“全国电网排放因子（不含市场化交易的非化石能源电量）”作为替代。" +
                "[Assumption] China publishes no residual mix; market-based Scope 2 uses the national grid factor excluding market-traded non-fossil electricity as a stand-in.",
                9, ReportLayout.Bold, ReportLayout.Warning);
        }

        if (r.Factors.Any(f => f.Confidence != "V"))
        {
            layout.Paragraph("部分因子可信度为 R（回忆或单一来源），应在核查前与原始文件核对。Some factors are marked R and should be checked against the source before verification.", 9, colour: ReportLayout.Warning);
        }

        foreach (var note in r.Notes.Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            layout.Paragraph("· " + note);
        }

        if (!r.ResidualStandInUsed && r.Notes.Count == 0 && r.Factors.All(f => f.Confidence == "V"))
        {
            layout.Paragraph("无。None.");
        }

        layout.Heading("10  状态与审批 Status and approval");
        layout.Facts(
        [
            ("状态 Status", StatusText(r.Status)),
            ("创建 Created", $"{Instant(r.CreatedAt)} · {r.CreatedBy}"),
            ("计算 Calculated", r.CalculatedAt is { } c ? Instant(c) : "—"),
            ("提交 Submitted", r.SubmittedAt is { } s ? Instant(s) : "—"),
            ("批准 Approved", r.ApprovedAt is { } a ? $"{Instant(a)} · {r.ApprovedBy}" : "—"),
        ]);
        if (r.Recalculations.Count > 0)
        {
            layout.Table([new ReportColumn("重新计算 Recalculated", 1.3), new ReportColumn("操作人 By", 1.2), new ReportColumn("原因 Reason", 3.5)],
                r.Recalculations.Select(x => (IReadOnlyList<string>)[Instant(x.At), x.By, x.Reason]).ToList());
        }

        if (r.Status != InventoryStatus.Approved)
        {
            layout.Paragraph("本清单尚未批准，数据可能变动。This inventory is not approved; its figures may still change.", 9, ReportLayout.Bold, ReportLayout.Warning);
        }

        layout.Footers($"绿岛 GreenIsland · {r.OrganisationName} · 生成于 Generated {Instant(r.GeneratedAt)}");
        return pdf.Save();
    }

    private static decimal Sum(IEnumerable<ReportLine> lines, EmissionScope scope) => lines.Where(l => l.Scope == scope).Sum(l => l.Co2eKg) / 1000m;

    public static string T(decimal tonnes) => Math.Round(tonnes, 3, MidpointRounding.AwayFromZero).ToString("#,##0.000", CultureInfo.InvariantCulture);

    private static string Number(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static string StatusText(InventoryStatus status) => status switch
    {
        InventoryStatus.Draft => "草稿 Draft",
        InventoryStatus.Submitted => "已提交 Submitted",
        InventoryStatus.Approved => "已批准（锁定）Approved (locked)",
        _ => status.ToString(),
    };

    private static string ScopeText(EmissionScope scope) => scope switch
    {
        EmissionScope.Scope1 => "范围一 Scope 1",
        EmissionScope.Scope2LocationBased => "范围二 位置 Scope 2 location",
        EmissionScope.Scope2MarketBased => "范围二 市场 Scope 2 market",
        _ => scope.ToString(),
    };
}
