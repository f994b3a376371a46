namespace GreenIsland.Waste.Domain;

/// <summary>
/// Reactivity groups after US EPA 40 CFR 265 Appendix V ("Examples of potentially incompatible waste"), which
/// WASTE.md takes as the binding chemical constraint. A stream, a container and a compartment carry one group; the
/// integer values are stable (dispatch routes with them).
/// </summary>
internal enum CompatibilityGroup
{
    /// <summary>No group of Appendix V applies.</summary>
    General = 0,

    /// <summary>Group 1-A: alkaline caustic liquids, alkaline cleaners, lime sludge...</summary>
    AlkalineCaustic = 1,

    /// <summary>Group 1-B: acid sludge, battery acid, pickling liquor, etching acid...</summary>
    Acid = 2,

    /// <summary>Group 2-A: aluminium, calcium, lithium, magnesium, potassium, sodium, zinc powder, metal hydrides.</summary>
    ReactiveMetal = 3,

    /// <summary>Group 3-A: alcohols, water (aqueous wastes).</summary>
    AlcoholOrWater = 4,

    /// <summary>Group 4-A: alcohols, aldehydes, halogenated/nitrated/unsaturated hydrocarbons, reactive organic compounds and solvents.</summary>
    ReactiveOrganic = 5,

    /// <summary>Group 5-A: spent cyanide and sulfide solutions.</summary>
    CyanideOrSulfide = 6,

    /// <summary>Group 6-A: chlorates, chromic acid, hypochlorites, nitrates, perchlorates, permanganates, peroxides, other strong oxidisers.</summary>
    Oxidiser = 7,

    /// <summary>Group 6-B (in part): other flammable and combustible wastes (waste oil, oily rags, paint waste).</summary>
    Combustible = 8,
}

/// <summary>The incompatible pairs of Appendix V, expressed on <see cref="CompatibilityGroup"/>.</summary>
internal static class CompatibilityTable
{
    /// <summary>Pairs that must not share a compartment, a cabinet or a vehicle compartment, with the consequence.</summary>
    public static IReadOnlyList<(CompatibilityGroup A, CompatibilityGroup B, string Consequence)> IncompatiblePairs { get; } =
    [
        (CompatibilityGroup.AlkalineCaustic, CompatibilityGroup.Acid, "heat generation; violent reaction (1-A/1-B)"),
        (CompatibilityGroup.ReactiveMetal, CompatibilityGroup.AlkalineCaustic, "fire or explosion; flammable hydrogen (2-A/2-B)"),
        (CompatibilityGroup.ReactiveMetal, CompatibilityGroup.Acid, "fire or explosion; flammable hydrogen (2-A/2-B)"),
        (CompatibilityGroup.AlcoholOrWater, CompatibilityGroup.AlkalineCaustic, "heat generation; flammable or toxic gases (3-A/3-B)"),
        (CompatibilityGroup.AlcoholOrWater, CompatibilityGroup.Acid, "heat generation; flammable or toxic gases (3-A/3-B)"),
        (CompatibilityGroup.AlcoholOrWater, CompatibilityGroup.ReactiveMetal, "fire or explosion; flammable gases (3-A/3-B)"),
        (CompatibilityGroup.ReactiveOrganic, CompatibilityGroup.AlkalineCaustic, "fire, explosion or violent reaction (4-A/4-B)"),
        (CompatibilityGroup.ReactiveOrganic, CompatibilityGroup.Acid, "fire, explosion or violent reaction (4-A/4-B)"),
        (CompatibilityGroup.ReactiveOrganic, CompatibilityGroup.ReactiveMetal, "fire, explosion or violent reaction (4-A/4-B)"),
        (CompatibilityGroup.CyanideOrSulfide, CompatibilityGroup.Acid, "toxic hydrogen cyanide or hydrogen sulfide (5-A/5-B)"),
        (CompatibilityGroup.Oxidiser, CompatibilityGroup.Acid, "fire, explosion or violent reaction (6-A/6-B)"),
        (CompatibilityGroup.Oxidiser, CompatibilityGroup.ReactiveMetal, "fire, explosion or violent reaction (6-A/6-B)"),
        (CompatibilityGroup.Oxidiser, CompatibilityGroup.ReactiveOrganic, "fire, explosion or violent reaction (6-A/6-B)"),
        (CompatibilityGroup.Oxidiser, CompatibilityGroup.Combustible, "fire, explosion or violent reaction (6-A/6-B)"),
    ];

    public static bool AreIncompatible(CompatibilityGroup a, CompatibilityGroup b) => Consequence(a, b) is not null;

    public static string? Consequence(CompatibilityGroup a, CompatibilityGroup b) =>
        IncompatiblePairs.Where(p => (p.A == a && p.B == b) || (p.A == b && p.B == a)).Select(p => p.Consequence).FirstOrDefault();
}
