using GreenIsland.SharedKernel.Results;

namespace GreenIsland.Carbon.Domain.Cbam;

/// <summary>Where the emission factor of the electricity consumed by a production process comes from (Implementing Regulation 2023/1773, Annex III, D).</summary>
internal enum CbamElectricitySource
{
    /// <summary>The default factor of the country's grid (the rule unless one of the two exceptions applies).</summary>
    GridCountryDefault = 1,

    /// <summary>A direct technical connection to the generating installation: that installation's factor.</summary>
    DirectConnection = 2,

    /// <summary>A power purchase agreement with the generating installation: that installation's factor.</summary>
    PowerPurchaseAgreement = 3,

    /// <summary>Green electricity certificates. CBAM does not accept them for indirect emissions; given only to be refused.</summary>
    GreenCertificate = 4,
}

/// <summary>The electricity factor used for indirect emissions and where it comes from.</summary>
internal sealed record CbamElectricityFactor(CbamElectricitySource Source, decimal Tco2PerMwh, string SourceDescription);

/// <summary>A precursor consumed in the production of a complex good: its total mass in the period and its own SEE.</summary>
internal sealed record CbamPrecursorUse(string CnCode, decimal MassTonnes, decimal SeeDirect, decimal SeeIndirect);

/// <summary>
/// One production process of an installation for one good (CN code) in a reporting period: the activity level
/// (tonnes produced), the directly attributed emissions and the electricity consumed, plus precursors for complex goods.
/// </summary>
internal sealed record CbamProduction(
    string CnCode,
    decimal ActivityLevelTonnes,
    decimal AttributedDirectTco2e,
    decimal ElectricityConsumedMwh,
    CbamElectricityFactor ElectricityFactor,
    IReadOnlyList<CbamPrecursorUse> Precursors);

/// <summary>Specific embedded emissions in tCO2e per tonne, unrounded and as reported.</summary>
internal sealed record SpecificEmbeddedEmissions(decimal DirectExact, decimal IndirectExact, decimal Direct, decimal Indirect)
{
    public decimal Total => Direct + Indirect;
}

/// <summary>
/// Specific embedded emissions (SEE) per Implementing Regulation 2023/1773, Annex III:
/// simple goods SEE = AttrEm / AL; complex goods SEE = (AttrEm + Σ M_i × SEE_i) / AL, direct and indirect separately,
/// indirect attributed emissions = electricity consumed × emission factor.
/// </summary>
/// <remarks>
/// Rounding rule (stated explicitly; also in the module README): every intermediate value is an exact
/// decimal; only reported values are rounded, once, half away from zero: SEE and emission factors to 5 decimal
/// places (the schema's dec16-5), specific electricity consumption (MWh/t) to 2 (dec5-2). Embedded emissions of a
/// quantity are computed from the reported (rounded) SEE so an importer can reproduce them: round5(SEE × quantity).
/// </remarks>
internal static class CbamCalculator
{
    public const int EmissionDecimals = 5;
    public const int ElectricityDecimals = 2;

    public static decimal Round(decimal value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero);

    public static SpecificEmbeddedEmissions Calculate(CbamProduction production)
    {
        ArgumentNullException.ThrowIfNull(production);
        if (production.ActivityLevelTonnes <= 0)
        {
            throw new DomainRuleViolationException("ActivityLevelMustBePositive", "The activity level (tonnes produced) must be greater than zero.");
        }

        if (production.AttributedDirectTco2e < 0 || production.ElectricityConsumedMwh < 0 || production.ElectricityFactor.Tco2PerMwh < 0)
        {
            throw new DomainRuleViolationException("CbamQuantitiesCannotBeNegative", "Emissions, electricity and factors cannot be negative.");
        }

        EnsureElectricityFactorIsAccepted(production.ElectricityFactor);
        var attributedIndirect = production.ElectricityConsumedMwh * production.ElectricityFactor.Tco2PerMwh;
        var precursorDirect = 0m;
        var precursorIndirect = 0m;
        foreach (var precursor in production.Precursors)
        {
            if (precursor.MassTonnes < 0 || precursor.SeeDirect < 0 || precursor.SeeIndirect < 0)
            {
                throw new DomainRuleViolationException("CbamQuantitiesCannotBeNegative", $"Precursor {precursor.CnCode} has a negative mass or SEE.");
            }

            precursorDirect += precursor.MassTonnes * precursor.SeeDirect;
            precursorIndirect += precursor.MassTonnes * precursor.SeeIndirect;
        }

        var direct = (production.AttributedDirectTco2e + precursorDirect) / production.ActivityLevelTonnes;
        var indirect = (attributedIndirect + precursorIndirect) / production.ActivityLevelTonnes;
        return new SpecificEmbeddedEmissions(direct, indirect, Round(direct, EmissionDecimals), Round(indirect, EmissionDecimals));
    }

    /// <summary>Embedded emissions of a quantity from the reported SEE (reproducible by the importer).</summary>
    public static decimal EmbeddedEmissions(decimal reportedSee, decimal quantityTonnes) => Round(reportedSee * quantityTonnes, EmissionDecimals);

    /// <summary>
    /// The country default applies unless the electricity comes through a direct technical connection or a power purchase
    /// agreement, whose factor must then be named; green certificates are not accepted.
    /// </summary>
    public static void EnsureElectricityFactorIsAccepted(CbamElectricityFactor factor)
    {
        ArgumentNullException.ThrowIfNull(factor);
        switch (factor.Source)
        {
            case CbamElectricitySource.GreenCertificate:
                throw new DomainRuleViolationException("CbamDoesNotAcceptGreenCertificates",
                    "CBAM does not accept green electricity certificates for indirect emissions; use the country default factor, or the generator's factor for a direct connection or a PPA.");
            case CbamElectricitySource.DirectConnection or CbamElectricitySource.PowerPurchaseAgreement when string.IsNullOrWhiteSpace(factor.SourceDescription):
                throw new DomainRuleViolationException("GeneratorFactorNeedsItsSource",
                    "A direct connection or PPA factor must name the generating installation and how its factor was determined.");
            case CbamElectricitySource.GridCountryDefault when string.IsNullOrWhiteSpace(factor.SourceDescription):
                throw new DomainRuleViolationException("CountryDefaultFactorNeedsItsSource", "Name the source of the country default factor.");
        }
    }
}
