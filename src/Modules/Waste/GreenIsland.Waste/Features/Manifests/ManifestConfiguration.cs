using GreenIsland.Waste.Domain.Manifests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Manifests;

internal sealed class ManifestConfiguration : IEntityTypeConfiguration<Manifest>
{
    public const string Table = "waste_manifests";

    public void Configure(EntityTypeBuilder<Manifest> b)
    {
        b.ToTable(Table);
        b.HasKey(x => x.Id).HasName("pk_waste_manifests");
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.Number).HasColumnName("number").HasMaxLength(ManifestNumber.Length);
        b.Property(x => x.Version).HasColumnName("version");
        b.Property(x => x.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.TripId).HasColumnName("trip_id");
        b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
        b.Property(x => x.GeneratorSiteId).HasColumnName("generator_site_id");
        b.Property(x => x.GeneratorName).HasColumnName("generator_name").HasMaxLength(Manifest.NameMaxLength);
        b.Property(x => x.DistrictId).HasColumnName("district_id");
        b.Property(x => x.TownId).HasColumnName("town_id");
        b.Property(x => x.CarrierId).HasColumnName("carrier_id");
        b.Property(x => x.CarrierName).HasColumnName("carrier_name").HasMaxLength(Manifest.NameMaxLength);
        b.Property(x => x.VehicleId).HasColumnName("vehicle_id");
        b.Property(x => x.VehiclePlate).HasColumnName("vehicle_plate").HasMaxLength(16);
        b.Property(x => x.VehiclePermitNumber).HasColumnName("vehicle_permit_number").HasMaxLength(64);
        b.Property(x => x.ReceiverId).HasColumnName("receiver_id");
        b.Property(x => x.ReceiverName).HasColumnName("receiver_name").HasMaxLength(Manifest.NameMaxLength);
        b.Property(x => x.CreatedAt).HasColumnName("created_at");
        b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
        b.Property(x => x.GeneratorSignedAt).HasColumnName("generator_signed_at");
        b.Property(x => x.GeneratorSignedBy).HasColumnName("generator_signed_by").HasMaxLength(200);
        b.Property(x => x.GeneratorSignatureMethod).HasColumnName("generator_signature_method").HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.CarrierSignedAt).HasColumnName("carrier_signed_at");
        b.Property(x => x.CarrierSignedBy).HasColumnName("carrier_signed_by").HasMaxLength(200);
        b.Property(x => x.ReceivedAt).HasColumnName("received_at");
        b.Property(x => x.ReceivedBy).HasColumnName("received_by").HasMaxLength(200);
        b.Property(x => x.ConfirmationDeadline).HasColumnName("confirmation_deadline");
        b.Property(x => x.ConfirmationDeadlineProvisional).HasColumnName("confirmation_deadline_provisional");
        b.Property(x => x.DecidedAt).HasColumnName("decided_at");
        b.Property(x => x.DecidedBy).HasColumnName("decided_by").HasMaxLength(200);
        b.Property(x => x.RefusalReason).HasColumnName("refusal_reason").HasMaxLength(Manifest.ReasonMaxLength);
        b.Property(x => x.DisposedAt).HasColumnName("disposed_at");
        b.Property(x => x.DisposedBy).HasColumnName("disposed_by").HasMaxLength(200);
        b.Property(x => x.DisposalMethod).HasColumnName("disposal_method").HasMaxLength(200);
        b.Property(x => x.CancelledAt).HasColumnName("cancelled_at");
        b.Property(x => x.CancelledBy).HasColumnName("cancelled_by").HasMaxLength(200);
        b.Property(x => x.CancelReason).HasColumnName("cancel_reason").HasMaxLength(Manifest.ReasonMaxLength);
        b.Property(x => x.HasDiscrepancy).HasColumnName("has_discrepancy");
        b.Property(x => x.TolerancePercent).HasColumnName("tolerance_percent").HasPrecision(5, 2);
        b.Property(x => x.OverdueAlertedAt).HasColumnName("overdue_alerted_at");
        b.Ignore(x => x.TotalQuantityG);
        b.Ignore(x => x.CanBeCorrected);
        b.HasIndex(x => x.Number).IsUnique().HasDatabaseName("ux_waste_manifests_number");
        b.HasIndex(x => x.OrganisationId).HasDatabaseName("ix_waste_manifests_organisation_id");
        b.HasIndex(x => x.TripId).HasDatabaseName("ix_waste_manifests_trip_id");
        b.HasIndex(x => new { x.ReceiverId, x.Status }).HasDatabaseName("ix_waste_manifests_receiver_id_status");
        b.HasIndex(x => new { x.CarrierId, x.Status }).HasDatabaseName("ix_waste_manifests_carrier_id_status");
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.ManifestId).HasConstraintName("fk_waste_manifest_lines_manifest_id").OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Lines).HasField("_lines").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ManifestLineConfiguration : IEntityTypeConfiguration<ManifestLine>
{
    public const string Table = "waste_manifest_lines";

    public void Configure(EntityTypeBuilder<ManifestLine> b)
    {
        b.ToTable(Table);
        b.HasKey(x => x.Id).HasName("pk_waste_manifest_lines");
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.ManifestId).HasColumnName("manifest_id");
        b.Property(x => x.LineNo).HasColumnName("line_no");
        b.Property(x => x.WasteCode).HasColumnName("waste_code").HasMaxLength(16);
        b.Property(x => x.WasteName).HasColumnName("waste_name").HasMaxLength(ManifestLine.TextMaxLength);
        b.Property(x => x.Category).HasColumnName("category").HasMaxLength(8);
        b.Property(x => x.Characteristics).HasColumnName("characteristics").HasMaxLength(32);
        b.Property(x => x.PhysicalForm).HasColumnName("physical_form").HasMaxLength(64);
        b.Property(x => x.Packaging).HasColumnName("packaging").HasMaxLength(64);
        b.Property(x => x.ContainerCount).HasColumnName("container_count");
        b.Property(x => x.QuantityG).HasColumnName("quantity_g");
        b.Property(x => x.Measured).HasColumnName("measured");
        b.Property(x => x.ReceivedQuantityG).HasColumnName("received_quantity_g");
        b.Property(x => x.AcceptedQuantityG).HasColumnName("accepted_quantity_g");
        b.Property(x => x.DeviationPercent).HasColumnName("deviation_percent").HasPrecision(9, 2);
        b.Property(x => x.Discrepancy).HasColumnName("discrepancy");
        b.HasIndex(x => new { x.ManifestId, x.LineNo }).IsUnique().HasDatabaseName("ux_waste_manifest_lines_manifest_id_line_no");
    }
}
