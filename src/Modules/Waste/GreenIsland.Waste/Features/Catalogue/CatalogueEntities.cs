using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Waste.Features.Catalogue;

/// <summary>An edition of the National Hazardous Waste List (reference data, not tenant data).</summary>
internal sealed class CatalogueEdition
{
    public const int CodeMaxLength = 8;
    public const int SourceMaxLength = 500;

    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public DateOnly EffectiveFrom { get; set; }

    public string Source { get; set; } = string.Empty;

    /// <summary>V = checked against a published source, R = recalled.</summary>
    public string Confidence { get; set; } = "R";

    internal sealed class Configuration : IEntityTypeConfiguration<CatalogueEdition>
    {
        public const string Table = "waste_catalogue_editions";

        public void Configure(EntityTypeBuilder<CatalogueEdition> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Code).HasName("pk_waste_catalogue_editions");
            b.Property(x => x.Code).HasColumnName("code").HasMaxLength(CodeMaxLength);
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(200);
            b.Property(x => x.EffectiveFrom).HasColumnName("effective_from");
            b.Property(x => x.Source).HasColumnName("source").HasMaxLength(SourceMaxLength);
            b.Property(x => x.Confidence).HasColumnName("confidence").HasMaxLength(1);
        }
    }
}

/// <summary>A category (HWnn) in an edition.</summary>
internal sealed class WasteCategoryEntry
{
    public string Edition { get; set; } = string.Empty;

    public string Code { get; set; } = string.Empty;

    public int Number { get; set; }

    public string Name { get; set; } = string.Empty;

    public string NameEn { get; set; } = string.Empty;

    public string Source { get; set; } = string.Empty;

    public string Confidence { get; set; } = "R";

    internal sealed class Configuration : IEntityTypeConfiguration<WasteCategoryEntry>
    {
        public const string Table = "waste_categories";

        public void Configure(EntityTypeBuilder<WasteCategoryEntry> b)
        {
            b.ToTable(Table);
            b.HasKey(x => new { x.Edition, x.Code }).HasName("pk_waste_categories");
            b.Property(x => x.Edition).HasColumnName("edition").HasMaxLength(CatalogueEdition.CodeMaxLength);
            b.Property(x => x.Code).HasColumnName("code").HasMaxLength(4);
            b.Property(x => x.Number).HasColumnName("number");
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(100);
            b.Property(x => x.NameEn).HasColumnName("name_en").HasMaxLength(100);
            b.Property(x => x.Source).HasColumnName("source").HasMaxLength(CatalogueEdition.SourceMaxLength);
            b.Property(x => x.Confidence).HasColumnName("confidence").HasMaxLength(1);
            b.HasOne<CatalogueEdition>().WithMany().HasForeignKey(x => x.Edition).HasConstraintName("fk_waste_categories_edition").OnDelete(DeleteBehavior.Restrict);
        }
    }
}

/// <summary>An individual waste code in an edition, shipped (cited) or imported by the operator from the official text.</summary>
internal sealed class WasteCodeEntry
{
    public const int NameMaxLength = 500;
    public const int NoteMaxLength = 1000;

    public Guid Id { get; set; }

    public string Edition { get; set; } = string.Empty;

    public string Code { get; set; } = string.Empty;

    public string CategoryCode { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>Comma-separated symbols in list order: T, C, I, R, In.</summary>
    public string Characteristics { get; set; } = string.Empty;

    public string? ExemptionNote { get; set; }

    public string Source { get; set; } = string.Empty;

    public string Confidence { get; set; } = "R";

    public bool IsShipped { get; set; }

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    internal sealed class Configuration : IEntityTypeConfiguration<WasteCodeEntry>
    {
        public const string Table = "waste_codes";

        public void Configure(EntityTypeBuilder<WasteCodeEntry> b)
        {
            b.ToTable(Table);
            b.HasKey(x => x.Id).HasName("pk_waste_codes");
            b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(x => x.Edition).HasColumnName("edition").HasMaxLength(CatalogueEdition.CodeMaxLength);
            b.Property(x => x.Code).HasColumnName("code").HasMaxLength(10);
            b.Property(x => x.CategoryCode).HasColumnName("category_code").HasMaxLength(4);
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(NameMaxLength);
            b.Property(x => x.Characteristics).HasColumnName("characteristics").HasMaxLength(16);
            b.Property(x => x.ExemptionNote).HasColumnName("exemption_note").HasMaxLength(NoteMaxLength);
            b.Property(x => x.Source).HasColumnName("source").HasMaxLength(CatalogueEdition.SourceMaxLength);
            b.Property(x => x.Confidence).HasColumnName("confidence").HasMaxLength(1);
            b.Property(x => x.IsShipped).HasColumnName("is_shipped");
            b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            b.Property(x => x.UpdatedBy).HasColumnName("updated_by").HasMaxLength(200);
            b.HasIndex(x => new { x.Edition, x.Code }).IsUnique().HasDatabaseName("ux_waste_codes_edition_code");
            b.HasIndex(x => new { x.Edition, x.CategoryCode }).HasDatabaseName("ix_waste_codes_edition_category_code");
            b.HasOne<WasteCategoryEntry>().WithMany().HasForeignKey(x => new { x.Edition, x.CategoryCode })
                .HasConstraintName("fk_waste_codes_edition_category_code").OnDelete(DeleteBehavior.Restrict);
        }
    }
}
