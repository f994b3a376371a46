using System.Net;
using System.Text.Json.Nodes;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;

namespace GreenIsland.IntegrationTests.Platform;

public abstract class HostTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    [Fact]
    public async Task HealthEndpoints_AnswerLiveAndReadyWithTheDatabaseCheck()
    {
        using var client = App.NewClient();
        await client.GetAsync("/health/live").Expect(HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready").ExpectJson(HttpStatusCode.OK);
        Assert.Equal("Healthy", (string?)ready["checks"]!["database"]!["status"]);
    }

    [Fact]
    public async Task Ready_Is503WhenTheDatabaseIsUnreachable()
    {
        var unreachable = App.IsPostgres
            ? "Host=127.0.0.1;Port=1;Username=gi;Timeout=2"
            : $"Data Source={Path.Combine(Path.GetTempPath(), $"gi-missing-{Guid.NewGuid():N}.db")};Mode=ReadOnly";
        var provider = App.ProviderName;
        await using var host = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("Database:MigrateOnStartup", "false");
            b.UseSetting("Database:Provider", provider);
            b.UseSetting("ConnectionStrings:GreenIsland", unreachable);
        });
        using var client = host.CreateClient();

        var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_ListsThePlatformApiWithProblemResponses()
    {
        using var client = App.NewClient();
        var document = await client.GetAsync("/openapi/v1.json").ExpectJson(HttpStatusCode.OK);

        var paths = document["paths"]!.AsObject();
        foreach (var path in new[] { "/api/auth/login", "/api/organisations", "/api/organisations/{id}", "/api/sites", "/api/users", "/api/devices/{id}/keys", "/api/ledger/verify", "/api/dashboard/overview" })
        {
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document");
        }

        Assert.NotNull(paths["/api/organisations"]!["post"]!["responses"]!["400"]);
        await client.GetAsync("/api/docs/index.html").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CommittedWebOpenApiDocument_MatchesTheLiveDocument()
    {
        var file = Path.Combine(RepositoryRoot(), "web", "src", "api", "openapi.json");
        Assert.True(File.Exists(file), $"{file} is missing; generate it with: dotnet run --project tools/GreenIsland.Cli -- openapi --output web/src/api/openapi.json");
        using var client = App.NewClient();
        var live = (await client.GetAsync("/openapi/v1.json").ExpectJson(HttpStatusCode.OK)).AsObject();
        live.Remove("servers");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        committed.Remove("servers");

        Assert.True(JsonNode.DeepEquals(live, committed),
            "web/src/api/openapi.json differs from the API the host serves; regenerate it with: "
            + "dotnet run --project tools/GreenIsland.Cli -- openapi --output web/src/api/openapi.json (then rebuild the web types)");
    }

    [Fact]
    public async Task UnknownApiPath_Is404ProblemDetails_NotTheWebShell()
    {
        using var client = App.NewClient();
        var response = await client.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RateLimits_Answer429WithRetryAfter_PerUserAndOnCredentialEndpoints()
    {
        await using var isolated = await App.CreateIsolatedAsync(
            ("RateLimiting:PermitLimit", "6"), ("RateLimiting:WindowSeconds", "300"),
            ("RateLimiting:CredentialsPermitLimit", "3"), ("RateLimiting:CredentialsWindowSeconds", "300"));
        var (_, user) = await isolated.MemberAsync(PlatformRoles.EnterpriseStaff);
        using var client = isolated.NewClient();
        var token = await client.PostJsonAsync("/api/auth/token", new { userName = user.UserName, password = user.Password }).ExpectJson(HttpStatusCode.OK);

        // Global limiter: per signed-in user.
        using var api = isolated.NewClient();
        api.BearerToken = (string?)token["accessToken"];
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await api.GetAsync("/api/auth/me")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 6).Append(HttpStatusCode.TooManyRequests), statuses);
        await api.GetAsync("/health/live").Expect(HttpStatusCode.OK);

        // Credentials limiter: stricter, per client address, counts failed attempts too.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("/api/auth/token", new { userName = user.UserName, password = "wrong" })).StatusCode);
        }

        var limited = await client.PostJsonAsync("/api/auth/token", new { userName = user.UserName, password = user.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(429, (int)(await limited.ReadAsync())["status"]!);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GreenIsland.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root (GreenIsland.slnx) not found above " + AppContext.BaseDirectory);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class HostTestsOnSqlite(SqliteAppFactory factory) : HostTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class HostTestsOnPostgreSql(PostgresAppFactory factory) : HostTests(factory);
