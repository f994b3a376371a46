using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Manifests;

/// <summary>
/// A container carried on a manifest line, with the weight shipped and, once received, the weight the receiver
/// found. This is what ties a container's trace and the warehouse stock to the manifests.
/// </summary>
internal sealed class ManifestContainer
{
    private ManifestContainer()
    {
        ContainerCode = string.Empty;
    }

    public Guid ManifestId { get; private set; }

    public Guid ContainerId { get; private set; }

    public string ContainerCode { get; private set; }

    public int LineNo { get; private set; }

    public long ShippedG { get; private set; }

    public long? ReceivedG { get; private set; }

    public static ManifestContainer Of(Guid manifestId, Guid containerId, string code, int lineNo, long shippedGrams) => new()
    {
        ManifestId = manifestId,
        ContainerId = containerId,
        ContainerCode = code,
        LineNo = lineNo,
        ShippedG = shippedGrams,
    };

    public void Receive(long grams) => ReceivedG = grams;

    internal sealed class Configuration : IEntityTypeConfiguration<ManifestContainer>
    {
        public const string Table = "waste_manifest_containers";

        public void Configure(EntityTypeBuilder<ManifestContainer> b)
        {
            b.ToTable(Table);
            b.HasKey(x => new { x.ManifestId, x.ContainerId }).HasName("pk_waste_manifest_containers");
            b.Property(x => x.ManifestId).HasColumnName("manifest_id");
            b.Property(x => x.ContainerId).HasColumnName("container_id");
            b.Property(x => x.ContainerCode).HasColumnName("container_code").HasMaxLength(64);
            b.Property(x => x.LineNo).HasColumnName("line_no");
            b.Property(x => x.ShippedG).HasColumnName("shipped_g");
            b.Property(x => x.ReceivedG).HasColumnName("received_g");
            b.HasIndex(x => x.ContainerId).HasDatabaseName("ix_waste_manifest_containers_container_id");
            b.HasOne<Domain.Manifests.Manifest>().WithMany().HasForeignKey(x => x.ManifestId).HasConstraintName("fk_waste_manifest_containers_manifest_id").OnDelete(DeleteBehavior.Cascade);
        }
    }
}
