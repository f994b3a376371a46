using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Persistence;

internal sealed partial class CarbonDbContext
{
    public const string CbamInstallationsTable = "carbon_cbam_installations";
    public const string CbamGoodsTable = "carbon_cbam_goods";
    public const string CbamPeriodsTable = "carbon_cbam_periods";
    public const string CbamPrecursorsTable = "carbon_cbam_precursors";
    public const string ProductsTable = "carbon_products";
    public const string ProductBomTable = "carbon_product_bom_lines";
    public const string ProductCoProductsTable = "carbon_product_co_products";

    public DbSet<CbamInstallationRow> CbamInstallations => Set<CbamInstallationRow>();

    public DbSet<CbamGoodRow> CbamGoods => Set<CbamGoodRow>();

    public DbSet<CbamPeriodRow> CbamPeriods => Set<CbamPeriodRow>();

    public DbSet<ProductRow> Products => Set<ProductRow>();

    private void ConfigureCbamAndProducts(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CbamInstallationRow>(b =>
        {
            b.ToTable(CbamInstallationsTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_cbam_installations");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.InstallationCode).HasColumnName("installation_code").HasMaxLength(17);
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(256);
            b.Property(x => x.EconomicActivity).HasColumnName("economic_activity").HasMaxLength(256);
            b.Property(x => x.Country).HasColumnName("country").HasMaxLength(2);
            b.Property(x => x.SubDivision).HasColumnName("sub_division").HasMaxLength(35);
            b.Property(x => x.City).HasColumnName("city").HasMaxLength(35);
            b.Property(x => x.Street).HasColumnName("street").HasMaxLength(70);
            b.Property(x => x.Number).HasColumnName("number").HasMaxLength(35);
            b.Property(x => x.Postcode).HasColumnName("postcode").HasMaxLength(17);
            b.Property(x => x.UnLocode).HasColumnName("un_locode").HasMaxLength(5);
            b.Property(x => x.OperatorId).HasColumnName("operator_id").HasMaxLength(17);
            b.Property(x => x.OperatorName).HasColumnName("operator_name").HasMaxLength(70);
            b.Property(x => x.ContactName).HasColumnName("contact_name").HasMaxLength(70);
            b.Property(x => x.ContactPhone).HasColumnName("contact_phone").HasMaxLength(35);
            b.Property(x => x.ContactEmail).HasColumnName("contact_email").HasMaxLength(256);
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            b.HasIndex(x => new { x.OrganisationId, x.InstallationCode }).IsUnique().HasDatabaseName("ux_carbon_cbam_installations_organisation_id_installation_code");
            b.HasQueryFilter(x => ScopeSeesEverything || x.OrganisationId == ScopeOrganisationId || x.DistrictId == ScopeDistrictId || x.TownId == ScopeTownId);
        });

        modelBuilder.Entity<CbamGoodRow>(b =>
        {
            b.ToTable(CbamGoodsTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_cbam_goods");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.InstallationId).HasColumnName("installation_id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.CnCode).HasColumnName("cn_code").HasMaxLength(8);
            b.Property(x => x.Description).HasColumnName("description").HasMaxLength(512);
            b.Property(x => x.ProductionRoute).HasColumnName("production_route").HasMaxLength(200);
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.HasIndex(x => new { x.InstallationId, x.CnCode, x.ProductionRoute }).IsUnique().HasDatabaseName("ux_carbon_cbam_goods_installation_id_cn_code_production_route");
            b.HasOne<CbamInstallationRow>().WithMany().HasForeignKey(x => x.InstallationId).HasConstraintName("fk_carbon_cbam_goods_installation_id").OnDelete(DeleteBehavior.Cascade);
            b.HasQueryFilter(x => ScopeSeesEverything || x.OrganisationId == ScopeOrganisationId || x.DistrictId == ScopeDistrictId || x.TownId == ScopeTownId);
        });

        modelBuilder.Entity<CbamPeriodRow>(b =>
        {
            b.ToTable(CbamPeriodsTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_cbam_periods");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.GoodId).HasColumnName("good_id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.PeriodFrom).HasColumnName("period_from");
            b.Property(x => x.PeriodTo).HasColumnName("period_to");
            b.Property(x => x.ActivityLevelT).HasColumnName("activity_level_t");
            b.Property(x => x.AttributedDirectTco2e).HasColumnName("attributed_direct_tco2e");
            b.Property(x => x.ElectricityMwh).HasColumnName("electricity_mwh");
            b.Property(x => x.ElectricitySource).HasColumnName("electricity_source").HasMaxLength(32);
            b.Property(x => x.ElectricityFactorTco2PerMwh).HasColumnName("electricity_factor_tco2_per_mwh");
            b.Property(x => x.ElectricityFactorSource).HasColumnName("electricity_factor_source").HasMaxLength(512);
            b.Property(x => x.SeeDirectExact).HasColumnName("see_direct_exact");
            b.Property(x => x.SeeIndirectExact).HasColumnName("see_indirect_exact");
            b.Property(x => x.SeeDirect).HasColumnName("see_direct");
            b.Property(x => x.SeeIndirect).HasColumnName("see_indirect");
            b.Property(x => x.CalculatedAt).HasColumnName("calculated_at");
            b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            b.HasIndex(x => new { x.GoodId, x.PeriodFrom }).IsUnique().HasDatabaseName("ux_carbon_cbam_periods_good_id_period_from");
            b.HasOne<CbamGoodRow>().WithMany().HasForeignKey(x => x.GoodId).HasConstraintName("fk_carbon_cbam_periods_good_id").OnDelete(DeleteBehavior.Cascade);
            b.HasMany(x => x.Precursors).WithOne().HasForeignKey(x => x.PeriodId).HasConstraintName("fk_carbon_cbam_precursors_period_id").OnDelete(DeleteBehavior.Cascade);
            b.HasQueryFilter(x => ScopeSeesEverything || x.OrganisationId == ScopeOrganisationId || x.DistrictId == ScopeDistrictId || x.TownId == ScopeTownId);
        });

        modelBuilder.Entity<CbamPrecursorRow>(b =>
        {
            b.ToTable(CbamPrecursorsTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_cbam_precursors");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.PeriodId).HasColumnName("period_id");
            b.Property(x => x.CnCode).HasColumnName("cn_code").HasMaxLength(8);
            b.Property(x => x.MassT).HasColumnName("mass_t");
            b.Property(x => x.SeeDirect).HasColumnName("see_direct");
            b.Property(x => x.SeeIndirect).HasColumnName("see_indirect");
            b.Property(x => x.SourcePeriodId).HasColumnName("source_period_id");
            b.Property(x => x.Source).HasColumnName("source").HasMaxLength(512);
            b.HasIndex(x => x.PeriodId).HasDatabaseName("ix_carbon_cbam_precursors_period_id");
        });

        modelBuilder.Entity<ProductRow>(b =>
        {
            b.ToTable(ProductsTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_products");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.OrganisationId).HasColumnName("organisation_id");
            b.Property(x => x.DistrictId).HasColumnName("district_id");
            b.Property(x => x.TownId).HasColumnName("town_id");
            b.Property(x => x.Code).HasColumnName("code").HasMaxLength(64);
            b.Property(x => x.Name).HasColumnName("name").HasMaxLength(ProductRow.NameMaxLength);
            b.Property(x => x.Description).HasColumnName("description").HasMaxLength(1000);
            b.Property(x => x.ProductCategoryCpc).HasColumnName("product_category_cpc").HasMaxLength(16);
            b.Property(x => x.PeriodFrom).HasColumnName("period_from");
            b.Property(x => x.PeriodTo).HasColumnName("period_to");
            b.Property(x => x.AllocationBasis).HasColumnName("allocation_basis").HasMaxLength(32);
            b.Property(x => x.ElectricityKwh).HasColumnName("electricity_kwh");
            b.Property(x => x.FuelKgco2e).HasColumnName("fuel_kgco2e");
            b.Property(x => x.GwpSet).HasColumnName("gwp_set").HasMaxLength(FactorLibraryVersionRow.CodeMaxLength);
            b.Property(x => x.CreatedAt).HasColumnName("created_at");
            b.Property(x => x.CreatedBy).HasColumnName("created_by").HasMaxLength(200);
            b.Property(x => x.PcfKgco2ePerKg).HasColumnName("pcf_kgco2e_per_kg");
            b.Property(x => x.AllocationShare).HasColumnName("allocation_share");
            b.Property(x => x.ElectricityFactorVersionId).HasColumnName("electricity_factor_version_id");
            b.Property(x => x.ElectricityFactorKgco2ePerKwh).HasColumnName("electricity_factor_kgco2e_per_kwh");
            b.Property(x => x.BreakdownJson).HasColumnName("breakdown_json");
            b.Property(x => x.CalculatedAt).HasColumnName("calculated_at");
            b.HasIndex(x => new { x.OrganisationId, x.Code }).IsUnique().HasDatabaseName("ux_carbon_products_organisation_id_code");
            b.HasIndex(x => x.ElectricityFactorVersionId).HasDatabaseName("ix_carbon_products_electricity_factor_version_id");
            b.HasOne<FactorLibraryVersionRow>().WithMany().HasForeignKey(x => x.ElectricityFactorVersionId).HasConstraintName("fk_carbon_products_electricity_factor_version_id").OnDelete(DeleteBehavior.Restrict);
            b.HasMany(x => x.Bom).WithOne().HasForeignKey(x => x.ProductId).HasConstraintName("fk_carbon_product_bom_lines_product_id").OnDelete(DeleteBehavior.Cascade);
            b.HasMany(x => x.CoProducts).WithOne().HasForeignKey(x => x.ProductId).HasConstraintName("fk_carbon_product_co_products_product_id").OnDelete(DeleteBehavior.Cascade);
            b.HasQueryFilter(x => ScopeSeesEverything || x.OrganisationId == ScopeOrganisationId || x.DistrictId == ScopeDistrictId || x.TownId == ScopeTownId);
        });

        modelBuilder.Entity<ProductBomLineRow>(b =>
        {
            b.ToTable(ProductBomTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_product_bom_lines");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.ProductId).HasColumnName("product_id");
            b.Property(x => x.Position).HasColumnName("position");
            b.Property(x => x.Material).HasColumnName("material").HasMaxLength(200);
            b.Property(x => x.QuantityKg).HasColumnName("quantity_kg");
            b.Property(x => x.FactorKgco2ePerKg).HasColumnName("factor_kgco2e_per_kg");
            b.Property(x => x.SupplierProvided).HasColumnName("supplier_provided");
            b.Property(x => x.FactorSource).HasColumnName("factor_source").HasMaxLength(512);
            b.HasIndex(x => x.ProductId).HasDatabaseName("ix_carbon_product_bom_lines_product_id");
        });

        modelBuilder.Entity<ProductCoProductRow>(b =>
        {
            b.ToTable(ProductCoProductsTable);
            b.HasKey(x => x.Id).HasName("pk_carbon_product_co_products");
            b.Property(x => x.Id).HasColumnName("id");
            b.Property(x => x.ProductId).HasColumnName("product_id");
            b.Property(x => x.Code).HasColumnName("code").HasMaxLength(64);
            b.Property(x => x.MassKg).HasColumnName("mass_kg");
            b.Property(x => x.EconomicValue).HasColumnName("economic_value");
            b.Property(x => x.PhysicalMeasure).HasColumnName("physical_measure");
            b.HasIndex(x => x.ProductId).HasDatabaseName("ix_carbon_product_co_products_product_id");
        });
    }
}
