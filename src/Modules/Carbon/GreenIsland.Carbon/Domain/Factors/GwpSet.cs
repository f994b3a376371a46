using GreenIsland.Carbon.Domain.Units;

namespace GreenIsland.Carbon.Domain.Factors;

/// <summary>100-year global warming potentials of one IPCC assessment report, read from a factor library (factor <c>gwp100</c>).</summary>
internal sealed class GwpSet
{
    public const string FactorCode = "gwp100";

    private readonly Dictionary<string, decimal> _values;

    public GwpSet(FactorLibraryVersion library)
    {
        ArgumentNullException.ThrowIfNull(library);
        var factor = library.Factors.SingleOrDefault(f => f.Code == FactorCode)
                     ?? throw new UnknownFactorException($"Library '{library.Library}' has no '{FactorCode}' factor, so it is not a GWP set.");
        foreach (var value in factor.Values)
        {
            if (value.Unit.Numerator.Dimension != Dimension.Dimensionless || value.Unit.Denominator.Dimension != Dimension.Dimensionless)
            {
                throw new DimensionMismatchException(value.Unit.Numerator, Dimension.Dimensionless, $"the GWP of {value.Component}");
            }
        }

        _values = factor.Values.ToDictionary(v => v.Component, v => v.Value, StringComparer.Ordinal);
        Library = library;
    }

    public FactorLibraryVersion Library { get; }

    public string Name => Library.Library;

    public IReadOnlyCollection<string> Gases => _values.Keys;

    /// <summary>The GWP of a gas (case-sensitive name, e.g. <c>HFC-134a</c>).</summary>
    public decimal Of(string gas) =>
        _values.TryGetValue(gas, out var value)
            ? value
            : throw new UnknownFactorException($"GWP set '{Name}' has no value for gas '{gas}'.");
}
