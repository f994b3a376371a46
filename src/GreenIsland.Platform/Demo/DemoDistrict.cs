using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.SharedKernel.Organisations;

namespace GreenIsland.Platform.Demo;

internal sealed record DemoAccount(string UserName, string Role, string DisplayName);

internal sealed record DemoTown(string Code, string Name, string NameEn, double Latitude, double Longitude, int Weight);

internal sealed record DemoOrganisation(Guid Id, string Name, OrganisationType Type, string CreditCode, int TownIndex, string? ContactName,
    string? ContactPhone, bool SupervisesDistrict);

internal sealed record DemoSite(Guid Id, Guid OrganisationId, string Name, string Address, int TownIndex, double Latitude, double Longitude, string IndustryClassCode);

internal sealed record DemoDataSet(Guid DistrictId, IReadOnlyList<Guid> TownIds, IReadOnlyList<DemoOrganisation> Organisations, IReadOnlyList<DemoSite> Sites);

/// <summary>
/// The fictional 绿岛示范区 (GreenIsland Demo District), a county-level district in southern Jiangsu between the
/// Yangtze and Lake Tai. Administrative code 329901 is deliberately unassigned (no prefecture 3299 exists), so
/// it cannot be mistaken for a real place. Everything is generated from a fixed seed and is identical on every run.
/// </summary>
internal static class DemoDistrict
{
    public const int Seed = 20260601;
    public const string Code = "329901";
    public const string Name = "绿岛示范区";
    public const string NameEn = "GreenIsland Demo District";
    public const double Latitude = 31.700;
    public const double Longitude = 120.050;
    public const int EnterpriseCount = 300;

    /// <summary>Demo passwords satisfy the policy; they are published on purpose (demo only).</summary>
    public const string Password = "GreenIsland@2026";

    public static IReadOnlyList<DemoAccount> Accounts { get; } =
    [
        new("admin", PlatformRoles.PlatformAdmin, "平台管理员"),
        new("regulator", PlatformRoles.Regulator, "生态环境局 王科长"),
        new("ent.admin", PlatformRoles.EnterpriseAdmin, "企业管理员 李经理"),
        new("ent.staff", PlatformRoles.EnterpriseStaff, "企业环保员 张工"),
        new("dispatcher", PlatformRoles.CollectorDispatcher, "收集调度 陈调度"),
        new("driver", PlatformRoles.Driver, "收运司机 刘师傅"),
        new("disposal", PlatformRoles.DisposalOperator, "处置中心 周主管"),
    ];

    public static IReadOnlyList<DemoTown> Towns { get; } =
    [
        new("329901001", "绿岛街道", "Lüdao Subdistrict", 31.700, 120.050, 6),
        new("329901002", "湖滨街道", "Hubin Subdistrict", 31.672, 120.094, 5),
        new("329901100", "青溪镇", "Qingxi Town", 31.765, 119.972, 14),
        new("329901101", "澄湖镇", "Chenghu Town", 31.628, 120.138, 12),
        new("329901102", "柳塘镇", "Liutang Town", 31.742, 120.121, 11),
        new("329901103", "梅林镇", "Meilin Town", 31.615, 119.985, 10),
        new("329901104", "枫林镇", "Fenglin Town", 31.792, 120.055, 9),
        new("329901105", "芦墩镇", "Ludun Town", 31.655, 119.912, 8),
        new("329901106", "桃源镇", "Taoyuan Town", 31.718, 120.190, 9),
        new("329901107", "新港镇", "Xingang Town", 31.806, 120.162, 16),
    ];

    private static readonly string[] Brands =
    [
        "恒达", "金源", "永盛", "华鑫", "宏利", "瑞丰", "鑫泰", "嘉诚", "博远", "润发", "新宇", "明辉", "天成", "盛达", "晨光", "东升",
        "海诚", "佳美", "汇通", "福瑞", "万昌", "隆兴", "锦程", "正泰", "信达", "创联", "优力", "精工", "宝丰", "凯旋", "联发", "顺德",
        "立新", "益华", "群力", "振宇", "长荣", "国盛", "建华", "富源", "兴旺", "通力", "科源", "德润", "飞宏", "同创", "恒通", "旭日",
        "泓泰", "荣昌", "志诚", "伟业", "天佑", "景泰", "华盛", "鼎力", "新兴", "安达", "美达", "利源",
    ];

