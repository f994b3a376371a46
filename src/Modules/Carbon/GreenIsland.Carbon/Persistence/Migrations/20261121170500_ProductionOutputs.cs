using GreenIsland.Carbon.Features.Outputs;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Carbon.Persistence.Migrations;

/// <summary>Production output per site and month (the denominator of emission intensity).</summary>
[DbContext(typeof(CarbonDbContext))]
[Migration("20261121170500_ProductionOutputs")]
internal sealed class ProductionOutputs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = IsPostgres(migrationBuilder) ? CarbonDbContext.Module : null;
        migrationBuilder.CreateTable(
            name: ProductionOutput.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                site_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: true),
                town_id = t.Column<Guid>(nullable: true),
                month = t.Column<DateOnly>(nullable: false),
                quantity_value = t.Column<decimal>(nullable: false),
                quantity_unit = t.Column<string>(maxLength: ProductionOutput.UnitMaxLength, nullable: false),
                product = t.Column<string>(maxLength: ProductionOutput.ProductMaxLength, nullable: false),
                updated_at = t.Column<DateTime>(nullable: false),
                updated_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_carbon_production_outputs", x => x.id));
        migrationBuilder.CreateIndex("ux_carbon_production_outputs_site_id_month", ProductionOutput.Table, ["site_id", "month"], schema, unique: true);
        migrationBuilder.CreateIndex("ix_carbon_production_outputs_organisation_id", ProductionOutput.Table, "organisation_id", schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(ProductionOutput.Table, IsPostgres(migrationBuilder) ? CarbonDbContext.Module : null);
    }

    private static bool IsPostgres(MigrationBuilder migrationBuilder) =>
        string.Equals(migrationBuilder.ActiveProvider, "Npgsql.EntityFrameworkCore.PostgreSQL", StringComparison.Ordinal);
}
