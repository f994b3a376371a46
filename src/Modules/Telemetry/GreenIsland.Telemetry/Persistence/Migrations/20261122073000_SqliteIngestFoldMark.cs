using GreenIsland.Telemetry.Ingest;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Telemetry.Persistence.Migrations;

/// <summary>
/// SQLite only (ADR 0012 amendment, session 7): the one-row <c>telemetry_ingest_fold</c> - how far a fold that moves
/// the ingest log into <c>telemetry_readings</c> in several transactions (key-range chunks) has got: every reading of
/// the log rows up to <c>log_id</c> whose key is at most (<c>device_id</c>, <c>metric_id</c>, <c>ts</c>) is in the
/// table. A fold after a crash between two chunks skips exactly those (<see cref="SqliteReadingLog"/>). PostgreSQL is
/// unchanged.
/// </summary>
[DbContext(typeof(TelemetryDbContext))]
[Migration("20261122073000_SqliteIngestFoldMark")]
internal sealed class SqliteIngestFoldMark : Migration
{
    internal const string UpSql = $"""
        CREATE TABLE {SqliteReadingLog.FoldMarkTable} (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            log_id INTEGER NOT NULL,
            device_id BLOB NOT NULL,
            metric_id INTEGER NOT NULL,
            ts INTEGER NOT NULL
        );
        """;

    /// <summary>
    /// Refuses (a CHECK constraint fails) while a chunked fold is half done: the mark says which log readings are in the
    /// table already. Any host finishes the fold on its first write or series query.
    /// </summary>
    internal const string DownSql = $"""
        CREATE TEMP TABLE telemetry_ingest_fold_down_guard (pending INTEGER NOT NULL CHECK (pending = 0));
        INSERT INTO telemetry_ingest_fold_down_guard SELECT count(*) FROM {SqliteReadingLog.FoldMarkTable};
        DROP TABLE telemetry_ingest_fold_down_guard;
        DROP TABLE {SqliteReadingLog.FoldMarkTable};
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
