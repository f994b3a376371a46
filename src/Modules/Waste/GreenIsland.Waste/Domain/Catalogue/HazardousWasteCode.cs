using System.Globalization;

namespace GreenIsland.Waste.Domain.Catalogue;

/// <summary>
/// A code of the National Hazardous Waste List, written <c>XXX-XXX-XX</c>: industry source (GB/T 4754-2017 class,
/// <c>900</c> = not industry-specific), sequence, category number. The last two digits are the HW category.
/// </summary>
internal readonly record struct HazardousWasteCode(string IndustrySource, string Sequence, int Category)
{
    public string Value => $"{IndustrySource}-{Sequence}-{Category:00}";

    public string CategoryCode => WasteCategories.Code(Category);

    /// <summary>Eight digits without separators (the form used inside identification codes).</summary>
    public string Digits => $"{IndustrySource}{Sequence}{Category:00}";

    public override string ToString() => Value;

    public static bool TryParse(string? text, out HazardousWasteCode code, out string reason)
    {
        code = default;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length != 10 || value[3] != '-' || value[7] != '-'
            || !value.Where((c, i) => i is not 3 and not 7).All(char.IsAsciiDigit))
        {
            reason = "A waste code is written XXX-XXX-XX with digits (e.g. 900-041-49).";
            return false;
        }

        var category = int.Parse(value.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        if (!WasteCategories.Exists(category))
        {
            reason = $"The last two digits name the category: HW{category:00} does not exist (the list has HW01-HW40 and HW45-HW50; HW41-HW44 do not exist).";
            return false;
        }

        code = new HazardousWasteCode(value[..3], value.Substring(4, 3), category);
        reason = string.Empty;
        return true;
    }
}

/// <summary>The 46 categories of the list: HW01-HW40 and HW45-HW50 (HW41-HW44 do not exist).</summary>
internal static class WasteCategories
{
    public static bool Exists(int number) => number is >= 1 and <= 40 or >= 45 and <= 50;

    public static string Code(int number) => $"HW{number:00}";

    public static IEnumerable<int> All => Enumerable.Range(1, 50).Where(Exists);

    /// <summary>Parses <c>HW08</c> (case-insensitive, also <c>8</c> or <c>08</c>).</summary>
    public static bool TryParse(string? text, out int number, out string reason)
    {
        number = 0;
        var value = text?.Trim() ?? string.Empty;
        if (value.StartsWith("HW", StringComparison.OrdinalIgnoreCase))
        {
            value = value[2..];
        }

        if (value.Length is < 1 or > 2 || !value.All(char.IsAsciiDigit))
        {
            reason = "A category is written HWnn (e.g. HW49).";
            return false;
        }

        number = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        if (!Exists(number))
        {
            reason = $"HW{number:00} is not a category of the list (HW01-HW40 and HW45-HW50; HW41-HW44 do not exist).";
            return false;
        }

        reason = string.Empty;
        return true;
    }
}
