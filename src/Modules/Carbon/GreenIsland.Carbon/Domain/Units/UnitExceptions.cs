namespace GreenIsland.Carbon.Domain.Units;

/// <summary>A unit symbol that is not in the catalogue (symbols are case-sensitive).</summary>
internal sealed class UnknownUnitException(string symbol)
    : Exception($"Unknown unit symbol '{symbol}'. Unit symbols are case-sensitive (for example MWh, kWh, t, 10^4 Nm3).")
{
    public string Symbol { get; } = symbol;
}

/// <summary>A quantity whose unit has the wrong dimension for what it is used for.</summary>
internal sealed class DimensionMismatchException(Unit actual, Dimension expected, string? context = null)
    : Exception($"Unit '{actual.Symbol}' measures {actual.Dimension}, but {context ?? "this value"} needs a unit of {expected}.")
{
    public Unit Actual { get; } = actual;

    public Dimension Expected { get; } = expected;
}
