namespace GreenIsland.Carbon.Domain.Units;

/// <summary>
/// Physical dimensions the carbon module distinguishes. Emissions of a named gas (kgCH4) and CO2-equivalents
/// (kgCO2e) are different dimensions so a gas mass can never be added to a GWP-weighted total by accident, and
/// standard coal is its own dimension because its coefficients are published per fuel and never derived from heat.
/// </summary>
internal enum Dimension
{
    Dimensionless,
    Mass,
    Energy,
    Volume,
    NormalVolume,
    GasMass,
    Co2Equivalent,
    CarbonMass,
    StandardCoal,
}
