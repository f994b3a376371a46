using GreenIsland.Platform.Contracts.Identifiers;

namespace GreenIsland.Waste.Persistence;

/// <summary>
/// A row that belongs to one organisation and lies in a district and town. <see cref="WasteDbContext"/> gives every
/// entity implementing it the platform's query filter: operators see everything, an organisation sees its own rows,
/// a regulator the rows in its jurisdiction. Entities declare what they are; nobody writes the filter twice.
/// </summary>
internal interface ITenantRow
{
    OrganisationId OrganisationId { get; }

    JurisdictionId DistrictId { get; }

    JurisdictionId TownId { get; }
}

/// <summary>
/// A row of a waste generator (enterprise): <see cref="ITenantRow.OrganisationId"/> is the generator. Besides the
/// <see cref="ITenantRow"/> audience, the collectors whose service agreement with the generator is in force today see it.
/// </summary>
internal interface IGeneratorRow : ITenantRow;

/// <summary>
/// A generator's row that other parties also take part in (a manifest's carrier and receiver, for example): visible to
/// the <see cref="IGeneratorRow"/> audience and to the organisations named in <see cref="CarrierId"/> and <see cref="ReceiverId"/>.
/// </summary>
internal interface IPartyRow : IGeneratorRow
{
    OrganisationId? CarrierId { get; }

    OrganisationId? ReceiverId { get; }
}
