namespace GreenIsland.Carbon.Domain.Units;

/// <summary>An exact decimal amount in a unit. Arithmetic checks dimensions; conversions are exact in the catalogue.</summary>
internal readonly record struct Quantity(decimal Value, Unit Unit)
{
    public static Quantity Of(decimal value, string symbol) => new(value, UnitCatalogue.Get(symbol));

    public Dimension Dimension => Unit.Dimension;

    /// <summary>Converts to another unit of the same dimension (multiplication first, so the result is exact when it can be).</summary>
    public Quantity ConvertTo(Unit target, string? context = null)
    {
        if (target.Dimension != Unit.Dimension)
        {
            throw new DimensionMismatchException(Unit, target.Dimension, context);
        }

        if (target.Dimension == Dimension.GasMass && !string.Equals(target.Gas, Unit.Gas, StringComparison.Ordinal))
        {
            throw new DimensionMismatchException(Unit, target.Dimension, context ?? $"a mass of {target.Gas}");
        }

        return ReferenceEquals(target, Unit) || target.SizeInBase == Unit.SizeInBase
            ? new Quantity(Value, target)
            : new Quantity(Value * Unit.SizeInBase / target.SizeInBase, target);
    }

    public decimal In(Unit target, string? context = null) => ConvertTo(target, context).Value;

    /// <summary>Applies a rate (e.g. tCO2/MWh): converts this quantity to the rate's denominator and returns numerator units.</summary>
    public Quantity Times(decimal rate, RatioUnit unit, string? context = null) =>
        new(In(unit.Denominator, context) * rate, unit.Numerator);

    public static Quantity operator +(Quantity left, Quantity right) =>
        new(left.Value + right.In(left.Unit, "an addition"), left.Unit);

    public static Quantity operator -(Quantity left, Quantity right) =>
        new(left.Value - right.In(left.Unit, "a subtraction"), left.Unit);

    public override string ToString() => $"{Value} {Unit.Symbol}";
}

/// <summary>A rate unit such as <c>tCO2/MWh</c>, <c>GJ/10^4 Nm3</c> or <c>kgce/kWh</c>; a pure number uses <c>1</c> over <c>1</c>.</summary>
internal sealed record RatioUnit(Unit Numerator, Unit Denominator, string Symbol)
{
    public static readonly RatioUnit Dimensionless = new(UnitCatalogue.One, UnitCatalogue.One, "1");

    /// <summary>Parses <c>numerator/denominator</c> (or a single dimensionless symbol such as <c>1</c> or <c>%</c>).</summary>
    public static RatioUnit Parse(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var slash = symbol.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            var single = UnitCatalogue.Get(symbol);
            return single.Dimension == Dimension.Dimensionless
                ? new RatioUnit(single, UnitCatalogue.One, symbol)
                : throw new DimensionMismatchException(single, Dimension.Dimensionless, $"the rate '{symbol}' (a rate is written numerator/denominator)");
        }

        return new RatioUnit(UnitCatalogue.Get(symbol[..slash]), UnitCatalogue.Get(symbol[(slash + 1)..]), symbol);
    }

    public override string ToString() => Symbol;
}
