using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Domain.Warehouse;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Warehouse;

/// <summary>
/// A movement of a container in a collector's custody: collected at a stop, received into the transfer warehouse,
/// delivered to a receiver, or a recorded loss / weighing difference. Stock and mass balance are replayed from these
/// rows (see <see cref="MassBalance"/>). Owned by the collector; the generator is kept for tracing.
/// </summary>
internal sealed class WarehouseMovement : ITenantRow
{
    public const int ReasonMaxLength = 500;

    private WarehouseMovement()
    {
        ContainerCode = RecordedBy = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>The collector.</summary>
    public OrganisationId OrganisationId { get; private set; }

    public JurisdictionId DistrictId { get; private set; }

    public JurisdictionId TownId { get; private set; }

    public OrganisationId GeneratorId { get; private set; }

    public Guid ContainerId { get; private set; }

    public string ContainerCode { get; private set; }

    public MovementKind Kind { get; private set; }

    public long WeightG { get; private set; }

    public DateTime At { get; private set; }

    public Guid? ManifestId { get; private set; }

    public string? Reason { get; private set; }

    public DateTime RecordedAt { get; private set; }

    public string RecordedBy { get; private set; }

    public static WarehouseMovement Record(OrganisationId collector, JurisdictionId district, JurisdictionId town, OrganisationId generator,
        Guid containerId, string containerCode, MovementKind kind, long grams, DateTime at, Guid? manifestId, string? reason, DateTime now, string actor) => new()
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = collector,
            DistrictId = district,
            TownId = town,
            GeneratorId = generator,
            ContainerId = containerId,
            ContainerCode = containerCode,
            Kind = kind,
            WeightG = grams,
            At = at,
            ManifestId = manifestId,
            Reason = reason,
            RecordedAt = now,
            RecordedBy = actor,
        };

    public MovementFact ToFact() => new(ContainerId, ContainerCode, Kind, WeightG, At);

    internal sealed class Configuration : IEntityTypeConfiguration<WarehouseMovement>
    {
        public const string Table = "waste_warehouse_movements";

        public void Configure(EntityTypeBuilder<WarehouseMovement> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_warehouse_movements");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.GeneratorId).HasColumnName("generator_id");
            b.Property(x => x.ContainerId).HasColumnName("container_id");
            b.Property(x => x.ContainerCode).HasColumnName("container_code").HasMaxLength(64);
            b.Property(x => x.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(24);
            b.Property(x => x.WeightG).HasColumnName("weight_g");
            b.Property(x => x.At).HasColumnName("at");
            b.Property(x => x.ManifestId).HasColumnName("manifest_id");
            b.Property(x => x.Reason).HasColumnName("reason").HasMaxLength(ReasonMaxLength);
            b.Property(x => x.RecordedAt).HasColumnName("recorded_at");
            b.Property(x => x.RecordedBy).HasColumnName("recorded_by").HasMaxLength(200);
            b.HasIndex(x => new { x.OrganisationId, x.At }).HasDatabaseName("ix_waste_warehouse_movements_organisation_id_at");
            b.HasIndex(x => x.ContainerId).HasDatabaseName("ix_waste_warehouse_movements_container_id");
        }
    }
}
