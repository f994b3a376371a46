namespace GreenIsland.Waste.Domain.Dispatch;

/// <summary>
/// Compatibility groups for co-loading, after the reactivity groups of US EPA 40 CFR 265 Appendix V ("Examples of
/// potentially incompatible waste"): a waste of group xA may not share a compartment with one of group xB.
/// Numbering: 10 x group + 1 for A, + 2 for B (1-A alkaline caustics = 11, 1-B acids = 12, 2-A reactive metals = 21,
/// 2-B water/acids/alcohols = 22, 3-A alcohols and water = 31, 3-B alkali metals and hydrides = 32, 4-A organics and
/// flammables = 41, 4-B concentrated acids and oxidisers = 42, 5-A cyanides and sulfides = 51, 5-B acids = 52,
/// 6-A chlorates, perchlorates and other strong oxidisers = 61, 6-B organics, metals and combustibles = 62).
/// Group 0 means "no reactivity concern" and conflicts with nothing. WASTE.md: [V] for the EPA groups.
/// </summary>
internal static class CompatibilityTable
{
    public static IncompatibleGroups Pairs { get; } = new([(11, 12), (21, 22), (31, 32), (41, 42), (51, 52), (61, 62)]);
}
