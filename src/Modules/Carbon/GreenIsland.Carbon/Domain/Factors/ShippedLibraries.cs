using System.Reflection;

namespace GreenIsland.Carbon.Domain.Factors;

/// <summary>The factor libraries shipped with the module, read from the CSV files embedded in the assembly.</summary>
internal static class ShippedLibraries
{
    public const string GridStatistical = "cn-grid-statistical";
    public const string GridCarbonMarket = "cn-grid-carbon-market";
    public const string ElectricityFootprint = "cn-electricity-pcf";
    public const string ChinaFuelGuideline = "cn-fuel-guideline";
    public const string Ipcc2006Stationary = "ipcc-2006-stationary";
    public const string GwpAr4 = "ipcc-gwp100-ar4";
    public const string GwpAr5 = "ipcc-gwp100-ar5";
    public const string GwpAr6 = "ipcc-gwp100-ar6";
    public const string StandardCoal = "gbt-2589-2020";

    private static readonly (string Code, string Name, string SourceDocument)[] Manifest =
    [
        (GridStatistical, "中国电力二氧化碳排放因子(统计口径) / China grid CO2 factors, statistical series", "生态环境部 国家统计局 公告2024年第12号, 2024年第33号, 2025年第47号"),
        (GridCarbonMarket, "全国碳市场电网排放因子 / China national carbon market grid factor", "生态环境部 2023年2月 发电行业企业温室气体排放报告管理通知"),
        (ElectricityFootprint, "产品碳足迹电力因子 / China electricity factors for product footprints", "MEE/NBS product-footprint electricity factors"),
        (ChinaFuelGuideline, "企业温室气体核算指南 燃料缺省值 / China GHG accounting guideline fuel defaults", "国家发展改革委 中国企业温室气体排放核算方法与报告指南(试行)"),
        (Ipcc2006Stationary, "IPCC 2006 固定源燃烧缺省值 / IPCC 2006 stationary combustion defaults", "2006 IPCC Guidelines Vol. 2 (Energy)"),
        (GwpAr4, "IPCC AR4 GWP100", "IPCC Fourth Assessment Report WG1 (2007)"),
        (GwpAr5, "IPCC AR5 GWP100", "IPCC Fifth Assessment Report WG1 (2013)"),
        (GwpAr6, "IPCC AR6 GWP100", "IPCC Sixth Assessment Report WG1 (2021)"),
        (StandardCoal, "GB/T 2589-2020 折标准煤系数 / standard coal coefficients", "GB/T 2589-2020 综合能耗计算通则"),
    ];

    private static readonly Lazy<IReadOnlyList<FactorLibraryVersion>> Loaded = new(Load);

    /// <summary>Every shipped library at version 1.</summary>
    public static IReadOnlyList<FactorLibraryVersion> All => Loaded.Value;

    public static FactorLibraryVersion Get(string code) =>
        All.SingleOrDefault(l => l.Library == code) ?? throw new UnknownFactorException($"No shipped factor library '{code}'.");

    private static List<FactorLibraryVersion> Load()
    {
        var assembly = typeof(ShippedLibraries).Assembly;
        var libraries = new List<FactorLibraryVersion>();
        foreach (var (code, name, source) in Manifest)
        {
            var text = ReadResource(assembly, $"GreenIsland.Carbon.FactorData.{code}.csv");
            var parsed = FactorCsv.Parse(text);
            if (parsed.Errors.Count > 0)
            {
                var first = parsed.Errors[0];
                throw new InvalidOperationException($"Shipped factor library {code} is invalid at line {first.Line} ({first.Field}): {first.Message}");
            }

            libraries.Add(new FactorLibraryVersion(code, "1", name, source, parsed.Factors));
        }

        return libraries;
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing embedded resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
