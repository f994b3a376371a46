using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Telemetry.Persistence.Migrations;

/// <summary>
/// PostgreSQL only: new <c>telemetry_outbox.payload</c> values are compressed with lz4 instead of pglz. A
/// <c>ReadingsAccepted</c> payload (several KB of JSON) is above the TOAST threshold, so every ingest transaction
/// compressed one with pglz (~2-3 % of the server's CPU in the ingest benchmark); lz4 compresses it several times
/// faster, and reads decompress it faster too. Values already stored keep pglz (both are read transparently). A
/// server built without lz4 keeps pglz (the migration then changes nothing). SQLite: nothing to do.
/// </summary>
[DbContext(typeof(TelemetryDbContext))]
[Migration("20261122013000_OutboxPayloadLz4")]
internal sealed class OutboxPayloadLz4 : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql($"""
                DO $$
                BEGIN
                    ALTER TABLE {TelemetryDbContext.Module}.{TelemetryDbContext.OutboxTable} ALTER COLUMN payload SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
                    RAISE NOTICE 'lz4 is not available on this server; telemetry_outbox.payload keeps the default compression';
                END
                $$;
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql($"ALTER TABLE {TelemetryDbContext.Module}.{TelemetryDbContext.OutboxTable} ALTER COLUMN payload SET COMPRESSION default;");
        }
    }
}
