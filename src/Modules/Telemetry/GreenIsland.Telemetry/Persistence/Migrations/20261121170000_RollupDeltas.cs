using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Telemetry.Persistence.Migrations;

/// <summary>
/// <c>telemetry_rollup_deltas</c>: the pre-aggregated rollup cells of each committed ingest batch, folded into
/// <c>telemetry_rollups</c> by the rollup merge (ADR 0008). Append-only between merges, no secondary index.
/// </summary>
[DbContext(typeof(TelemetryDbContext))]
[Migration("20261121170000_RollupDeltas")]
internal sealed class RollupDeltas : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var postgres = migrationBuilder.IsNpgsql();
        var schema = postgres ? TelemetryDbContext.Module : null;
        migrationBuilder.CreateTable(
            name: TelemetryDbContext.RollupDeltasTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                created_at = t.Column<DateTime>(nullable: false),
                cells = t.Column<int>(nullable: false),
                payload = t.Column<byte[]>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_telemetry_rollup_deltas", x => x.id));

        if (postgres)
        {
            // Binary doubles and GUIDs barely compress; do not spend ingest CPU trying.
            migrationBuilder.Sql($"ALTER TABLE {TelemetryDbContext.Module}.{TelemetryDbContext.RollupDeltasTable} ALTER COLUMN payload SET STORAGE EXTERNAL;");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropTable(TelemetryDbContext.RollupDeltasTable, migrationBuilder.IsNpgsql() ? TelemetryDbContext.Module : null);
}
