using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using GreenIsland.Platform.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenIsland.IntegrationTests.Infrastructure;

/// <summary>
/// The real host on a fresh database of one provider: SQLite (a temporary file) or PostgreSQL (a new database on
/// the server named by GI_TEST_POSTGRES). Without GI_TEST_POSTGRES the PostgreSQL variants fail with a clear
/// message, unless GI_TEST_SKIP_POSTGRES=1 asks to skip them explicitly.
/// </summary>
public abstract class GreenIslandAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private string? _connectionString;
    private string? _sqliteFile;
    private string? _postgresDatabase;

    public abstract string ProviderName { get; }

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The factory is not initialised.");

    /// <summary>Shared reference data for tests: a district with two towns (each test still creates its own organisations).</summary>
    public TestDistrict District { get; private set; } = null!;

    public bool IsPostgres => ProviderName == "PostgreSql";

    /// <summary>Overrides configuration for this factory (call before the host starts).</summary>
    public GreenIslandAppFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public async ValueTask InitializeAsync()
    {
        if (IsPostgres)
        {
            var admin = PostgresServer.AdminConnectionString();
            if (admin is null)
            {
                return;
            }

            _postgresDatabase = "gi_test_" + Guid.NewGuid().ToString("N")[..16];
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", connection);
                await create.ExecuteNonQueryAsync();
            }

            _connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _postgresDatabase }.ConnectionString;
        }
        else
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"gi-test-{Guid.NewGuid():N}.db");
            _connectionString = $"Data Source={_sqliteFile}";
        }

        // Starting the host applies the migrations.
        _ = Services;
        District = await TestDistrict.CreateAsync(this);
    }

    /// <summary>Skips (GI_TEST_SKIP_POSTGRES=1) or fails (otherwise) when PostgreSQL is not available.</summary>
    public void RequireDatabase()
    {
        if (_connectionString is null)
        {
            PostgresServer.SkipOrFail();
        }
    }

    /// <summary>A second host on its own fresh database, for tests that damage data or need other settings.</summary>
    public async Task<GreenIslandAppFactory> CreateIsolatedAsync(params (string Key, string? Value)[] settings)
    {
        RequireDatabase();
        GreenIslandAppFactory isolated = IsPostgres ? new PostgresAppFactory() : new SqliteAppFactory();
        foreach (var (key, value) in _settings)
        {
            isolated.With(key, value);
        }

        foreach (var (key, value) in settings)
        {
            isolated.With(key, value);
        }

        await isolated.InitializeAsync();
        return isolated;
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem();
        return await action(scope.ServiceProvider);
    }

    internal Task<T> WithDbAsync<T>(Func<PlatformDbContext, Task<T>> action) =>
        WithScopeAsync(sp => action(sp.GetRequiredService<PlatformDbContext>()));

    internal Task WithDbAsync(Func<PlatformDbContext, Task> action) =>
        WithScopeAsync<bool>(async sp =>
        {
            await action(sp.GetRequiredService<PlatformDbContext>());
            return true;
        });

    /// <summary>A client that keeps cookies and echoes the XSRF-TOKEN cookie like the web UI does.</summary>
    public ApiClient NewClient()
    {
        RequireDatabase();
        var session = new SessionHandler();
        var http = CreateDefaultClient(new Uri("http://localhost"), session);
        return new ApiClient(http, session);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", ProviderName);
        builder.UseSetting("ConnectionStrings:GreenIsland", _connectionString ?? "Data Source=unused-postgres-unavailable.db;Mode=Memory;Cache=Shared");
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Telemetry:BackgroundJobs", "false");
        builder.UseSetting("Waste:BackgroundJobs", "false");
        builder.UseSetting("Waste:Webhooks:BackgroundDelivery", "false");
        builder.UseSetting("RateLimiting:PermitLimit", "100000");
        builder.UseSetting("RateLimiting:CredentialsPermitLimit", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sqliteFile is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }

        if (_postgresDatabase is not null && PostgresServer.AdminConnectionString() is { } admin)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteAppFactory : GreenIslandAppFactory
{
    public override string ProviderName => "Sqlite";
}

public sealed class PostgresAppFactory : GreenIslandAppFactory
{
    public override string ProviderName => "PostgreSql";
}

internal static class PostgresServer
{
    public const string Variable = "GI_TEST_POSTGRES";
    public const string SkipVariable = "GI_TEST_SKIP_POSTGRES";

    public static string? AdminConnectionString() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static void SkipOrFail()
    {
        if (Environment.GetEnvironmentVariable(SkipVariable) == "1")
        {
            Assert.Skip($"PostgreSQL variant skipped on request ({SkipVariable}=1).");
        }

        Assert.Fail($"{Variable} is not set: the PostgreSQL variants of the integration tests need an Npgsql connection string to a server "
                    + $"where the user may create databases (./test.sh starts one). Set {SkipVariable}=1 to skip them deliberately.");
    }
}

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteAppFactory>
{
    public const string Name = "Sqlite";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresAppFactory>
{
    public const string Name = "PostgreSql";
}

/// <summary>A district with two towns, created once per database.</summary>
public sealed record TestDistrict(JurisdictionId DistrictId, JurisdictionId TownA, JurisdictionId TownB)
{
    internal static async Task<TestDistrict> CreateAsync(GreenIslandAppFactory factory)
    {
        return await factory.WithDbAsync(async db =>
        {
            var code = "32" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var district = Jurisdiction.District(JurisdictionId.New(), code, "测试区", "Test District", 31.7, 120.0, isDemo: false);
            var townA = Jurisdiction.Town(JurisdictionId.New(), district, code + "100", "甲镇", "Town A", 31.71, 120.01, isDemo: false);
            var townB = Jurisdiction.Town(JurisdictionId.New(), district, code + "101", "乙镇", "Town B", 31.69, 119.99, isDemo: false);
            db.Jurisdictions.Add(district);
            await db.SaveChangesAsync();
            db.Jurisdictions.AddRange(townA, townB);
            await db.SaveChangesAsync();
            return new TestDistrict(district.Id, townA.Id, townB.Id);
        });
    }
}
