using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using GreenIsland.Host;
using GreenIsland.Platform.Ledger;
using GreenIsland.Platform.Persistence;
using GreenIsland.Platform.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;

namespace GreenIsland.Cli.Platform;

/// <summary>
/// migrate, seed-demo, verify-ledger and openapi. Each builds the host application in-process (same services and
/// configuration as the server, without listening) with --provider/--connection or the usual configuration keys
/// (Database__Provider, ConnectionStrings__GreenIsland).
/// </summary>
internal static class PlatformCommands
{
    private static readonly Option<string?> Provider = new("--provider") { Description = "Sqlite or PostgreSql (default: configuration Database:Provider, else Sqlite)" };
    private static readonly Option<string?> Connection = new("--connection") { Description = "Connection string (default: configuration ConnectionStrings:GreenIsland)" };

    public static IEnumerable<Command> All() => [Migrate(), SeedDemo(), VerifyLedger(), OpenApi()];

    private static Command Migrate()
    {
        var command = new Command("migrate", "Apply every module's pending migrations.") { Provider, Connection };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = BuildApp(parse);
            await using var scope = app.Services.CreateAsyncScope();
            var results = await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().MigrateAsync(cancellationToken);
            foreach (var (module, applied) in results)
            {
                Console.WriteLine(applied.Count == 0 ? $"{module}: up to date" : $"{module}: applied {string.Join(", ", applied)}");
            }

            return 0;
        });
        return command;
    }

    private static Command SeedDemo()
    {
        var command = new Command("seed-demo", "Migrate, then seed the demo district (绿岛示范区) if the database has no organisations.") { Provider, Connection };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = BuildApp(parse);
            await using var scope = app.Services.CreateAsyncScope();
            var initialiser = scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>();
            await initialiser.MigrateAsync(cancellationToken);
            var result = await initialiser.SeedDemoAsync(cancellationToken);
            Console.WriteLine(result.Seeded
                ? $"Seeded demo district: {result.Towns} towns, {result.Organisations} organisations, {result.Sites} sites, {result.Users} accounts."
                : "Not seeded: the database already has organisations.");
            return 0;
        });
        return command;
    }

    private static Command VerifyLedger()
    {
        var command = new Command("verify-ledger", "Recompute every hash chain of the audit ledger; exit code 1 and the first broken link when tampered.") { Provider, Connection };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = BuildApp(parse);
            await using var scope = app.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().UseSystem();
            var result = await scope.ServiceProvider.GetRequiredService<LedgerVerifier>().VerifyAsync(cancellationToken);
            if (result.Ok)
            {
                Console.WriteLine($"Ledger intact: {result.StreamsChecked} streams, {result.EntriesChecked} entries.");
                return 0;
            }

            var broken = result.FirstBroken!;
            await Console.Error.WriteLineAsync(
                $"Ledger BROKEN at stream '{broken.Stream}', sequence {broken.Sequence}{(broken.EntryId is { } id ? $", entry {id}" : string.Empty)}: {broken.Reason}");
            await Console.Error.WriteLineAsync($"(checked {result.StreamsChecked} streams, {result.EntriesChecked} entries before stopping)");
            return 1;
        });
        return command;
    }

    private static Command OpenApi()
    {
        var output = new Option<FileInfo>("--output") { Description = "Where to write the OpenAPI JSON document", Required = true };
        var command = new Command("openapi", "Write the OpenAPI document of the API without starting a server.") { output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetRequiredValue(output);
            await using var app = GreenIslandApplication.Build([], builder =>
            {
                // The document does not depend on data: an unused in-memory database keeps this side-effect free.
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Database:Provider"] = "Sqlite",
                    ["ConnectionStrings:GreenIsland"] = "Data Source=greenisland-openapi;Mode=Memory;Cache=Shared",
                    // Only the document is wanted: no module job may start (they would query the empty database).
                    [GreenIslandApplication.BackgroundJobsKey] = "false",
                });
                builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.AspNetCore.StaticFiles", LogLevel.Error);
                builder.Services.AddSingleton<IServer, NoListenerServer>();
            });

            // Starting the application (without a listener) builds the pipeline, which is when ASP.NET Core publishes
            // the mapped endpoints to the API explorer the OpenAPI document is made from.
            await app.StartAsync(cancellationToken);
            var json = await OpenApiDocumentWriter.WriteAsync(app.Services, cancellationToken);
            await app.StopAsync(cancellationToken);
            file.Directory?.Create();
            await File.WriteAllTextAsync(file.FullName, json, cancellationToken);
            Console.WriteLine($"Wrote {file.FullName}");
            return 0;
        });
        return command;
    }

    private static WebApplication BuildApp(ParseResult parse)
    {
        var provider = parse.GetValue(Provider);
        var connection = parse.GetValue(Connection);
        return GreenIslandApplication.Build([], builder =>
        {
            var overrides = new Dictionary<string, string?> { ["Telemetry:BackgroundJobs"] = "false" };
            if (!string.IsNullOrWhiteSpace(provider))
            {
                overrides["Database:Provider"] = provider;
            }

            if (!string.IsNullOrWhiteSpace(connection))
            {
                overrides["ConnectionStrings:GreenIsland"] = connection;
            }

            builder.Configuration.AddInMemoryCollection(overrides);
            // EF probes the migrations history table of a fresh PostgreSQL database by querying it and logs the expected
            // "relation does not exist" as a failed command; real failures still surface as exceptions and exit codes.
            builder.Logging.SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.AspNetCore.StaticFiles", LogLevel.Error)
                .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Critical);
        });
    }
}

/// <summary>An IServer that never listens: the application starts and builds its pipeline, nothing is exposed.</summary>
internal sealed class NoListenerServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}

/// <summary>Produces the same JSON the server serves at /openapi/v1.json (minus the request-dependent servers list).</summary>
internal static class OpenApiDocumentWriter
{
    public static async Task<string> WriteAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var provider = services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1");
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken);
        var node = JsonNode.Parse(json)!.AsObject();
        node.Remove("servers");
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
