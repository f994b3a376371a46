namespace GreenIsland.Carbon.Domain.Units;

/// <summary>
/// A unit symbol with its dimension and its size in the dimension's base unit. Symbols are case-sensitive
/// (<c>MWh</c> is not <c>mWh</c>). Sizes are exact decimals, so conversions between units of the catalogue are exact.
/// </summary>
/// <param name="Symbol">The case-sensitive symbol, e.g. <c>MWh</c> or <c>10^4 Nm3</c>.</param>
/// <param name="Dimension">The dimension.</param>
/// <param name="SizeInBase">How many base units one of this unit is.</param>
/// <param name="Gas">For gas-mass units (<c>kgCH4</c>), the gas; otherwise null.</param>
internal sealed record Unit(string Symbol, Dimension Dimension, decimal SizeInBase, string? Gas = null)
{
    public override string ToString() => Symbol;
}
