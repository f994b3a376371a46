using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Carbon.Persistence.Migrations;

/// <summary>Factor library versions, activity records, inventories with their lines, energy lines and recalculations.</summary>
[DbContext(typeof(CarbonDbContext))]
[Migration("20261121140000_InitialCarbon")]
internal sealed class InitialCarbon : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = IsPostgres(migrationBuilder) ? CarbonDbContext.Module : null;
        if (schema is not null)
        {
            migrationBuilder.EnsureSchema(schema);
        }

        migrationBuilder.CreateTable(
            name: CarbonDbContext.FactorLibrariesTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                code = t.Column<string>(maxLength: FactorLibraryVersionRow.CodeMaxLength, nullable: false),
                version = t.Column<int>(nullable: false),
                name = t.Column<string>(maxLength: FactorLibraryVersionRow.NameMaxLength, nullable: false),
                source_document = t.Column<string>(maxLength: FactorLibraryVersionRow.SourceMaxLength, nullable: false),
                content_csv = t.Column<string>(nullable: false),
                content_sha256 = t.Column<string>(maxLength: 64, nullable: false),
                is_shipped = t.Column<bool>(nullable: false),
                change_note = t.Column<string>(maxLength: FactorLibraryVersionRow.SourceMaxLength, nullable: true),
                published_at = t.Column<DateTime>(nullable: false),
                published_by = t.Column<string>(maxLength: FactorLibraryVersionRow.NameMaxLength, nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_carbon_factor_library_versions", x => x.id));
        migrationBuilder.CreateIndex("ux_carbon_factor_library_versions_code_version", CarbonDbContext.FactorLibrariesTable, ["code", "version"], schema, unique: true);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.ActivitiesTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                site_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: true),
                town_id = t.Column<Guid>(nullable: true),
                month = t.Column<DateOnly>(nullable: false),
                kind = t.Column<string>(maxLength: 32, nullable: false),
                activity_code = t.Column<string>(maxLength: ActivityRecord.CodeMaxLength, nullable: true),
                quantity_value = t.Column<decimal>(nullable: false),
                quantity_unit = t.Column<string>(maxLength: ActivityRecord.UnitMaxLength, nullable: false),
                source = t.Column<string>(maxLength: 16, nullable: false),
                note = t.Column<string>(maxLength: ActivityRecord.NoteMaxLength, nullable: true),
                created_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_carbon_activity_records", x => x.id));
        migrationBuilder.CreateIndex("ix_carbon_activity_records_site_id_month", CarbonDbContext.ActivitiesTable, ["site_id", "month"], schema);
        migrationBuilder.CreateIndex("ix_carbon_activity_records_organisation_id", CarbonDbContext.ActivitiesTable, "organisation_id", schema);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.InventoriesTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: true),
                town_id = t.Column<Guid>(nullable: true),
                name = t.Column<string>(maxLength: 200, nullable: false),
                period_from = t.Column<DateOnly>(nullable: false),
                period_to = t.Column<DateOnly>(nullable: false),
                grid_region = t.Column<string>(maxLength: 32, nullable: false),
                gwp_library = t.Column<string>(maxLength: FactorLibraryVersionRow.CodeMaxLength, nullable: false),
                status = t.Column<string>(maxLength: 16, nullable: false),
                scope1_tco2e = t.Column<decimal>(nullable: true),
                scope2_location_tco2e = t.Column<decimal>(nullable: true),
                scope2_market_tco2e = t.Column<decimal>(nullable: true),
                energy_tce = t.Column<decimal>(nullable: true),
                residual_stand_in_used = t.Column<bool>(nullable: false),
                notes = t.Column<string>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
                calculated_at = t.Column<DateTime>(nullable: true),
                submitted_at = t.Column<DateTime>(nullable: true),
                approved_at = t.Column<DateTime>(nullable: true),
                approved_by = t.Column<string>(maxLength: 200, nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_carbon_inventories", x => x.id));
        migrationBuilder.CreateIndex("ix_carbon_inventories_organisation_id", CarbonDbContext.InventoriesTable, "organisation_id", schema);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.InventorySitesTable,
            schema: schema,
            columns: t => new
            {
                inventory_id = t.Column<Guid>(nullable: false),
                site_id = t.Column<Guid>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carbon_inventory_sites", x => new { x.inventory_id, x.site_id });
                t.ForeignKey("fk_carbon_inventory_sites_inventory_id", x => x.inventory_id, CarbonDbContext.InventoriesTable, "id", schema, onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: CarbonDbContext.InventoryLinesTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                inventory_id = t.Column<Guid>(nullable: false),
                activity_record_id = t.Column<Guid>(nullable: true),
                site_id = t.Column<Guid>(nullable: false),
                month = t.Column<DateOnly>(nullable: false),
                scope = t.Column<string>(maxLength: 32, nullable: false),
                category = t.Column<string>(maxLength: 32, nullable: false),
                gas = t.Column<string>(maxLength: InventoryLine.GasMaxLength, nullable: false),
                gas_mass_kg = t.Column<decimal>(nullable: false),
                gwp = t.Column<decimal>(nullable: false),
                co2e_kg = t.Column<decimal>(nullable: false),
                factor_library_version_id = t.Column<Guid>(nullable: false),
                factor_code = t.Column<string>(maxLength: FactorLibraryVersionRow.CodeMaxLength, nullable: false),
                factor_region = t.Column<string>(maxLength: 32, nullable: false),
                factor_valid_from = t.Column<DateOnly>(nullable: false),
                gwp_library_version_id = t.Column<Guid>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carbon_inventory_lines", x => x.id);
                t.ForeignKey("fk_carbon_inventory_lines_inventory_id", x => x.inventory_id, CarbonDbContext.InventoriesTable, "id", schema, onDelete: ReferentialAction.Cascade);
                t.ForeignKey("fk_carbon_inventory_lines_factor_library_version_id", x => x.factor_library_version_id, CarbonDbContext.FactorLibrariesTable, "id", schema, onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex("ix_carbon_inventory_lines_inventory_id", CarbonDbContext.InventoryLinesTable, "inventory_id", schema);
        migrationBuilder.CreateIndex("ix_carbon_inventory_lines_factor_library_version_id", CarbonDbContext.InventoryLinesTable, "factor_library_version_id", schema);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.EnergyLinesTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                inventory_id = t.Column<Guid>(nullable: false),
                activity_record_id = t.Column<Guid>(nullable: false),
                site_id = t.Column<Guid>(nullable: false),
                month = t.Column<DateOnly>(nullable: false),
                kgce = t.Column<decimal>(nullable: false),
                factor_library_version_id = t.Column<Guid>(nullable: false),
                factor_code = t.Column<string>(maxLength: FactorLibraryVersionRow.CodeMaxLength, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carbon_inventory_energy_lines", x => x.id);
                t.ForeignKey("fk_carbon_inventory_energy_lines_inventory_id", x => x.inventory_id, CarbonDbContext.InventoriesTable, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_carbon_inventory_energy_lines_inventory_id", CarbonDbContext.EnergyLinesTable, "inventory_id", schema);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.RecalculationsTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                inventory_id = t.Column<Guid>(nullable: false),
                at = t.Column<DateTime>(nullable: false),
                by = t.Column<string>(maxLength: 200, nullable: false),
                reason = t.Column<string>(maxLength: Recalculation.ReasonMaxLength, nullable: false),
                previous_scope1_tco2e = t.Column<decimal>(nullable: true),
                previous_scope2_location_tco2e = t.Column<decimal>(nullable: true),
                previous_scope2_market_tco2e = t.Column<decimal>(nullable: true),
                scope1_tco2e = t.Column<decimal>(nullable: false),
                scope2_location_tco2e = t.Column<decimal>(nullable: false),
                scope2_market_tco2e = t.Column<decimal>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carbon_recalculations", x => x.id);
                t.ForeignKey("fk_carbon_recalculations_inventory_id", x => x.inventory_id, CarbonDbContext.InventoriesTable, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_carbon_recalculations_inventory_id", CarbonDbContext.RecalculationsTable, "inventory_id", schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var schema = IsPostgres(migrationBuilder) ? CarbonDbContext.Module : null;
        foreach (var table in new[]
                 {
                     CarbonDbContext.RecalculationsTable, CarbonDbContext.EnergyLinesTable, CarbonDbContext.InventoryLinesTable,
                     CarbonDbContext.InventorySitesTable, CarbonDbContext.InventoriesTable, CarbonDbContext.ActivitiesTable,
                     CarbonDbContext.FactorLibrariesTable,
                 })
        {
            migrationBuilder.DropTable(table, schema);
        }
    }

    private static bool IsPostgres(MigrationBuilder migrationBuilder) =>
        string.Equals(migrationBuilder.ActiveProvider, "Npgsql.EntityFrameworkCore.PostgreSQL", StringComparison.Ordinal);
}
