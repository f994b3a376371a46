using GreenIsland.Waste.Features.ServiceAgreements;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Waste.Persistence.Migrations;

/// <summary>The module's schema and the service agreements (collector serves generator), on which tenancy rests.</summary>
[DbContext(typeof(WasteDbContext))]
[Migration("20261121160000_InitialWaste")]
internal sealed class InitialWaste : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);
        if (schema is not null)
        {
            migrationBuilder.EnsureSchema(schema);
        }

        migrationBuilder.CreateTable(
            name: ServiceAgreement.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                collector_id = t.Column<Guid>(nullable: false),
                generator_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                valid_from = t.Column<DateOnly>(nullable: false),
                valid_to = t.Column<DateOnly>(nullable: true),
                contract_number = t.Column<string>(maxLength: ServiceAgreement.ContractNumberMaxLength, nullable: true),
                created_at = t.Column<DateTime>(nullable: false),
                created_by = t.Column<string>(maxLength: 200, nullable: false),
                end_reason = t.Column<string>(maxLength: ServiceAgreement.ReasonMaxLength, nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_waste_service_agreements", x => x.id));
        migrationBuilder.CreateIndex("ix_waste_service_agreements_generator_id_valid_from", ServiceAgreement.Configuration.Table, ["generator_id", "valid_from"], schema);
        migrationBuilder.CreateIndex("ix_waste_service_agreements_collector_id_generator_id", ServiceAgreement.Configuration.Table, ["collector_id", "generator_id"], schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(ServiceAgreement.Configuration.Table, WasteMigrationProvider.Schema(migrationBuilder));
    }
}
