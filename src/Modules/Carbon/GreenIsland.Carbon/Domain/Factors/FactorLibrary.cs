using GreenIsland.Carbon.Domain.Units;

namespace GreenIsland.Carbon.Domain.Factors;

/// <summary>How far a published value has been checked (see the domain notes): verified against the publication, or recalled/single-source.</summary>
internal enum Confidence
{
    Verified,
    Recalled,
}

/// <summary>One value of a factor: a gas (<c>CO2</c>, <c>CH4</c>, <c>HFC-134a</c>), <c>CO2e</c>, or a parameter (<c>NCV</c>, <c>CC</c>, <c>OF</c>, <c>GWP100</c>).</summary>
/// <param name="Component">What the value is.</param>
/// <param name="Value">The value as published.</param>
/// <param name="Unit">Its unit as published, e.g. <c>tCO2/MWh</c>.</param>
/// <param name="Source">The document (and table) the value comes from.</param>
/// <param name="Confidence">Verified or recalled.</param>
internal sealed record FactorValue(string Component, decimal Value, RatioUnit Unit, string Source, Confidence Confidence);

/// <summary>
/// A factor: what it applies to (<see cref="Code"/>), where (<see cref="Region"/>) and when (an inclusive date range),
/// with one value per component.
/// </summary>
internal sealed record Factor(string Code, string Region, DateOnly ValidFrom, DateOnly ValidTo, IReadOnlyList<FactorValue> Values, string? Note)
{
    public bool Covers(DateOnly date) => date >= ValidFrom && date <= ValidTo;

    public FactorValue Value(string component) =>
        Values.FirstOrDefault(v => string.Equals(v.Component, component, StringComparison.Ordinal))
        ?? throw new UnknownFactorException($"Factor '{Code}' ({Region}, {ValidFrom:yyyy-MM-dd}..{ValidTo:yyyy-MM-dd}) has no value for '{component}'.");

    public FactorKey Key => new(Code, Region, ValidFrom);
}

/// <summary>Identifies a factor within one library version.</summary>
internal readonly record struct FactorKey(string Code, string Region, DateOnly ValidFrom);

/// <summary>
/// An immutable version of a factor library. A correction is a new version; results keep pointing at the version
/// they were computed with.
/// </summary>
/// <param name="Library">Library code, e.g. <c>cn-grid-statistical</c>.</param>
/// <param name="Version">Version label, e.g. <c>1</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="SourceDocument">The main source document(s) of the library.</param>
/// <param name="Factors">The factors.</param>
internal sealed record FactorLibraryVersion(string Library, string Version, string Name, string SourceDocument, IReadOnlyList<Factor> Factors)
{
    /// <summary>Finds the factor for a code and region in force on a date.</summary>
    /// <exception cref="UnknownFactorException">When there is none.</exception>
    public Factor Find(string code, string region, DateOnly date) =>
        Factors.FirstOrDefault(f => string.Equals(f.Code, code, StringComparison.Ordinal)
                                    && string.Equals(f.Region, region, StringComparison.Ordinal)
                                    && f.Covers(date))
        ?? throw new UnknownFactorException($"Library '{Library}' version {Version} has no factor '{code}' for region '{region}' in force on {date:yyyy-MM-dd}.");
}

/// <summary>No factor matches a request (code, region, date or component).</summary>
internal sealed class UnknownFactorException(string message) : Exception(message);
