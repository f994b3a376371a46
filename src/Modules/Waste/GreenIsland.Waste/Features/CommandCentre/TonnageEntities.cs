using GreenIsland.Platform.Contracts.Identifiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.CommandCentre;

/// <summary>
/// The accepted quantity of one HW category on one manifest (the latest version), as last projected. Kept so that a
/// corrected manifest changes the monthly totals by the difference, never twice.
/// </summary>
internal sealed class TonnageFact
{
    public Guid ManifestId { get; set; }

    public string Category { get; set; } = string.Empty;

    public int ManifestVersion { get; set; }

    /// <summary>First day of the month (China time) the receiver decided in.</summary>
    public DateOnly Month { get; set; }

    public OrganisationId GeneratorId { get; set; }

    public OrganisationId CollectorId { get; set; }

    public JurisdictionId DistrictId { get; set; }

    public JurisdictionId TownId { get; set; }

    public long AcceptedG { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<TonnageFact>
    {
        public const string Table = "waste_tonnage_facts";

        public void Configure(EntityTypeBuilder<TonnageFact> b)
        {
            b.ToTable(Table);
            b.HasKey(x => new { x.ManifestId, x.Category });
            b.Property(x => x.Category).HasMaxLength(8);
            b.HasIndex(x => new { x.GeneratorId, x.Month });
            OversightModel.SnakeCase(b);
        }
    }
}

/// <summary>
/// Accepted tonnage per month, town, collector and HW category: what the command centre's tonnage chart reads, so a
/// year for a whole district is a few thousand rows, not every manifest line.
/// </summary>
internal sealed class TonnageMonthly
{
    public Guid Id { get; set; }

    public DateOnly Month { get; set; }

    public JurisdictionId DistrictId { get; set; }

    public JurisdictionId TownId { get; set; }

    public OrganisationId CollectorId { get; set; }

    public string Category { get; set; } = string.Empty;

    public long AcceptedG { get; set; }

    public int Manifests { get; set; }

    internal sealed class Configuration : IEntityTypeConfiguration<TonnageMonthly>
    {
        public const string Table = "waste_tonnage_monthly";

        public void Configure(EntityTypeBuilder<TonnageMonthly> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id);
            b.Property(x => x.Category).HasMaxLength(8);
            var cell = b.HasIndex(x => new { x.Month, x.DistrictId, x.TownId, x.CollectorId, x.Category }).IsUnique();
            b.HasIndex(x => new { x.DistrictId, x.Month });
            b.HasIndex(x => new { x.CollectorId, x.Month });
            OversightModel.SnakeCase(b);

            // PostgreSQL identifiers stop at 63 characters.
            cell.HasDatabaseName("ix_waste_tonnage_monthly_cell");
        }
    }
}
