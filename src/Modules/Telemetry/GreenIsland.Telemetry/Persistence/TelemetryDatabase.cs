using GreenIsland.Platform.Contracts.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenIsland.Telemetry.Persistence;

/// <summary>
/// Raw connections for the hot paths (ingest, partition maintenance), built from exactly the connection the
/// platform configures for the module's DbContext, so both always point at the same database.
/// </summary>
internal sealed class TelemetryDatabase(IServiceScopeFactory scopes) : IAsyncDisposable
{
    private readonly Lazy<(DatabaseProvider Provider, string ConnectionString)> settings = new(() =>
    {
        using var scope = scopes.CreateScope();
        var provider = scope.ServiceProvider.GetRequiredService<IModuleDbContextConfigurator>().Provider;
        var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The Telemetry DbContext has no connection string.");
        return (provider, connectionString);
    });

    private NpgsqlDataSource? dataSource;

    public DatabaseProvider Provider => settings.Value.Provider;

    public string ConnectionString => settings.Value.ConnectionString;

    public bool IsPostgres => Provider == DatabaseProvider.PostgreSql;

    public NpgsqlDataSource DataSource
    {
        get
        {
            if (dataSource is null)
            {
                var created = NpgsqlDataSource.Create(HotPathConnectionString(ConnectionString));
                if (Interlocked.CompareExchange(ref dataSource, created, null) is not null)
                {
                    created.Dispose();
                }
            }

            return dataSource!;
        }
    }

    /// <summary>
    /// The module's connection string tuned for its hot paths: the statements they repeat (ingest, rollup merge) are
    /// prepared automatically after a few uses (parsed and planned once per connection, not once per group), and a
    /// pooled connection is not reset when it is returned (no reset statement before each reuse). That is safe because
    /// nothing on these connections changes session state: no <c>SET</c>, <c>LISTEN</c>, temporary tables or
    /// session-level advisory locks (only transaction-scoped ones). Settings given in the connection string win.
    /// </summary>
    internal static string HotPathConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!builder.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!builder.ContainsKey("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}
