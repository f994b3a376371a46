using System.Data.Common;
using GreenIsland.Platform.Contracts.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;

namespace GreenIsland.Platform.Persistence;

/// <summary>Configuration keys <c>Database:Provider</c> and <c>ConnectionStrings:GreenIsland</c>.</summary>
internal sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqliteConnectionString = "Data Source=data/greenisland.db";

    public static DatabaseSettings From(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"];
        DatabaseProvider provider;
        if (string.IsNullOrWhiteSpace(providerText))
        {
            provider = DatabaseProvider.Sqlite;
        }
        else if (string.Equals(providerText, "Postgres", StringComparison.OrdinalIgnoreCase)
                 || string.Equals(providerText, "PostgreSQL", StringComparison.OrdinalIgnoreCase)
                 || string.Equals(providerText, "Npgsql", StringComparison.OrdinalIgnoreCase))
        {
            provider = DatabaseProvider.PostgreSql;
        }
        else if (!Enum.TryParse(providerText, ignoreCase: true, out provider) || !Enum.IsDefined(provider))
        {
            throw new InvalidOperationException($"Database:Provider '{providerText}' is not supported; use Sqlite or PostgreSql.");
        }

        var connectionString = configuration.GetConnectionString("GreenIsland");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? DefaultSqliteConnectionString
                : throw new InvalidOperationException("ConnectionStrings:GreenIsland is required for PostgreSQL.");
        }

        return new DatabaseSettings(provider, connectionString);
    }

    /// <summary>SQLite creates the file but not its directory.</summary>
    public void EnsureSqliteDirectory()
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        var dataSource = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}

internal sealed class ModuleDbContextConfigurator(DatabaseSettings settings) : IModuleDbContextConfigurator
{
    public DatabaseProvider Provider => settings.Provider;

    public void Configure(DbContextOptionsBuilder options, string module) => Configure(options, module, connection: null);

    public void Configure(DbContextOptionsBuilder options, DbConnection? connection) =>
        Configure(options, PlatformDbContext.Module, connection);

    public void Configure(DbContextOptionsBuilder options, string module, DbConnection? connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        var history = $"__{module}_migrations";
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite when connection is null:
                options.UseSqlite(settings.ConnectionString, o => o.MigrationsHistoryTable(history));
                break;
            case DatabaseProvider.Sqlite:
                options.UseSqlite(connection, o => o.MigrationsHistoryTable(history));
                break;
            case DatabaseProvider.PostgreSql when connection is null:
                options.UseNpgsql(settings.ConnectionString, o => o.MigrationsHistoryTable(history, module));
                break;
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(connection, o => o.MigrationsHistoryTable(history, module));
                break;
            default:
                throw new InvalidOperationException($"Unsupported provider {settings.Provider}.");
        }

        // Migrations are hand-written without a model snapshot; the schema test compares model and database instead.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }
}

internal sealed class ModuleMigrator<TContext>(TContext context, string module, int order) : IModuleMigrator
    where TContext : DbContext
{
    public string Module => module;

    public int Order => order;

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        // Asking for applied migrations on a fresh database queries a history table that does not exist yet, which
        // EF logs as a failed command; check for the table first so a first migration logs cleanly.
        var history = context.GetService<IHistoryRepository>();
        var pending = await history.ExistsAsync(cancellationToken)
            ? (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList()
            : context.Database.GetMigrations().ToList();
        await context.Database.MigrateAsync(cancellationToken);
        return pending;
    }
}
