using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Carbon.Domain.Units;

namespace GreenIsland.Carbon.Domain.Calculation;

/// <summary>
/// The emission formulas. Every input quantity is dimension-checked against the factor's unit, so a quantity in
/// the wrong dimension fails with a clear error instead of producing a number.
/// </summary>
internal static class EmissionCalculator
{
    /// <summary>44/12, the mass ratio of CO2 to carbon, applied as ×44 then ÷12 to keep decimal exactness as long as possible.</summary>
    private const decimal Co2MolarMass = 44m;
    private const decimal CarbonMolarMass = 12m;

    /// <summary>
    /// China guideline method: E(CO2) = AD × NCV × CC × OF × 44/12, with AD in the unit of the NCV's denominator
    /// (t or 10^4 Nm3 or a convertible unit), NCV in energy per AD unit, CC in carbon mass per energy, OF a fraction.
    /// </summary>
    public static EmissionLine FuelByCarbonContent(Quantity activity, FactorLibraryVersion library, Factor factor)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(factor);
        var ncv = factor.Value("NCV");
        var cc = factor.Value("CC");
        var of = factor.Value("OF");
        var energy = activity.Times(ncv.Value, ncv.Unit, $"the activity data for {factor.Code} (NCV is per {ncv.Unit.Denominator.Symbol})");
        var carbon = energy.Times(cc.Value, cc.Unit, $"the carbon content of {factor.Code}");
        if (carbon.Dimension != Dimension.CarbonMass)
        {
            throw new DimensionMismatchException(carbon.Unit, Dimension.CarbonMass, $"the carbon content of {factor.Code}");
        }

        var oxidised = carbon.Value * Fraction(of, factor.Code);
        var co2Kg = new Quantity(oxidised, carbon.Unit).In(UnitCatalogue.KilogramCarbon) * Co2MolarMass / CarbonMolarMass;
        return new EmissionLine("CO2", co2Kg, 1m, co2Kg, Use(library, factor), null);
    }

    /// <summary>
    /// IPCC Tier 1 method: energy = AD × NCV; each gas = energy × its emission factor; CO2e = Σ gas × GWP.
    /// </summary>
    public static IReadOnlyList<EmissionLine> FuelByEnergyFactors(Quantity activity, FactorLibraryVersion library, Factor factor, GwpSet gwp)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(factor);
        ArgumentNullException.ThrowIfNull(gwp);
        var ncv = factor.Value("NCV");
        var energy = activity.Times(ncv.Value, ncv.Unit, $"the activity data for {factor.Code} (NCV is per {ncv.Unit.Denominator.Symbol})");
        var lines = new List<EmissionLine>();
        foreach (var value in factor.Values.Where(v => v.Component != "NCV"))
        {
            lines.Add(GasLine(energy, value, library, factor, gwp));
        }

        return lines;
    }

    /// <summary>Activity × a rate per gas (e.g. purchased electricity × grid factor), one line per gas value of the factor.</summary>
    public static IReadOnlyList<EmissionLine> ByRate(Quantity activity, FactorLibraryVersion library, Factor factor, GwpSet? gwp)
    {
        ArgumentNullException.ThrowIfNull(factor);
        return factor.Values.Select(v => GasLine(activity, v, library, factor, gwp)).ToList();
    }

    /// <summary>Fugitive emission of a refrigerant or other gas: leaked mass × GWP.</summary>
    public static EmissionLine Fugitive(Quantity leakedMass, string gas, GwpSet gwp)
    {
        ArgumentNullException.ThrowIfNull(gwp);
        var kg = leakedMass.In(UnitCatalogue.Kilogram, $"the leaked mass of {gas}");
        var factor = gwp.Library.Factors.Single(f => f.Code == GwpSet.FactorCode);
        var value = gwp.Of(gas);
        return new EmissionLine(gas, kg, value, kg * value, Use(gwp.Library, factor), gwp.Name);
    }

    /// <summary>Standard coal equivalent using a published coefficient (never derived from heating values).</summary>
    public static Quantity CoalEquivalent(Quantity energyUse, Factor coefficient)
    {
        ArgumentNullException.ThrowIfNull(coefficient);
        var value = coefficient.Value("kgce");
        var result = energyUse.Times(value.Value, value.Unit, $"the quantity converted with {coefficient.Code}");
        return result.Dimension == Dimension.StandardCoal
            ? result
            : throw new DimensionMismatchException(result.Unit, Dimension.StandardCoal, $"the coefficient {coefficient.Code}");
    }

    public static FactorUse Use(FactorLibraryVersion library, Factor factor) =>
        new(library.Library, library.Version, factor.Code, factor.Region, factor.ValidFrom);

    private static EmissionLine GasLine(Quantity activity, FactorValue value, FactorLibraryVersion library, Factor factor, GwpSet? gwp)
    {
        var emitted = activity.Times(value.Value, value.Unit, $"the activity data for {factor.Code} (the factor is per {value.Unit.Denominator.Symbol})");
        switch (emitted.Dimension)
        {
            case Dimension.Co2Equivalent:
            {
                var kg = emitted.In(UnitCatalogue.KilogramCo2e);
                return new EmissionLine(value.Component, kg, 1m, kg, Use(library, factor), null);
            }

            case Dimension.GasMass when emitted.Unit.Gas == value.Component:
            {
                var kg = emitted.In(UnitCatalogue.KilogramsOf(value.Component));
                if (value.Component == "CO2")
                {
                    return new EmissionLine("CO2", kg, 1m, kg, Use(library, factor), null);
                }

                if (gwp is null)
                {
                    throw new UnknownFactorException($"Factor {factor.Code} emits {value.Component}; a GWP set is needed to express it as CO2e.");
                }

                var g = gwp.Of(value.Component);
                return new EmissionLine(value.Component, kg, g, kg * g, Use(library, factor), gwp.Name);
            }

            default:
                throw new DimensionMismatchException(emitted.Unit, Dimension.GasMass, $"the {value.Component} value of factor {factor.Code} (its numerator must be a mass of {value.Component} or a CO2e)");
        }
    }

    private static decimal Fraction(FactorValue value, string code)
    {
        if (value.Unit.Numerator.Dimension != Dimension.Dimensionless || value.Unit.Denominator.Dimension != Dimension.Dimensionless)
        {
            throw new DimensionMismatchException(value.Unit.Numerator, Dimension.Dimensionless, $"the oxidation rate of {code}");
        }

        return value.Value * value.Unit.Numerator.SizeInBase / value.Unit.Denominator.SizeInBase;
    }
}
