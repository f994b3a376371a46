using Microsoft.Extensions.Logging;

namespace GreenIsland.Platform;

internal static partial class PlatformLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied {Count} migration(s) to module {Module} on {Provider}: {Migrations}")]
    public static partial void MigrationsApplied(ILogger logger, string module, string provider, int count, string migrations);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Database schema of module {Module} is up to date on {Provider}")]
    public static partial void MigrationsUpToDate(ILogger logger, string module, string provider);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Seeded demo district {District}: {Towns} towns, {Organisations} organisations, {Sites} sites, {Users} accounts")]
    public static partial void DemoSeeded(ILogger logger, string district, int towns, int organisations, int sites, int users);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Demo seed skipped: the database already has {Organisations} organisation(s)")]
    public static partial void DemoSeedSkipped(ILogger logger, int organisations);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Seeded the demo district's {Module} data: {Summary}")]
    public static partial void ModuleDemoSeeded(ILogger logger, string module, string summary);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "DEMO DATA - demo accounts (password {Password}):\n{Table}")]
    public static partial void DemoAccounts(ILogger logger, string password, string table);
}
