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
                var created = NpgsqlDataSource.Create(ConnectionString);
                if (Interlocked.CompareExchange(ref dataSource, created, null) is not null)
                {
                    created.Dispose();
                }
            }

            return dataSource!;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}
