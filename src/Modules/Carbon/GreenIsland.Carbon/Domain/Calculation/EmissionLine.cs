namespace GreenIsland.Carbon.Domain.Calculation;

/// <summary>Which library version, factor and GWP set a result used, so it can be re-derived and audited.</summary>
internal sealed record FactorUse(string Library, string Version, string FactorCode, string Region, DateOnly ValidFrom);

/// <summary>
/// One gas of one calculation: the gas mass, the GWP applied and the CO2-equivalent, all in kg and kept at full
/// decimal precision (rounding happens only when reporting).
/// </summary>
/// <param name="Gas">The gas, e.g. <c>CO2</c>, <c>CH4</c>, <c>HFC-134a</c>; <c>CO2e</c> when the factor is already an equivalent.</param>
/// <param name="GasMassKg">Mass of the gas in kg (for <c>CO2e</c> lines, the equivalent itself).</param>
/// <param name="Gwp">The GWP100 applied (1 for CO2 and CO2e).</param>
/// <param name="Co2eKg">CO2 equivalent in kg.</param>
/// <param name="Factor">The factor used.</param>
/// <param name="GwpSet">The GWP set used, if a non-CO2 gas was weighted.</param>
internal sealed record EmissionLine(string Gas, decimal GasMassKg, decimal Gwp, decimal Co2eKg, FactorUse Factor, string? GwpSet)
{
    public decimal Co2eTonnes => Co2eKg / 1000m;
}
