using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Streams;
using GreenIsland.Waste.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Streams;

/// <summary>A kind of hazardous waste a site of an enterprise produces, with its code (and the edition it comes from).</summary>
internal sealed class WasteStream : IGeneratorRow
{
    public const int NameMaxLength = 200;
    public const int TextMaxLength = 500;

    public Guid Id { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public SiteId SiteId { get; set; }

    public JurisdictionId DistrictId { get; set; }

    public JurisdictionId TownId { get; set; }

    public string Edition { get; set; } = string.Empty;

    public string WasteCode { get; set; } = string.Empty;

    public string CategoryCode { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public PhysicalForm PhysicalForm { get; set; }

    /// <summary>Comma-separated T, C, I, R, In.</summary>
    public string Characteristics { get; set; } = string.Empty;

    public string Packaging { get; set; } = string.Empty;

    public string? MainComponents { get; set; }

    public string? Precautions { get; set; }

    public long ExpectedAnnualG { get; set; }

    public CompatibilityGroup CompatibilityGroup { get; set; }

    public bool IsActive { get; set; } = true;

    public bool IsDemo { get; set; }

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    internal sealed class Configuration : IEntityTypeConfiguration<WasteStream>
    {
        public const string Table = "waste_streams";

        public void Configure(EntityTypeBuilder<WasteStream> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_streams");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.SiteId).HasColumnName("site_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.Edition).HasColumnName("edition").HasMaxLength(8);
            b.Property(x => x.WasteCode).HasColumnName("waste_code").HasMaxLength(10);
            b.Property(x => x.CategoryCode).HasColumnName("category_code").HasMaxLength(4);
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(NameMaxLength);
            b.Property(x => x.PhysicalForm).HasColumnName("physical_form").HasConversion<string>().HasMaxLength(16);
            b.Property(x => x.Characteristics).HasColumnName("characteristics").HasMaxLength(16);
            b.Property(x => x.Packaging).HasColumnName("packaging").HasMaxLength(100);
            b.Property(x => x.MainComponents).HasColumnName("main_components").HasMaxLength(TextMaxLength);
            b.Property(x => x.Precautions).HasColumnName("precautions").HasMaxLength(TextMaxLength);
            b.Property(x => x.ExpectedAnnualG).HasColumnName("expected_annual_g");
            b.Property(x => x.CompatibilityGroup).HasColumnName("compatibility_group").HasConversion<int>();
            b.Property(x => x.IsActive).HasColumnName("is_active");
            b.Property(x => x.IsDemo).HasColumnName("is_demo");
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            b.HasIndex(x => x.OrganisationId).HasDatabaseName("ix_waste_streams_organisation_id");
            b.HasIndex(x => x.SiteId).HasDatabaseName("ix_waste_streams_site_id");
        }
    }
}
