using GreenIsland.Platform.Contracts.Identifiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GreenIsland.Carbon.Features.Outputs;

/// <summary>
/// What a site produced in one month (quantity with a case-sensitive unit symbol and a product description): the
/// denominator of emission intensity. One record per site and month; entering it again replaces the figure.
/// </summary>
internal sealed class ProductionOutput
{
    public const string Table = "carbon_production_outputs";
    public const int ProductMaxLength = 200;
    public const int UnitMaxLength = 16;

    public Guid Id { get; set; }

    public OrganisationId OrganisationId { get; set; }

    public SiteId SiteId { get; set; }

    public JurisdictionId? DistrictId { get; set; }

    public JurisdictionId? TownId { get; set; }

    /// <summary>First day of the month.</summary>
    public DateOnly Month { get; set; }

    public decimal QuantityValue { get; set; }

    public string QuantityUnit { get; set; } = string.Empty;

    public string Product { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    /// <summary>Columns, keys and indexes (the tenancy query filter is declared by the DbContext, which owns the scope).</summary>
    public static void Configure(EntityTypeBuilder<ProductionOutput> b)
    {
        b.ToTable(Table);
        b.HasKey(x => x.Id).HasName("pk_carbon_production_outputs");
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
        b.Property(x => x.SiteId).HasColumnName("site_id");
        b.Property(x => x.DistrictId).HasColumnName("district_id");
        b.Property(x => x.TownId).HasColumnName("town_id");
        b.Property(x => x.Month).HasColumnName("month");
        b.Property(x => x.QuantityValue).HasColumnName("quantity_value");
        b.Property(x => x.QuantityUnit).HasColumnName("quantity_unit").HasMaxLength(UnitMaxLength);
        b.Property(x => x.Product).HasColumnName("product").HasMaxLength(ProductMaxLength);
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at");
        b.Property(x => x.UpdatedBy).HasColumnName("updated_by").HasMaxLength(200);
        b.HasIndex(x => new { x.SiteId, x.Month }).IsUnique().HasDatabaseName("ux_carbon_production_outputs_site_id_month");
        b.HasIndex(x => x.OrganisationId).HasDatabaseName("ix_carbon_production_outputs_organisation_id");
    }
}
