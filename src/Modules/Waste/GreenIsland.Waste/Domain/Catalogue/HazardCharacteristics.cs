using GreenIsland.Waste.Contracts;

namespace GreenIsland.Waste.Domain.Catalogue;

/// <summary>The list's abbreviations T, C, I, R, In; stored as a comma-separated string in that order.</summary>
internal static class HazardCharacteristics
{
    private static readonly (string Symbol, HazardCharacteristic Value)[] Symbols =
    [
        ("T", HazardCharacteristic.Toxicity), ("C", HazardCharacteristic.Corrosivity), ("I", HazardCharacteristic.Ignitability),
        ("R", HazardCharacteristic.Reactivity), ("In", HazardCharacteristic.Infectivity),
    ];

    public static string Symbol(HazardCharacteristic value) => Symbols.Single(s => s.Value == value).Symbol;

    public static string ChineseName(HazardCharacteristic value) => value switch
    {
        HazardCharacteristic.Toxicity => "毒性",
        HazardCharacteristic.Corrosivity => "腐蚀性",
        HazardCharacteristic.Ignitability => "易燃性",
        HazardCharacteristic.Reactivity => "反应性",
        _ => "感染性",
    };

    /// <summary>Parses e.g. <c>T,I</c>, <c>T/In</c> or <c>T;C</c> (symbols are case-sensitive: <c>I</c> and <c>In</c> differ).</summary>
    public static bool TryParse(string? text, out IReadOnlyList<HazardCharacteristic> values, out string reason)
    {
        var found = new SortedSet<HazardCharacteristic>();
        foreach (var part in (text ?? string.Empty).Split([',', '/', ';', ' ', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Symbols.Where(s => string.Equals(s.Symbol, part, StringComparison.Ordinal)).Select(s => (HazardCharacteristic?)s.Value).FirstOrDefault();
            if (match is null)
            {
                values = [];
                reason = $"'{part}' is not a hazard characteristic; use T, C, I, R or In.";
                return false;
            }

            found.Add(match.Value);
        }

        if (found.Count == 0)
        {
            values = [];
            reason = "Give at least one hazard characteristic (T, C, I, R, In).";
            return false;
        }

        values = found.ToList();
        reason = string.Empty;
        return true;
    }

    public static string Format(IEnumerable<HazardCharacteristic> values) => string.Join(',', values.Order().Select(Symbol));
}