    private static readonly (string Code, string[] Products, int Weight)[] Industries =
    [
        ("3360", ["金属表面处理", "电镀", "热处理", "表面处理科技"], 14),
        ("3484", ["精密机械", "机械配件", "精工机械", "机电设备"], 16),
        ("3482", ["紧固件", "标准件"], 6),
        ("2929", ["塑料制品", "塑胶科技", "塑业"], 10),
        ("2922", ["塑料管业", "型材"], 4),
        ("3311", ["钢结构", "金属结构"], 5),
        ("3312", ["门窗", "金属门窗"], 3),
        ("3391", ["铸造", "精密铸造"], 4),
        ("3392", ["铝业铸造", "有色铸件"], 3),
        ("2231", ["纸箱包装", "纸制品"], 5),
        ("2319", ["包装印刷", "彩印"], 5),
        ("2641", ["涂料", "化工涂料"], 3),
        ("2669", ["化工材料", "新材料"], 3),
        ("3670", ["汽车零部件", "汽配"], 8),
        ("3823", ["电气", "开关设备"], 4),
        ("3831", ["电线电缆", "线缆"], 3),
        ("3872", ["照明", "灯具"], 3),
        ("3982", ["电路板", "电子科技"], 5),
        ("1713", ["印染", "染整"], 3),
        ("1810", ["服饰", "制衣"], 4),
        ("2110", ["木业", "家具"], 4),
        ("2130", ["办公家具", "金属家具"], 3),
        ("2913", ["橡胶制品", "橡塑"], 3),
    ];

