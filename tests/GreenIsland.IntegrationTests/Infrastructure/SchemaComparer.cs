using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace GreenIsland.IntegrationTests.Infrastructure;

/// <summary>
/// Compares a module's EF model (the design-time relational model) with the schema its migrations produced:
/// tables, columns (store type and nullability), primary keys, indexes (name, columns, uniqueness) and foreign
/// keys (columns, principal, delete action). Read from pg_catalog on PostgreSQL and PRAGMAs on SQLite.
/// </summary>
public static class SchemaComparer
{
    public static async Task<IReadOnlyList<string>> CompareAsync(DbContext context, string tablePrefix)
    {
        var expected = FromModel(context.GetService<IDesignTimeModel>().Model.GetRelationalModel(), tablePrefix);
        var connection = context.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync();
        }

        try
        {
            var transaction = context.Database.CurrentTransaction?.GetDbTransaction();
            var actual = context.Database.IsNpgsql()
                ? await FromPostgresAsync(connection, transaction, context.Model.GetDefaultSchema() ?? "public", tablePrefix)
                : await FromSqliteAsync(connection, transaction, tablePrefix);
            return Diff(expected, actual);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private sealed class Table
    {
        public Dictionary<string, string> Columns { get; } = new(StringComparer.Ordinal);

        public string PrimaryKey { get; set; } = string.Empty;

        public SortedSet<string> Indexes { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> ForeignKeys { get; } = new(StringComparer.Ordinal);
    }

    private static Dictionary<string, Table> FromModel(IRelationalModel model, string prefix)
    {
        var tables = new Dictionary<string, Table>(StringComparer.Ordinal);
        foreach (var t in model.Tables.Where(t => t.Name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var table = new Table { PrimaryKey = string.Join(',', t.PrimaryKey!.Columns.Select(c => c.Name)) };
            foreach (var c in t.Columns)
            {
                table.Columns[c.Name] = Column(c.StoreType, c.IsNullable);
            }

            foreach (var ix in t.Indexes)
            {
                table.Indexes.Add(Index(ix.Name, ix.Columns.Select(c => c.Name), ix.IsUnique));
            }

            foreach (var fk in t.ForeignKeyConstraints)
            {
                table.ForeignKeys.Add(ForeignKey(fk.Columns.Select(c => c.Name), fk.PrincipalTable.Name, fk.PrincipalColumns.Select(c => c.Name),
                    fk.OnDeleteAction.ToString()));
            }

            tables[t.Name] = table;
        }

        return tables;
    }

    private static async Task<Dictionary<string, Table>> FromSqliteAsync(DbConnection connection, DbTransaction? transaction, string prefix)
    {
        var tables = new Dictionary<string, Table>(StringComparer.Ordinal);
        var names = new List<string>();
        await foreach (var row in QueryAsync(connection, transaction, "SELECT name FROM sqlite_master WHERE type = 'table'"))
        {
            var name = (string)row[0];
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                names.Add(name);
            }
        }

        foreach (var name in names)
        {
            var table = new Table();
            var pk = new SortedDictionary<long, string>();
            await foreach (var row in QueryAsync(connection, transaction, $"PRAGMA table_info('{name}')"))
            {
                table.Columns[(string)row[1]] = Column((string)row[2], Convert.ToInt64(row[3], CultureInfo.InvariantCulture) == 0);
                if (Convert.ToInt64(row[5], CultureInfo.InvariantCulture) > 0)
                {
                    pk[Convert.ToInt64(row[5], CultureInfo.InvariantCulture)] = (string)row[1];
                }
            }

            table.PrimaryKey = string.Join(',', pk.Values);
            var indexes = new List<(string Name, bool Unique)>();
            await foreach (var row in QueryAsync(connection, transaction, $"PRAGMA index_list('{name}')"))
            {
                if ((string)row[3] == "c")
                {
                    indexes.Add(((string)row[1], Convert.ToInt64(row[2], CultureInfo.InvariantCulture) == 1));
                }
            }

            foreach (var (index, unique) in indexes)
            {
                var columns = new List<string>();
                await foreach (var row in QueryAsync(connection, transaction, $"PRAGMA index_info('{index}')"))
                {
                    columns.Add((string)row[2]);
                }

                table.Indexes.Add(Index(index, columns, unique));
            }

            var foreignKeys = new SortedDictionary<long, List<object[]>>();
            await foreach (var row in QueryAsync(connection, transaction, $"PRAGMA foreign_key_list('{name}')"))
            {
                var id = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
                if (!foreignKeys.TryGetValue(id, out var parts))
                {
                    parts = [];
                    foreignKeys[id] = parts;
                }

                parts.Add(row);
            }

            foreach (var parts in foreignKeys.Values)
            {
                var ordered = parts.OrderBy(p => Convert.ToInt64(p[1], CultureInfo.InvariantCulture)).ToList();
                table.ForeignKeys.Add(ForeignKey(ordered.Select(p => (string)p[3]), (string)ordered[0][2], ordered.Select(p => (string)p[4]),
                    DeleteAction((string)ordered[0][6])));
            }

            tables[name] = table;
        }

        return tables;
    }

    private static async Task<Dictionary<string, Table>> FromPostgresAsync(DbConnection connection, DbTransaction? transaction, string schema, string prefix)
    {
        var tables = new Dictionary<string, Table>(StringComparer.Ordinal);
        Table Get(string name) => tables.TryGetValue(name, out var t) ? t : tables[name] = new Table();

        await foreach (var row in QueryAsync(connection, transaction, $"""
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = '{schema}' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
            """))
        {
            if (((string)row[0]).StartsWith(prefix, StringComparison.Ordinal))
            {
                Get((string)row[0]).Columns[(string)row[1]] = Column((string)row[2], !(bool)row[3]);
            }
        }

        await foreach (var row in QueryAsync(connection, transaction, $"""
            SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.num)
            FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = '{schema}'
            """))
        {
            if (!((string)row[0]).StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            if ((bool)row[3])
            {
                Get((string)row[0]).PrimaryKey = (string)row[4];
            }
            else
            {
                Get((string)row[0]).Indexes.Add(Index((string)row[1], ((string)row[4]).Split(','), (bool)row[2]));
            }
        }

        await foreach (var row in QueryAsync(connection, transaction, $"""
            SELECT t.relname, ft.relname, con.confdeltype::text,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num),
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num)
            FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class ft ON ft.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE con.contype = 'f' AND n.nspname = '{schema}'
            """))
        {
            if (((string)row[0]).StartsWith(prefix, StringComparison.Ordinal))
            {
                var action = (string)row[2] switch
                {
                    "c" => "Cascade",
                    "r" => "Restrict",
                    "n" => "SetNull",
                    "d" => "SetDefault",
                    _ => "NoAction",
                };
                Get((string)row[0]).ForeignKeys.Add(ForeignKey(((string)row[3]).Split(','), (string)row[1], ((string)row[4]).Split(','), action));
            }
        }

        return tables;
    }

    private static List<string> Diff(Dictionary<string, Table> expected, Dictionary<string, Table> actual)
    {
        var differences = new List<string>();
        foreach (var name in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
        {
            if (!actual.TryGetValue(name, out var a))
            {
                differences.Add($"table {name}: in the model but not in the database (missing migration?)");
                continue;
            }

            if (!expected.TryGetValue(name, out var e))
            {
                differences.Add($"table {name}: in the database but not in the model");
                continue;
            }

            foreach (var column in e.Columns.Keys.Union(a.Columns.Keys).Order(StringComparer.Ordinal))
            {
                var inModel = e.Columns.GetValueOrDefault(column);
                var inDb = a.Columns.GetValueOrDefault(column);
                if (!string.Equals(inModel, inDb, StringComparison.Ordinal))
                {
                    differences.Add($"column {name}.{column}: model '{inModel ?? "(none)"}', database '{inDb ?? "(none)"}'");
                }
            }

            if (!string.Equals(e.PrimaryKey, a.PrimaryKey, StringComparison.Ordinal))
            {
                differences.Add($"primary key of {name}: model ({e.PrimaryKey}), database ({a.PrimaryKey})");
            }

            foreach (var index in e.Indexes.Except(a.Indexes))
            {
                differences.Add($"index on {name} in the model but not in the database: {index}");
            }

            foreach (var index in a.Indexes.Except(e.Indexes))
            {
                differences.Add($"index on {name} in the database but not in the model: {index}");
            }

            foreach (var fk in e.ForeignKeys.Except(a.ForeignKeys))
            {
                differences.Add($"foreign key on {name} in the model but not in the database: {fk}");
            }

            foreach (var fk in a.ForeignKeys.Except(e.ForeignKeys))
            {
                differences.Add($"foreign key on {name} in the database but not in the model: {fk}");
            }
        }

        return differences;
    }

    private static string Column(string storeType, bool nullable) => $"{storeType.ToLowerInvariant()} {(nullable ? "null" : "not null")}";

    private static string Index(string name, IEnumerable<string> columns, bool unique) => $"{name} ({string.Join(',', columns)}){(unique ? " unique" : string.Empty)}";

    private static string ForeignKey(IEnumerable<string> columns, string principal, IEnumerable<string> principalColumns, string onDelete) =>
        $"({string.Join(',', columns)}) -> {principal}({string.Join(',', principalColumns)}) on delete {onDelete}";

    private static string DeleteAction(string sqlite) => sqlite.ToUpperInvariant() switch
    {
        "CASCADE" => "Cascade",
        "RESTRICT" => "Restrict",
        "SET NULL" => "SetNull",
        "SET DEFAULT" => "SetDefault",
        _ => "NoAction",
    };

    private static async IAsyncEnumerable<object[]> QueryAsync(DbConnection connection, DbTransaction? transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            yield return values;
        }
    }
}
