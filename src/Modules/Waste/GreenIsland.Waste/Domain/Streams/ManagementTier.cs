namespace GreenIsland.Waste.Domain.Streams;

/// <summary>
/// HJ 1259-2022 management tiers by expected annual quantity: key supervised (>= 100 t, monthly declarations),
/// simplified (>= 10 t, quarterly), registration (&lt; 10 t, annual). Licence holders and own treatment facilities are
/// also key supervised; the platform does not know those facts, so the quantity decides here.
/// </summary>
internal enum ManagementTier
{
    Registration = 1,
    Simplified = 2,
    KeySupervised = 3,
}

internal enum DeclarationFrequency
{
    Annual = 1,
    Quarterly = 2,
    Monthly = 3,
}

internal static class ManagementTiers
{
    public const long SimplifiedFromGrams = 10L * 1_000_000;
    public const long KeySupervisedFromGrams = 100L * 1_000_000;

    public static ManagementTier ForAnnualGrams(long grams) => grams switch
    {
        >= KeySupervisedFromGrams => ManagementTier.KeySupervised,
        >= SimplifiedFromGrams => ManagementTier.Simplified,
        _ => ManagementTier.Registration,
    };

    public static DeclarationFrequency FrequencyOf(ManagementTier tier) => tier switch
    {
        ManagementTier.KeySupervised => DeclarationFrequency.Monthly,
        ManagementTier.Simplified => DeclarationFrequency.Quarterly,
        _ => DeclarationFrequency.Annual,
    };
}
