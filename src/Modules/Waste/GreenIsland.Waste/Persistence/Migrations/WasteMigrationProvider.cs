using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Waste.Persistence.Migrations;

/// <summary>Helpers shared by the Waste module's hand-written migrations (all owners use them).</summary>
internal static class WasteMigrationProvider
{
    /// <summary>The PostgreSQL schema of the module, or null on SQLite (which has no schemas).</summary>
    public static string? Schema(MigrationBuilder migrationBuilder) =>
        IsPostgres(migrationBuilder) ? WasteDbContext.Module : null;

    public static bool IsPostgres(MigrationBuilder migrationBuilder) =>
        string.Equals(migrationBuilder.ActiveProvider, "Npgsql.EntityFrameworkCore.PostgreSQL", StringComparison.Ordinal);
}
