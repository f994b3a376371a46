using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Telemetry.Persistence.Migrations;

/// <summary>
/// Devices, readings, rollups and the outbox. On PostgreSQL the readings table is range-partitioned by month
/// on <c>ts</c> (partitions are created ahead by <see cref="ReadingPartitions"/>); on SQLite it is a plain table.
/// </summary>
[DbContext(typeof(TelemetryDbContext))]
[Migration("20261121133000_InitialTelemetry")]
internal sealed class InitialTelemetry : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var postgres = migrationBuilder.IsNpgsql();
        var schema = postgres ? TelemetryDbContext.Module : null;
        if (postgres)
        {
            migrationBuilder.EnsureSchema(TelemetryDbContext.Module);
        }

        migrationBuilder.CreateTable(
            name: TelemetryDbContext.DevicesTable,
            schema: schema,
            columns: t => new
            {
                device_id = t.Column<Guid>(nullable: false),
                organisation_id = t.Column<Guid>(nullable: false),
                site_id = t.Column<Guid>(nullable: false),
                district_id = t.Column<Guid>(nullable: true),
                town_id = t.Column<Guid>(nullable: true),
                name = t.Column<string>(maxLength: TelemetryDevice.NameMaxLength, nullable: false),
                type = t.Column<string>(maxLength: 32, nullable: false),
                interval_seconds = t.Column<int>(nullable: false),
                register_modulus = t.Column<double>(nullable: false),
                is_active = t.Column<bool>(nullable: false),
                is_demo = t.Column<bool>(nullable: false),
                registered_at = t.Column<DateTime>(nullable: false),
                status = t.Column<short>(nullable: false),
                status_changed_at = t.Column<DateTime>(nullable: true),
                last_seen_at = t.Column<DateTime>(nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_telemetry_devices", x => x.device_id));
        migrationBuilder.CreateIndex("ix_telemetry_devices_organisation_id", TelemetryDbContext.DevicesTable, "organisation_id", schema);
        migrationBuilder.CreateIndex("ix_telemetry_devices_site_id", TelemetryDbContext.DevicesTable, "site_id", schema);

        if (postgres)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE {TelemetryDbContext.Module}.{TelemetryDbContext.ReadingsTable} (
                    device_id uuid NOT NULL,
                    metric_id smallint NOT NULL,
                    ts timestamp with time zone NOT NULL,
                    value double precision NOT NULL,
                    seq bigint NULL,
                    CONSTRAINT pk_telemetry_readings PRIMARY KEY (device_id, metric_id, ts)
                ) PARTITION BY RANGE (ts);
                """);
        }
        else
        {
            migrationBuilder.CreateTable(
                name: TelemetryDbContext.ReadingsTable,
                columns: t => new
                {
                    device_id = t.Column<Guid>(nullable: false),
                    metric_id = t.Column<short>(nullable: false),
                    ts = t.Column<DateTime>(nullable: false),
                    value = t.Column<double>(nullable: false),
                    seq = t.Column<long>(nullable: true),
                },
                constraints: t => t.PrimaryKey("pk_telemetry_readings", x => new { x.device_id, x.metric_id, x.ts }));
        }

        migrationBuilder.CreateTable(
            name: TelemetryDbContext.RollupsTable,
            schema: schema,
            columns: t => new
            {
                device_id = t.Column<Guid>(nullable: false),
                metric_id = t.Column<short>(nullable: false),
                grain = t.Column<short>(nullable: false),
                bucket_start = t.Column<DateTime>(nullable: false),
                count = t.Column<long>(nullable: false),
                sum = t.Column<double>(nullable: false),
                min = t.Column<double>(nullable: false),
                max = t.Column<double>(nullable: false),
                last_ts = t.Column<DateTime>(nullable: false),
                last = t.Column<double>(nullable: false),
            },
            constraints: t => t.PrimaryKey("pk_telemetry_rollups", x => new { x.device_id, x.metric_id, x.grain, x.bucket_start }));

        if (postgres)
        {
            // Every batch updates its rollup rows and (throttled) device rows: free space on each page lets
            // PostgreSQL update them in place (HOT) instead of churning the primary-key index.
            migrationBuilder.Sql($"ALTER TABLE {TelemetryDbContext.Module}.{TelemetryDbContext.RollupsTable} SET (fillfactor = 70);");
            migrationBuilder.Sql($"ALTER TABLE {TelemetryDbContext.Module}.{TelemetryDbContext.DevicesTable} SET (fillfactor = 80);");
        }

        migrationBuilder.CreateTable(
            name: TelemetryDbContext.OutboxTable,
            schema: schema,
            columns: t => new
            {
                id = t.Column<Guid>(nullable: false),
                occurred_at = t.Column<DateTime>(nullable: false),
                type = t.Column<string>(maxLength: OutboxMessage.TypeMaxLength, nullable: false),
                payload = t.Column<string>(nullable: false),
                attempts = t.Column<int>(nullable: false),
                next_attempt_at = t.Column<DateTime>(nullable: false),
                delivered_at = t.Column<DateTime>(nullable: true),
                last_error = t.Column<string>(nullable: true),
            },
            constraints: t => t.PrimaryKey("pk_telemetry_outbox", x => x.id));
        migrationBuilder.CreateIndex("ix_telemetry_outbox_delivered_at_next_attempt_at", TelemetryDbContext.OutboxTable,
            ["delivered_at", "next_attempt_at"], schema);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var schema = migrationBuilder.IsNpgsql() ? TelemetryDbContext.Module : null;
        migrationBuilder.DropTable(TelemetryDbContext.OutboxTable, schema);
        migrationBuilder.DropTable(TelemetryDbContext.RollupsTable, schema);
        migrationBuilder.DropTable(TelemetryDbContext.ReadingsTable, schema);
        migrationBuilder.DropTable(TelemetryDbContext.DevicesTable, schema);
    }
}

internal static class MigrationBuilderExtensions
{
    public static bool IsNpgsql(this MigrationBuilder migrationBuilder) =>
        string.Equals(migrationBuilder.ActiveProvider, "Npgsql.EntityFrameworkCore.PostgreSQL", StringComparison.Ordinal);
}
