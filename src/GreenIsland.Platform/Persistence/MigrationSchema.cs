using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GreenIsland.Platform.Persistence;

internal static class MigrationSchema
{
    /// <summary>PostgreSQL gets one schema per module; SQLite has none (table names carry the module prefix).</summary>
    public static string? For(MigrationBuilder migrationBuilder, string module) => migrationBuilder.IsNpgsql() ? module : null;
}

/// <summary>
/// Database-level guard for the ledger: UPDATE and DELETE on ledger entries fail. Tampering therefore needs
/// someone to drop the trigger first, and the hash chain still reveals what they changed.
/// </summary>
internal static class LedgerAppendOnly
{
    public static void Create(MigrationBuilder migrationBuilder, string? schema)
    {
        if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql($"""
                CREATE FUNCTION {schema}.platform_ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'platform_ledger_entries is append-only (% refused)', TG_OP;
                END;
                $$;
                CREATE TRIGGER platform_ledger_entries_append_only BEFORE UPDATE OR DELETE ON {schema}.platform_ledger_entries
                    FOR EACH ROW EXECUTE FUNCTION {schema}.platform_ledger_entries_append_only();
                """);
        }
        else
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER platform_ledger_entries_no_update BEFORE UPDATE ON platform_ledger_entries
                BEGIN SELECT RAISE(ABORT, 'platform_ledger_entries is append-only (UPDATE refused)'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER platform_ledger_entries_no_delete BEFORE DELETE ON platform_ledger_entries
                BEGIN SELECT RAISE(ABORT, 'platform_ledger_entries is append-only (DELETE refused)'); END;
                """);
        }
    }

    public static void Drop(MigrationBuilder migrationBuilder, string? schema)
    {
        if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS platform_ledger_entries_append_only ON {schema}.platform_ledger_entries;");
            migrationBuilder.Sql($"DROP FUNCTION IF EXISTS {schema}.platform_ledger_entries_append_only();");
        }
        else
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS platform_ledger_entries_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS platform_ledger_entries_no_delete;");
        }
    }
}