    private static readonly string[] Roads =
    [
        "兴业路", "创新大道", "振兴路", "富民路", "科技路", "工业大道", "长江路", "太湖路", "经一路", "经三路", "纬二路", "纬五路",
        "环镇北路", "环镇西路", "园区南路", "通江路", "开发大道", "民营路",
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭", "沈", "顾", "陆", "钱"];

    /// <summary>Builds the whole data set from <see cref="Seed"/>; same input, same output, on every machine.</summary>
    public static DemoDataSet Generate()
    {
        var random = new Random(Seed);
        var districtId = NextGuid(random);
        var townIds = Towns.Select(_ => NextGuid(random)).ToList();
        var organisations = new List<DemoOrganisation>();
        var sites = new List<DemoSite>();
        var usedCodes = new HashSet<string>(StringComparer.Ordinal);
        var usedNames = new HashSet<string>(StringComparer.Ordinal);

        void Add(string name, OrganisationType type, int town, string registrationPrefix, bool supervisesDistrict = false)
        {
            string code;
            do
            {
                code = CreditCode(random, registrationPrefix);
            }
            while (!usedCodes.Add(code));
            organisations.Add(new DemoOrganisation(NextGuid(random), name, type, code, town, ContactName(random), Phone(random), supervisesDistrict));
        }

        Add("绿岛数字科技有限公司（平台运营）", OrganisationType.Operator, 0, "91");
        Add("绿岛示范区生态环境局", OrganisationType.Regulator, 0, "11", supervisesDistrict: true);
        Add("绿岛示范区工业和信息化局", OrganisationType.Regulator, 0, "11", supervisesDistrict: true);
        Add("青溪镇生态环境办公室", OrganisationType.Regulator, 2, "11");
        Add("绿岛清运环境服务有限公司", OrganisationType.Collector, 9, "91");
        Add("江苏润泽固废收集有限公司", OrganisationType.Collector, 3, "91");
        Add("青溪环保科技有限公司", OrganisationType.Collector, 2, "91");
        Add("绿岛危险废物集中处置有限公司", OrganisationType.DisposalFacility, 9, "91");
        Add("江苏澄湖资源再生利用有限公司", OrganisationType.DisposalFacility, 3, "91");

        var enterpriseIndustries = new Dictionary<Guid, string>();
        for (var i = 0; i < EnterpriseCount; i++)
        {
            var industry = Weighted(random, Industries, x => x.Weight);
            var town = WeightedIndex(random, Towns.Select(t => t.Weight).ToArray());
            string name;
            do
            {
                var brand = Brands[random.Next(Brands.Length)];
                var product = industry.Products[random.Next(industry.Products.Length)];
                var prefix = random.Next(10) switch
                {
                    < 4 => "江苏",
                    < 7 => "绿岛",
                    _ => Towns[town].Name[..2],
                };
                var suffix = product.EndsWith("科技", StringComparison.Ordinal) || random.Next(5) > 0 ? "有限公司" : "科技有限公司";
                name = prefix + brand + product + suffix;
            }
            while (!usedNames.Add(name));

            Add(name, OrganisationType.Enterprise, town, "91");
            enterpriseIndustries[organisations[^1].Id] = industry.Code;
        }

        foreach (var organisation in organisations)
        {
            var siteCount = organisation.Type switch
            {
                OrganisationType.Enterprise => random.Next(100) < 15 ? 2 : 1,
                OrganisationType.Collector or OrganisationType.DisposalFacility => 1,
                _ => 0,
            };
            for (var s = 0; s < siteCount; s++)
            {
                var town = s == 0 ? organisation.TownIndex : WeightedIndex(random, Towns.Select(t => t.Weight).ToArray());
                var (lat, lon) = Jitter(random, Towns[town]);
                var shortName = organisation.Name.Replace("有限公司", string.Empty, StringComparison.Ordinal);
                var siteName = organisation.Type switch
                {
                    OrganisationType.Collector => shortName + "中转贮存库",
                    OrganisationType.DisposalFacility => shortName + "处置厂区",
                    _ => s == 0 ? shortName + "厂区" : shortName + "二厂",
                };
                var industry = organisation.Type == OrganisationType.Enterprise ? enterpriseIndustries[organisation.Id] : "4210";
                var address = $"江苏省{Name}{Towns[town].Name}{Roads[random.Next(Roads.Length)]}{random.Next(1, 300)}号";
                sites.Add(new DemoSite(NextGuid(random), organisation.Id, siteName, address, town, lat, lon, industry));
            }
        }

        return new DemoDataSet(districtId, townIds, organisations, sites);
    }

    /// <summary>
    /// 18-character code: registration authority and category (91 = enterprise at market regulation, 11 = government
    /// body), the district's division code, a 9-character organisation code with its GB 11714 check character, and
    /// the GB 32100-2015 check character.
    /// </summary>
    internal static string CreditCode(Random random, string registrationPrefix)
    {
        const string bodyAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var body = new char[8];
        body[0] = 'M';
        body[1] = 'A';
        for (var i = 2; i < 8; i++)
        {
            body[i] = bodyAlphabet[random.Next(bodyAlphabet.Length)];
        }

        var organisationCode = new string(body) + OrganisationCodeCheck(body);
        var first17 = registrationPrefix + Code + organisationCode;
        return first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);
    }

    /// <summary>GB 11714-1997 check character of an 8-character organisation code body.</summary>
    internal static char OrganisationCodeCheck(ReadOnlySpan<char> body)
    {
        ReadOnlySpan<int> weights = [3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body[i];
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            sum += value * weights[i];
        }

        var check = 11 - (sum % 11);
        return check switch
        {
            10 => 'X',
            11 => '0',
            _ => (char)('0' + check),
        };
    }

    private static Guid NextGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private static (double Latitude, double Longitude) Jitter(Random random, DemoTown town)
    {
        // Roughly normal spread (sum of uniforms), about 1.5 km standard deviation around the town's industrial area.
        double Normal() => (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 2;
        var lat = Math.Round(town.Latitude + (Normal() * 0.012), 6);
        var lon = Math.Round(town.Longitude + (Normal() * 0.014), 6);
        return (lat, lon);
    }

    private static string ContactName(Random random) =>
        Surnames[random.Next(Surnames.Length)] + (random.Next(2) == 0 ? "先生" : "女士");

    private static string Phone(Random random) =>
        "1" + "35789"[random.Next(5)] + random.Next(0, 1_000_000_000).ToString("D9", System.Globalization.CultureInfo.InvariantCulture);

    private static T Weighted<T>(Random random, IReadOnlyList<T> items, Func<T, int> weight) =>
        items[WeightedIndex(random, items.Select(weight).ToArray())];

    private static int WeightedIndex(Random random, int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
