using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Carbon.Persistence.Migrations;

/// <summary>Saved CBAM data (installations, goods with their production route, reporting periods with SEE, precursors) and products with bills of materials.</summary>
[DbContext(typeof(CarbonDbContext))]
[Migration("20261121170000_CbamAndProducts")]
internal sealed class CbamAndProducts : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = IsPostgres(migrationBuilder) ? CarbonDbContext.Module : null;
        migrationBuilder.CreateTable(
            name: CarbonDbContext.CbamInstallationsTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: true),
                town_id = t.Column<Guid>(nullable: true),
                installation_code = t.Column<string>(maxLength: 17, nullable: false),
                name = t.Column<string>(maxLength: 256, nullable: false),
                economic_activity = t.Column<string>(maxLength: 256, nullable: true),
                country = t.Column<string>(maxLength: 2, nullable: false),
                sub_division = t.Column<string>(maxLength: 35, nullable: true),
                city = t.Column<string>(maxLength: 35, nullable: false),
                street = t.Column<string>(maxLength: 70, nullable: true),
                number = t.Column<string>(maxLength: 35, nullable: true),
                postcode = t.Column<string>(maxLength: 17, nullable: true),
                un_locode = t.Column<string>(maxLength: 5, nullable: true),
                operator_id = t.Column<string>(maxLength: 17, nullable: false),
                operator_name = t.Column<string>(maxLength: 70, nullable: false),
                contact_name = t.Column<string>(maxLength: 70, nullable: false),
                contact_phone = t.Column<string>(maxLength: 35, nullable: false),
                contact_email = t.Column<string>(maxLength: 256, nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_carbon_cbam_installations", x => x.id));
        migrationBuilder.CreateIndex("ux_carbon_cbam_installations_organisation_id_installation_code", CarbonDbContext.CbamInstallationsTable,
            ["organisation_id", "installation_code"], schema, unique: true);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.CbamGoodsTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                installation_id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: true),
                town_id = t.Column<Guid>(nullable: true),
                cn_code = t.Column<string>(maxLength: 8, nullable: false),
                description = t.Column<string>(maxLength: 512, nullable: false),
                production_route = t.Column<string>(maxLength: 200, nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carbon_cbam_goods", x => x.id);
                t.ForeignKey("fk_carbon_cbam_goods_installation_id", x => x.installation_id, CarbonDbContext.CbamInstallationsTable, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ux_carbon_cbam_goods_installation_id_cn_code_production_route", CarbonDbContext.CbamGoodsTable,
            ["installation_id", "cn_code", "production_route"], schema, unique: true);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.CbamPeriodsTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                good_id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: true),
                town_id = t.Column<Guid>(nullable: true),
                period_from = t.Column<DateOnly>(nullable: false),
                period_to = t.Column<DateOnly>(nullable: false),
                activity_level_t = t.Column<decimal>(nullable: false),
                attributed_direct_tco2e = t.Column<decimal>(nullable: false),
                electricity_mwh = t.Column<decimal>(nullable: false),
                electricity_source = t.Column<string>(maxLength: 32, nullable: false),
                electricity_factor_tco2_per_mwh = t.Column<decimal>(nullable: false),
                electricity_factor_source = t.Column<string>(maxLength: 512, nullable: false),
                see_direct_exact = t.Column<decimal>(nullable: false),
                see_indirect_exact = t.Column<decimal>(nullable: false),
                see_direct = t.Column<decimal>(nullable: false),
                see_indirect = t.Column<decimal>(nullable: false),
                calculated_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carbon_cbam_periods", x => x.id);
                t.ForeignKey("fk_carbon_cbam_periods_good_id", x => x.good_id, CarbonDbContext.CbamGoodsTable, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ux_carbon_cbam_periods_good_id_period_from", CarbonDbContext.CbamPeriodsTable, ["good_id", "period_from"], schema, unique: true);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.CbamPrecursorsTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                period_id = t.Column<Guid>(nullable: false),
                cn_code = t.Column<string>(maxLength: 8, nullable: false),
                mass_t = t.Column<decimal>(nullable: false),
                see_direct = t.Column<decimal>(nullable: false),
                see_indirect = t.Column<decimal>(nullable: false),
                source_period_id = t.Column<Guid>(nullable: true),
                source = t.Column<string>(maxLength: 512, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carbon_cbam_precursors", x => x.id);
                t.ForeignKey("fk_carbon_cbam_precursors_period_id", x => x.period_id, CarbonDbContext.CbamPeriodsTable, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_carbon_cbam_precursors_period_id", CarbonDbContext.CbamPrecursorsTable, "period_id", schema);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.ProductsTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: true),
                town_id = t.Column<Guid>(nullable: true),
                code = t.Column<string>(maxLength: 64, nullable: false),
                name = t.Column<string>(maxLength: ProductRow.NameMaxLength, nullable: false),
                description = t.Column<string>(maxLength: 1000, nullable: true),
                product_category_cpc = t.Column<string>(maxLength: 16, nullable: false),
                period_from = t.Column<DateOnly>(nullable: false),
                period_to = t.Column<DateOnly>(nullable: false),
                allocation_basis = t.Column<string>(maxLength: 32, nullable: false),
                electricity_kwh = t.Column<decimal>(nullable: false),
                fuel_kgco2e = t.Column<decimal>(nullable: false),
                gwp_set = t.Column<string>(maxLength: FactorLibraryVersionRow.CodeMaxLength, nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
                pcf_kgco2e_per_kg = t.Column<decimal>(nullable: true),
                allocation_share = t.Column<decimal>(nullable: true),
                electricity_factor_version_id = t.Column<Guid>(nullable: true),
                electricity_factor_kgco2e_per_kwh = t.Column<decimal>(nullable: true),
                breakdown_json = t.Column<string>(nullable: true),
                calculated_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carbon_products", x => x.id);
                t.ForeignKey("fk_carbon_products_electricity_factor_version_id", x => x.electricity_factor_version_id, CarbonDbContext.FactorLibrariesTable, "id", schema, onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("ux_carbon_products_organisation_id_code", CarbonDbContext.ProductsTable, ["organisation_id", "code"], schema, unique: true);
        migrationBuilder.CreateIndex("ix_carbon_products_electricity_factor_version_id", CarbonDbContext.ProductsTable, "electricity_factor_version_id", schema);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.ProductBomTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                product_id = t.Column<Guid>(nullable: false),
                position = t.Column<int>(nullable: false),
                material = t.Column<string>(maxLength: 200, nullable: false),
                quantity_kg = t.Column<decimal>(nullable: false),
                factor_kgco2e_per_kg = t.Column<decimal>(nullable: false),
                supplier_provided = t.Column<bool>(nullable: false),
                factor_source = t.Column<string>(maxLength: 512, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carbon_product_bom_lines", x => x.id);
                t.ForeignKey("fk_carbon_product_bom_lines_product_id", x => x.product_id, CarbonDbContext.ProductsTable, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_carbon_product_bom_lines_product_id", CarbonDbContext.ProductBomTable, "product_id", schema);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.ProductCoProductsTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                product_id = t.Column<Guid>(nullable: false),
                code = t.Column<string>(maxLength: 64, nullable: false),
                mass_kg = t.Column<decimal>(nullable: false),
                economic_value = t.Column<decimal>(nullable: false),
                physical_measure = t.Column<decimal>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carbon_product_co_products", x => x.id);
                t.ForeignKey("fk_carbon_product_co_products_product_id", x => x.product_id, CarbonDbContext.ProductsTable, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_carbon_product_co_products_product_id", CarbonDbContext.ProductCoProductsTable, "product_id", schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var schema = IsPostgres(migrationBuilder) ? CarbonDbContext.Module : null;
        foreach (var table in new[]
                 {
                     CarbonDbContext.ProductCoProductsTable, CarbonDbContext.ProductBomTable, CarbonDbContext.ProductsTable, CarbonDbContext.CbamPrecursorsTable,
                     CarbonDbContext.CbamPeriodsTable, CarbonDbContext.CbamGoodsTable, CarbonDbContext.CbamInstallationsTable,
                 })
        {
            migrationBuilder.DropTable(table, schema);
        }
    }

    private static bool IsPostgres(MigrationBuilder migrationBuilder) =>
        string.Equals(migrationBuilder.ActiveProvider, "Npgsql.EntityFrameworkCore.PostgreSQL", StringComparison.Ordinal);
}
