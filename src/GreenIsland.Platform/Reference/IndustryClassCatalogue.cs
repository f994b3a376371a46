namespace GreenIsland.Platform.Reference;

internal enum IndustryClassLevel
{
    Section = 1,
    Division = 2,
    Group = 3,
    Class = 4,
}

internal sealed record IndustryClass(string Code, string Name, string NameEn, IndustryClassLevel Level);

/// <summary>
/// The part of GB/T 4754-2017 (国民经济行业分类) the platform uses: manufacturing (section C), the divisions typical
/// of small manufacturers in a Jiangsu county, and their classes. Names are the standard's Chinese titles; the
/// English titles are our translations. Sites reference class (4-digit) codes only.
/// </summary>
internal static class IndustryClassCatalogue
{
    public static IReadOnlyList<IndustryClass> All { get; } =
    [
        new("C", "制造业", "Manufacturing", IndustryClassLevel.Section),

        new("17", "纺织业", "Manufacture of textiles", IndustryClassLevel.Division),
        new("171", "棉纺织及印染精加工", "Cotton spinning, weaving, dyeing and finishing", IndustryClassLevel.Group),
        new("1713", "棉印染精加工", "Dyeing and finishing of cotton textiles", IndustryClassLevel.Class),

        new("18", "纺织服装、服饰业", "Manufacture of apparel and clothing accessories", IndustryClassLevel.Division),
        new("181", "机织服装制造", "Manufacture of woven apparel", IndustryClassLevel.Group),
        new("1810", "机织服装制造", "Manufacture of woven apparel", IndustryClassLevel.Class),

        new("21", "家具制造业", "Manufacture of furniture", IndustryClassLevel.Division),
        new("211", "木质家具制造", "Manufacture of wooden furniture", IndustryClassLevel.Group),
        new("2110", "木质家具制造", "Manufacture of wooden furniture", IndustryClassLevel.Class),
        new("213", "金属家具制造", "Manufacture of metal furniture", IndustryClassLevel.Group),
        new("2130", "金属家具制造", "Manufacture of metal furniture", IndustryClassLevel.Class),

        new("22", "造纸和纸制品业", "Manufacture of paper and paper products", IndustryClassLevel.Division),
        new("223", "纸制品制造", "Manufacture of paper products", IndustryClassLevel.Group),
        new("2231", "纸和纸板容器制造", "Manufacture of paper and paperboard containers", IndustryClassLevel.Class),

        new("23", "印刷和记录媒介复制业", "Printing and reproduction of recording media", IndustryClassLevel.Division),
        new("231", "印刷", "Printing", IndustryClassLevel.Group),
        new("2319", "包装装潢及其他印刷", "Packaging and other printing", IndustryClassLevel.Class),

        new("26", "化学原料和化学制品制造业", "Manufacture of chemical raw materials and chemical products", IndustryClassLevel.Division),
        new("264", "涂料、油墨、颜料及类似产品制造", "Manufacture of coatings, inks, pigments and similar products", IndustryClassLevel.Group),
        new("2641", "涂料制造", "Manufacture of coatings", IndustryClassLevel.Class),
        new("266", "专用化学产品制造", "Manufacture of special chemical products", IndustryClassLevel.Group),
        new("2669", "其他专用化学产品制造", "Manufacture of other special chemical products", IndustryClassLevel.Class),

        new("29", "橡胶和塑料制品业", "Manufacture of rubber and plastic products", IndustryClassLevel.Division),
        new("291", "橡胶制品业", "Manufacture of rubber products", IndustryClassLevel.Group),
        new("2913", "橡胶零件制造", "Manufacture of rubber parts", IndustryClassLevel.Class),
        new("292", "塑料制品业", "Manufacture of plastic products", IndustryClassLevel.Group),
        new("2922", "塑料板、管、型材制造", "Manufacture of plastic sheets, pipes and profiles", IndustryClassLevel.Class),
        new("2929", "塑料零件及其他塑料制品制造", "Manufacture of plastic parts and other plastic products", IndustryClassLevel.Class),

        new("33", "金属制品业", "Manufacture of fabricated metal products", IndustryClassLevel.Division),
        new("331", "结构性金属制品制造", "Manufacture of structural metal products", IndustryClassLevel.Group),
        new("3311", "金属结构制造", "Manufacture of metal structures", IndustryClassLevel.Class),
        new("3312", "金属门窗制造", "Manufacture of metal doors and windows", IndustryClassLevel.Class),
        new("336", "金属表面处理及热处理加工", "Metal surface treatment and heat treatment", IndustryClassLevel.Group),
        new("3360", "金属表面处理及热处理加工", "Metal surface treatment and heat treatment", IndustryClassLevel.Class),
        new("339", "铸造及其他金属制品制造", "Casting and manufacture of other metal products", IndustryClassLevel.Group),
        new("3391", "黑色金属铸造", "Casting of ferrous metals", IndustryClassLevel.Class),
        new("3392", "有色金属铸造", "Casting of non-ferrous metals", IndustryClassLevel.Class),

        new("34", "通用设备制造业", "Manufacture of general-purpose machinery", IndustryClassLevel.Division),
        new("348", "通用零部件制造", "Manufacture of general-purpose parts", IndustryClassLevel.Group),
        new("3482", "紧固件制造", "Manufacture of fasteners", IndustryClassLevel.Class),
        new("3484", "机械零部件加工", "Machining of mechanical parts", IndustryClassLevel.Class),

        new("36", "汽车制造业", "Manufacture of motor vehicles", IndustryClassLevel.Division),
        new("367", "汽车零部件及配件制造", "Manufacture of motor vehicle parts and accessories", IndustryClassLevel.Group),
        new("3670", "汽车零部件及配件制造", "Manufacture of motor vehicle parts and accessories", IndustryClassLevel.Class),

        new("38", "电气机械和器材制造业", "Manufacture of electrical machinery and equipment", IndustryClassLevel.Division),
        new("382", "输配电及控制设备制造", "Manufacture of power transmission, distribution and control equipment", IndustryClassLevel.Group),
        new("3823", "配电开关控制设备制造", "Manufacture of switchgear and control equipment", IndustryClassLevel.Class),
        new("383", "电线、电缆、光缆及电工器材制造", "Manufacture of wires, cables, optical cables and electrical materials", IndustryClassLevel.Group),
        new("3831", "电线、电缆制造", "Manufacture of wires and cables", IndustryClassLevel.Class),
        new("387", "照明器具制造", "Manufacture of lighting equipment", IndustryClassLevel.Group),
        new("3872", "照明灯具制造", "Manufacture of lighting fixtures", IndustryClassLevel.Class),

        new("39", "计算机、通信和其他电子设备制造业", "Manufacture of computers, communication and other electronic equipment", IndustryClassLevel.Division),
        new("398", "电子元件及电子专用材料制造", "Manufacture of electronic components and electronic materials", IndustryClassLevel.Group),
        new("3982", "电子电路制造", "Manufacture of electronic circuits (printed circuit boards)", IndustryClassLevel.Class),

        new("42", "废弃资源综合利用业", "Comprehensive utilisation of waste resources", IndustryClassLevel.Division),
        new("421", "金属废料和碎屑加工处理", "Processing of metal waste and scrap", IndustryClassLevel.Group),
        new("4210", "金属废料和碎屑加工处理", "Processing of metal waste and scrap", IndustryClassLevel.Class),
    ];

    private static readonly Dictionary<string, IndustryClass> ByCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);

    public static bool TryGetClass(string? code, out IndustryClass industryClass)
    {
        if (code is not null && ByCode.TryGetValue(code, out var found) && found.Level == IndustryClassLevel.Class)
        {
            industryClass = found;
            return true;
        }

        industryClass = null!;
        return false;
    }

    public static string NameOf(string code) => ByCode.TryGetValue(code, out var c) ? c.Name : code;
}
