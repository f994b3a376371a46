using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Carbon.Persistence.Migrations;

/// <summary>Provenance of activity records imported from meter rollups (device, metric) and evidence files stored in the database.</summary>
[DbContext(typeof(CarbonDbContext))]
[Migration("20261121160000_MeterProvenanceAndEvidence")]
internal sealed class MeterProvenanceAndEvidence : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var schema = IsPostgres(migrationBuilder) ? CarbonDbContext.Module : null;
        migrationBuilder.AddColumn<Guid>("source_device_id", CarbonDbContext.ActivitiesTable, schema: schema, nullable: true);
        migrationBuilder.AddColumn<string>("source_metric", CarbonDbContext.ActivitiesTable, maxLength: ActivityRecord.SourceMetricMaxLength, schema: schema, nullable: true);
        migrationBuilder.AddColumn<DateTime>("updated_at", CarbonDbContext.ActivitiesTable, schema: schema, nullable: true);

        migrationBuilder.CreateTable(
            name: CarbonDbContext.EvidenceTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                activity_record_id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: true),
                town_id = t.Column<Guid>(nullable: true),
                file_name = t.Column<string>(maxLength: EvidenceFile.FileNameMaxLength, nullable: false),
                content_type = t.Column<string>(maxLength: 100, nullable: false),
                size_bytes = t.Column<long>(nullable: false),
                sha256 = t.Column<string>(maxLength: 64, nullable: false),
                content = t.Column<byte[]>(nullable: false),
                uploaded_at = t.Column<DateTime>(nullable: false),
                uploaded_by = t.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("pk_carbon_evidence_files", x => x.id);
                t.ForeignKey("fk_carbon_evidence_files_activity_record_id", x => x.activity_record_id, CarbonDbContext.ActivitiesTable, "id", schema, onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_carbon_evidence_files_activity_record_id", CarbonDbContext.EvidenceTable, "activity_record_id", schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var schema = IsPostgres(migrationBuilder) ? CarbonDbContext.Module : null;
        migrationBuilder.DropTable(CarbonDbContext.EvidenceTable, schema);
        migrationBuilder.DropColumn("updated_at", CarbonDbContext.ActivitiesTable, schema);
        migrationBuilder.DropColumn("source_metric", CarbonDbContext.ActivitiesTable, schema);
        migrationBuilder.DropColumn("source_device_id", CarbonDbContext.ActivitiesTable, schema);
    }

    private static bool IsPostgres(MigrationBuilder migrationBuilder) =>
        string.Equals(migrationBuilder.ActiveProvider, "Npgsql.EntityFrameworkCore.PostgreSQL", StringComparison.Ordinal);
}
