using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace GreenIsland.Carbon.Persistence;

/// <summary>
/// Appends many rows of one mapped entity type inside the context's open transaction, bypassing change tracking:
/// PostgreSQL binary <c>COPY</c>; SQLite prepared multi-row <c>INSERT</c>s. Column names, store types and value
/// converters come from the EF model, so rows are stored exactly as EF would store them (same model, same schema test).
/// </summary>
internal static class BulkInsert
{
    // Microsoft.Data.Sqlite binds parameters by name and SQLite looks names up linearly, so binding cost grows with the
    // square of the parameters per statement: a few dozen rows per statement keeps most of the multi-row gain.
    private const int SqliteRowsPerStatement = 32;

    public static async Task<int> InsertAsync<T>(CarbonDbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return 0;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("Bulk inserts run inside the caller's transaction (BeginTransactionAsync first).");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToList();
        if (db.Database.GetDbConnection() is NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, table, columns, rows, cancellationToken);
        }
        else
        {
            await InsertBatchesAsync(db.Database.GetDbConnection(), transaction, table, columns, rows, cancellationToken);
        }

        return rows.Count;
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, StoreObjectIdentifier table,
        List<(IProperty Property, string Column, RelationalTypeMapping Mapping)> columns, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
    {
        var name = table.Schema is null ? Quote(table.Name) : $"{Quote(table.Schema)}.{Quote(table.Name)}";
        var copy = $"COPY {name} ({string.Join(", ", columns.Select(c => Quote(c.Column)))}) FROM STDIN (FORMAT BINARY)";
        var types = columns.Select(c => StoreTypeName(c.Mapping.StoreType)).ToArray();
        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Count; i++)
            {
                var value = ProviderValue(columns[i], row);
                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, types[i], cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task InsertBatchesAsync<T>(DbConnection connection, DbTransaction transaction, StoreObjectIdentifier table,
        List<(IProperty Property, string Column, RelationalTypeMapping Mapping)> columns, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
    {
        var head = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => Quote(c.Column)))}) VALUES ";
        DbCommand? full = null;
        try
        {
            foreach (var chunk in rows.Chunk(SqliteRowsPerStatement))
            {
                DbCommand command;
                if (chunk.Length == SqliteRowsPerStatement)
                {
                    // One prepared statement reused for every full chunk: only the parameter values change.
                    full ??= await PrepareAsync(connection, transaction, head, columns, SqliteRowsPerStatement, cancellationToken);
                    command = full;
                }
                else
                {
                    command = await PrepareAsync(connection, transaction, head, columns, chunk.Length, cancellationToken);
                }

                for (var r = 0; r < chunk.Length; r++)
                {
                    for (var c = 0; c < columns.Count; c++)
                    {
                        command.Parameters[r * columns.Count + c].Value = ProviderValue(columns[c], chunk[r]) ?? DBNull.Value;
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
                if (!ReferenceEquals(command, full))
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private static async Task<DbCommand> PrepareAsync(DbConnection connection, DbTransaction transaction, string head,
        List<(IProperty Property, string Column, RelationalTypeMapping Mapping)> columns, int rowCount, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new System.Text.StringBuilder(head);
        for (var r = 0; r < rowCount; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                var parameter = columns[c].Mapping.CreateParameter(command, $"@p{r}_{c}", null, columns[c].Property.IsNullable);
                command.Parameters.Add(parameter);
                sql.Append(c == 0 ? string.Empty : ", ").Append(parameter.ParameterName);
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        await command.PrepareAsync(cancellationToken);
        return command;
    }

    private static object? ProviderValue<T>((IProperty Property, string Column, RelationalTypeMapping Mapping) column, T row)
    {
        var value = column.Property.GetGetter().GetClrValue(row!);
        var converter = column.Mapping.Converter;
        return value is null ? null : converter is null ? value : converter.ConvertToProvider(value);
    }

    /// <summary><c>character varying(32)</c> -> <c>character varying</c>: COPY needs the type name, not the modifier.</summary>
    private static string StoreTypeName(string storeType)
    {
        var paren = storeType.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? storeType : storeType[..paren];
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
