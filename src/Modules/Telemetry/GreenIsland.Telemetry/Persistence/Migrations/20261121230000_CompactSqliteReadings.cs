using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Telemetry.Persistence.Migrations;

/// <summary>
/// SQLite only (ADR 0012): <c>telemetry_readings</c> becomes one <c>WITHOUT ROWID</c> b-tree clustered on
/// (device GUID bytes, metric, microseconds since the epoch), converting the stored rows (device as upper-case GUID
/// text, instant as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> text). PostgreSQL is unchanged.
/// </summary>
[DbContext(typeof(TelemetryDbContext))]
[Migration("20261121230000_CompactSqliteReadings")]
internal sealed class CompactSqliteReadings : Migration
{
    /// <summary>Converts the text-keyed table (public for the conversion test).</summary>
    internal const string UpSql = $"""
        CREATE TABLE telemetry_readings_compact (
            device_id BLOB NOT NULL,
            metric_id INTEGER NOT NULL,
            ts INTEGER NOT NULL,
            value REAL NOT NULL,
            seq INTEGER NULL,
            CONSTRAINT pk_telemetry_readings PRIMARY KEY (device_id, metric_id, ts)
        ) WITHOUT ROWID;
        INSERT INTO telemetry_readings_compact (device_id, metric_id, ts, value, seq)
        SELECT unhex(replace(device_id, '-', '')), metric_id,
               unixepoch(substr(ts, 1, 19)) * 1000000
                 + CASE WHEN length(ts) > 20 THEN CAST(substr(substr(ts, 21) || '000000', 1, 6) AS INTEGER) ELSE 0 END,
               value, seq
        FROM {TelemetryDbContext.ReadingsTable}
        ORDER BY 1, 2, 3;
        DROP TABLE {TelemetryDbContext.ReadingsTable};
        ALTER TABLE telemetry_readings_compact RENAME TO {TelemetryDbContext.ReadingsTable};
        """;

    internal const string DownSql = $"""
        CREATE TABLE telemetry_readings_text (
            device_id TEXT NOT NULL,
            metric_id INTEGER NOT NULL,
            ts TEXT NOT NULL,
            value REAL NOT NULL,
            seq INTEGER NULL,
            CONSTRAINT pk_telemetry_readings PRIMARY KEY (device_id, metric_id, ts)
        );
        INSERT INTO telemetry_readings_text (device_id, metric_id, ts, value, seq)
        SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21),
               metric_id,
               strftime('%Y-%m-%d %H:%M:%S', ts / 1000000, 'unixepoch')
                 || CASE WHEN ts % 1000000 = 0 THEN '' ELSE rtrim('.' || printf('%06d', ts % 1000000), '0') END,
               value, seq
        FROM (SELECT hex(device_id) AS h, metric_id, ts, value, seq FROM {TelemetryDbContext.ReadingsTable});
        DROP TABLE {TelemetryDbContext.ReadingsTable};
        ALTER TABLE telemetry_readings_text RENAME TO {TelemetryDbContext.ReadingsTable};
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql(UpSql);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql(DownSql);
        }
    }
}
