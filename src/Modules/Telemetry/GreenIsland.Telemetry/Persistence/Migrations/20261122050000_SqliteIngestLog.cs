using GreenIsland.Telemetry.Ingest;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Telemetry.Persistence.Migrations;

/// <summary>
/// SQLite only (ADR 0012 amendment, session 6): the ingest log <c>telemetry_ingest_log</c> - one row per acknowledged
/// batch whose readings are certainly new, its readings in one blob, folded into <c>telemetry_readings</c> in the
/// background (<see cref="SqliteReadingLog"/>) - and the one-row <c>telemetry_ingest_writer</c> naming the writer that
/// owns the log's cache. Stored readings stay where they are. PostgreSQL is unchanged.
/// </summary>
[DbContext(typeof(TelemetryDbContext))]
[Migration("20261122050000_SqliteIngestLog")]
internal sealed class SqliteIngestLog : Migration
{
    internal const string UpSql = $"""
        CREATE TABLE {SqliteReadingLog.Table} (
            id INTEGER PRIMARY KEY,
            readings INTEGER NOT NULL,
            payload BLOB NOT NULL
        );
        CREATE TABLE {SqliteReadingLog.OwnerTable} (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            owner BLOB NOT NULL
        );
        """;

    /// <summary>
    /// Refuses (a CHECK constraint fails) while the log holds readings: they exist nowhere else. A host stopped
    /// cleanly folds its log; any host folds it on its first write or series query.
    /// </summary>
    internal const string DownSql = $"""
        CREATE TEMP TABLE telemetry_ingest_log_down_guard (pending INTEGER NOT NULL CHECK (pending = 0));
        INSERT INTO telemetry_ingest_log_down_guard SELECT count(*) FROM {SqliteReadingLog.Table};
        DROP TABLE telemetry_ingest_log_down_guard;
        DROP TABLE {SqliteReadingLog.OwnerTable};
        DROP TABLE {SqliteReadingLog.Table};
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
