using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Telemetry;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using GreenIsland.Telemetry.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenIsland.IntegrationTests.Telemetry;

/// <summary>Settable clock for time-dependent behaviour (liveness, horizons).</summary>
internal sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

internal sealed class FixedScope(TenantScope scope) : ITenantScopeProvider
{
    public TenantScope Current { get; set; } = scope;
}

/// <summary>
/// Telemetry's services against a fresh database of the given provider (SQLite file, or a new PostgreSQL
/// database on the server in <c>GI_TEST_POSTGRES</c>), for tests of the storage paths below HTTP.
/// </summary>
internal sealed class TelemetryTestHost : IAsyncDisposable
{
    private readonly string? sqliteFile;
    private readonly string? postgresDatabase;
    private readonly string? postgresAdmin;

    private TelemetryTestHost(ServiceProvider services, FakeTimeProvider clock, string? sqliteFile, string? postgresDatabase, string? postgresAdmin)
    {
        Services = services;
        Clock = clock;
        this.sqliteFile = sqliteFile;
        this.postgresDatabase = postgresDatabase;
        this.postgresAdmin = postgresAdmin;
    }

    private TestConfigurator? configurator;

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Both providers always; the PostgreSQL variant fails without GI_TEST_POSTGRES unless GI_TEST_SKIP_POSTGRES=1.</summary>
    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    /// <param name="provider">sqlite or postgres.</param>
    /// <param name="now">The clock's start.</param>
    /// <param name="configure">More services.</param>
    /// <param name="sqliteFile">SQLite: this database file (deleted with the host) instead of a new one.</param>
    public static async Task<TelemetryTestHost> StartAsync(string provider, DateTimeOffset now, Action<IServiceCollection>? configure = null, string? sqliteFile = null)
    {
        string connectionString;
        string? database = null, admin = null;
        DatabaseProvider kind;
        if (provider == "postgres")
        {
            admin = Environment.GetEnvironmentVariable("GI_TEST_POSTGRES");
            if (string.IsNullOrWhiteSpace(admin))
            {
                if (Environment.GetEnvironmentVariable("GI_TEST_SKIP_POSTGRES") == "1")
                {
                    Assert.Skip("PostgreSQL variant skipped on request (GI_TEST_SKIP_POSTGRES=1).");
                }

                Assert.Fail("GI_TEST_POSTGRES is not set: the PostgreSQL variants need an Npgsql connection string to a server where the user may "
                    + "create databases (./test.sh starts one). Set GI_TEST_SKIP_POSTGRES=1 to skip them deliberately.");
            }

            database = "gi_tel_" + Guid.NewGuid().ToString("N")[..12];
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                await create.ExecuteNonQueryAsync();
            }

            connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
            kind = DatabaseProvider.PostgreSql;
        }
        else
        {
            sqliteFile ??= Path.Combine(Path.GetTempPath(), $"gi-tel-{Guid.NewGuid():N}.db");
            connectionString = $"Data Source={sqliteFile};Pooling=False";
            kind = DatabaseProvider.Sqlite;
        }

        var clock = new FakeTimeProvider(now);
        var configurator = new TestConfigurator(kind, connectionString);
        var provider_ = BuildServices(clock, configurator, configure);
        var host = new TelemetryTestHost(provider_, clock, sqliteFile, database, admin) { configurator = configurator };
        await using (var scope = provider_.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TelemetryMigrator>().MigrateAsync(CancellationToken.None);
        }

        return host;
    }

    public async Task<TelemetryDevice> AddDeviceAsync(DeviceType type, Guid organisationId, Guid siteId, int intervalSeconds = 300, double registerModulus = 1_000_000)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
        var device = new TelemetryDevice
        {
            DeviceId = DeviceId.New(),
            OrganisationId = OrganisationId.From(organisationId),
            SiteId = SiteId.From(siteId),
            Name = $"{type} {Guid.NewGuid():N}"[..30],
            Type = type,
            IntervalSeconds = intervalSeconds,
            RegisterModulus = registerModulus,
            IsActive = true,
            RegisteredAt = Clock.GetUtcNow().UtcDateTime,
            Status = LivenessStatus.Pending,
        };
        db.Devices.Add(device);
        await db.SaveChangesAsync();
        return device;
    }

    /// <summary>
    /// Another instance of the module on the same database (its own caches, connections and store), as after a
    /// restart or on a second server. The caller disposes it.
    /// </summary>
    public ServiceProvider NewInstance() => BuildServices(Clock, configurator!, null);

    /// <summary>Folds the committed rollup deltas into the rollup table, as every reader of it does first.</summary>
    public Task<int> MergeRollupsAsync(int limit = 500) =>
        Services.GetRequiredService<IReadingStore>().MergeRollupsAsync(limit, CancellationToken.None);

    private static ServiceProvider BuildServices(FakeTimeProvider clock, TestConfigurator configurator, Action<IServiceCollection>? configure)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:BackgroundJobs"] = "false", ["Telemetry:MaxReadingAge"] = "30.00:00:00" })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IModuleDbContextConfigurator>(configurator);
        services.AddSingleton<ITenantScopeProvider>(new FixedScope(TenantScope.Everything));
        services.AddTelemetryModule(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the module's DbContext as a reader of the readings table does: every
    /// acknowledged reading is published there first (SQLite: the ingest log is folded, like the series query does).
    /// </summary>
    public async Task<T> WithDbAsync<T>(Func<TelemetryDbContext, Task<T>> action)
    {
        await Services.GetRequiredService<IReadingStore>().PublishReadingsAsync(CancellationToken.None);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TelemetryDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(sqliteFile + suffix);
            }
        }

        if (postgresDatabase is not null && postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(postgresAdmin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private sealed class TestConfigurator(DatabaseProvider provider, string connectionString) : IModuleDbContextConfigurator
    {
        public DatabaseProvider Provider => provider;

        public void Configure(DbContextOptionsBuilder options, string module)
        {
            var history = $"__{module}_migrations";
            if (provider == DatabaseProvider.PostgreSql)
            {
                options.UseNpgsql(connectionString, o => o.MigrationsHistoryTable(history, module));
            }
            else
            {
                options.UseSqlite(connectionString, o => o.MigrationsHistoryTable(history));
            }
        }
    }
}
