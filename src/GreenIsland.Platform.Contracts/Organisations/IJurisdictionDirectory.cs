using GreenIsland.Platform.Contracts.Identifiers;

namespace GreenIsland.Platform.Contracts.Organisations;

/// <summary>A jurisdiction's code and names (Chinese first, English second).</summary>
/// <param name="Id">The jurisdiction.</param>
/// <param name="Code">Its administrative division code.</param>
/// <param name="Name">Its Chinese name, e.g. 甲镇.</param>
/// <param name="NameEn">Its English name, e.g. Town A.</param>
public sealed record JurisdictionName(JurisdictionId Id, string Code, string Name, string NameEn);

/// <summary>
/// Reads the names of districts and towns for other modules, so they label their figures without reading the
/// Platform's tables. Jurisdictions are public reference data: no tenancy applies.
/// </summary>
public interface IJurisdictionDirectory
{
    /// <summary>The names of the given jurisdictions; unknown ids are left out of the result.</summary>
    /// <param name="ids">The jurisdictions to name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The names by id.</returns>
    Task<IReadOnlyDictionary<JurisdictionId, JurisdictionName>> NamesAsync(IReadOnlyCollection<JurisdictionId> ids, CancellationToken cancellationToken);
}
