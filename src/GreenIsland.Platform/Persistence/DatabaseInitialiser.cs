using GreenIsland.Platform.Contracts.Persistence;
using GreenIsland.Platform.Demo;
using GreenIsland.Platform.Tenancy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenIsland.Platform.Persistence;

/// <summary>Start-up and CLI entry points: apply every module's migrations, seed the demo district, list demo accounts.</summary>
internal sealed class DatabaseInitialiser(
    IEnumerable<IModuleMigrator> migrators,
    DatabaseSettings settings,
    ActorContext actors,
    DemoSeeder seeder,
    IEnumerable<IModuleDemoSeeder> moduleSeeders,
    IOptions<DemoOptions> demo,
    ILogger<DatabaseInitialiser> logger)
{
    public DemoOptions Demo => demo.Value;

    public async Task<IReadOnlyList<(string Module, IReadOnlyList<string> Applied)>> MigrateAsync(CancellationToken cancellationToken)
    {
        actors.UseSystem();
        var results = new List<(string, IReadOnlyList<string>)>();
        foreach (var migrator in migrators.OrderBy(m => m.Order).ThenBy(m => m.Module, StringComparer.Ordinal))
        {
            var applied = await migrator.MigrateAsync(cancellationToken);
            if (applied.Count == 0)
            {
                PlatformLog.MigrationsUpToDate(logger, migrator.Module, settings.Provider.ToString());
            }
            else
            {
                PlatformLog.MigrationsApplied(logger, migrator.Module, settings.Provider.ToString(), applied.Count, string.Join(", ", applied));
            }

            results.Add((migrator.Module, applied));
        }

        return results;
    }

    public async Task<DemoSeedResult> SeedDemoAsync(CancellationToken cancellationToken)
    {
        actors.UseSystem();
        var result = await seeder.SeedIfEmptyAsync(cancellationToken);
        foreach (var module in moduleSeeders.OrderBy(m => m.Order).ThenBy(m => m.Module, StringComparer.Ordinal))
        {
            if (await module.SeedIfEmptyAsync(cancellationToken) is { } summary)
            {
                PlatformLog.ModuleDemoSeeded(logger, module.Module, summary);
            }
        }

        return result;
    }

    public async Task LogDemoAccountsAsync(CancellationToken cancellationToken)
    {
        actors.UseSystem();
        PlatformLog.DemoAccounts(logger, DemoDistrict.Password, await seeder.DescribeAccountsAsync(cancellationToken));
    }

    /// <summary>What the host does before it starts listening (configuration Database:MigrateOnStartup, Demo:Seed, Demo:Enabled).</summary>
    public static async Task RunAtStartupAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var initialiser = scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>();
        if (configuration.GetValue("Database:MigrateOnStartup", true))
        {
            await initialiser.MigrateAsync(cancellationToken);
        }

        var options = initialiser.Demo;
        if (options.Seed)
        {
            await initialiser.SeedDemoAsync(cancellationToken);
        }

        if (options.Enabled)
        {
            await initialiser.LogDemoAccountsAsync(cancellationToken);
        }
    }
}
