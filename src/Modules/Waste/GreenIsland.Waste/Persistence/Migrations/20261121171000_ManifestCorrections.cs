using GreenIsland.Waste.Features.Manifests;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Waste.Persistence.Migrations;

/// <summary>Corrections of signed manifests, agreed by the parties (waste-logistics).</summary>
[DbContext(typeof(WasteDbContext))]
[Migration("20261121171000_ManifestCorrections")]
internal sealed class ManifestCorrections : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = WasteMigrationProvider.Schema(migrationBuilder);
        migrationBuilder.CreateTable(
            name: ManifestCorrection.Configuration.Table,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                manifest_id = t.Column<Guid>(nullable: false),
                from_version = t.Column<int>(nullable: false),
                reason = t.Column<string>(maxLength: ManifestCorrection.ReasonMaxLength, nullable: false),
                lines_json = t.Column<string>(nullable: false),
                status = t.Column<string>(maxLength: 16, nullable: false),
                proposed_at = t.Column<DateTime>(nullable: false),
                proposed_by = t.Column<string>(maxLength: 200, nullable: false),
                generator_agreed_at = t.Column<DateTime>(nullable: true),
                carrier_agreed_at = t.Column<DateTime>(nullable: true),
                receiver_agreed_at = t.Column<DateTime>(nullable: true),
                applied_at = t.Column<DateTime>(nullable: true),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: false),
                town_id = t.Column<Guid>(nullable: false),
                carrier_id = t.Column<Guid>(nullable: true),
                receiver_id = t.Column<Guid>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_waste_manifest_corrections", x => x.id);
                t.ForeignKey("fk_waste_manifest_corrections_manifest_id", x => x.manifest_id, ManifestConfiguration.Table, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_waste_manifest_corrections_manifest_id", ManifestCorrection.Configuration.Table, ["manifest_id"], schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(ManifestCorrection.Configuration.Table, WasteMigrationProvider.Schema(migrationBuilder));
    }
}
