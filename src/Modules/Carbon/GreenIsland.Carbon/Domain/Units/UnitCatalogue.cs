using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace GreenIsland.Carbon.Domain.Units;

/// <summary>
/// The unit symbols the carbon module accepts. Base units: kg (mass), MJ (energy), m3 (volume at actual
/// conditions), Nm3 (volume at normal conditions), kg of the named gas, kgCO2e, kgC, kgce, 1.
/// m3 and Nm3 are separate dimensions: converting between them needs the gas temperature and pressure.
/// </summary>
internal static class UnitCatalogue
{
    public static readonly Unit One = new("1", Dimension.Dimensionless, 1m);
    public static readonly Unit Percent = new("%", Dimension.Dimensionless, 0.01m);

    public static readonly Unit Gram = new("g", Dimension.Mass, 0.001m);
    public static readonly Unit Kilogram = new("kg", Dimension.Mass, 1m);
    public static readonly Unit Tonne = new("t", Dimension.Mass, 1_000m);
    public static readonly Unit Gigagram = new("Gg", Dimension.Mass, 1_000_000m);

    public static readonly Unit KilowattHour = new("kWh", Dimension.Energy, 3.6m);
    public static readonly Unit MegawattHour = new("MWh", Dimension.Energy, 3_600m);
    public static readonly Unit GigawattHour = new("GWh", Dimension.Energy, 3_600_000m);
    public static readonly Unit Kilojoule = new("kJ", Dimension.Energy, 0.001m);
    public static readonly Unit Megajoule = new("MJ", Dimension.Energy, 1m);
    public static readonly Unit Gigajoule = new("GJ", Dimension.Energy, 1_000m);
    public static readonly Unit Terajoule = new("TJ", Dimension.Energy, 1_000_000m);

    public static readonly Unit Litre = new("L", Dimension.Volume, 0.001m);
    public static readonly Unit CubicMetre = new("m3", Dimension.Volume, 1m);
    public static readonly Unit NormalCubicMetre = new("Nm3", Dimension.NormalVolume, 1m);
    public static readonly Unit TenThousandNormalCubicMetres = new("10^4 Nm3", Dimension.NormalVolume, 10_000m);

    public static readonly Unit KilogramCo2e = new("kgCO2e", Dimension.Co2Equivalent, 1m);
    public static readonly Unit TonneCo2e = new("tCO2e", Dimension.Co2Equivalent, 1_000m);

    public static readonly Unit KilogramCarbon = new("kgC", Dimension.CarbonMass, 1m);
    public static readonly Unit TonneCarbon = new("tC", Dimension.CarbonMass, 1_000m);

    public static readonly Unit KilogramCoalEquivalent = new("kgce", Dimension.StandardCoal, 1m);
    public static readonly Unit TonneCoalEquivalent = new("tce", Dimension.StandardCoal, 1_000m);

    /// <summary>Gases whose mass may be written with a gas suffix (<c>kgCH4</c>, <c>tCO2</c>).</summary>
    public static readonly IReadOnlyList<string> SuffixGases = ["CO2", "CH4", "N2O"];

    private static readonly FrozenDictionary<string, Unit> BySymbol = BuildCatalogue();

    public static IEnumerable<Unit> All => BySymbol.Values;

    public static bool TryFind(string symbol, [NotNullWhen(true)] out Unit? unit) => BySymbol.TryGetValue(symbol, out unit);

    /// <summary>Finds a unit by its exact, case-sensitive symbol.</summary>
    /// <exception cref="UnknownUnitException">When no unit has that symbol.</exception>
    public static Unit Get(string symbol) =>
        TryFind(symbol, out var unit) ? unit : throw new UnknownUnitException(symbol);

    /// <summary>Gas-mass unit for a gas (<c>kgCH4</c>), used for emission lines of named gases.</summary>
    public static Unit KilogramsOf(string gas) => Get("kg" + gas);

    private static FrozenDictionary<string, Unit> BuildCatalogue()
    {
        List<Unit> units =
        [
            One, Percent, Gram, Kilogram, Tonne, Gigagram,
            KilowattHour, MegawattHour, GigawattHour, Kilojoule, Megajoule, Gigajoule, Terajoule,
            Litre, CubicMetre, NormalCubicMetre, TenThousandNormalCubicMetres,
            KilogramCo2e, TonneCo2e, KilogramCarbon, TonneCarbon, KilogramCoalEquivalent, TonneCoalEquivalent,
        ];
        foreach (var gas in SuffixGases)
        {
            units.Add(new Unit("g" + gas, Dimension.GasMass, 0.001m, gas));
            units.Add(new Unit("kg" + gas, Dimension.GasMass, 1m, gas));
            units.Add(new Unit("t" + gas, Dimension.GasMass, 1_000m, gas));
        }

        return units.ToFrozenDictionary(u => u.Symbol, StringComparer.Ordinal);
    }
}
