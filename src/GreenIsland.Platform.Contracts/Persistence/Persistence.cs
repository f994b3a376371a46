using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Contracts.Persistence;

/// <summary>The database engines the platform runs on (configuration key <c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite (default; one file).</summary>
    Sqlite = 1,

    /// <summary>PostgreSQL (production).</summary>
    PostgreSql = 2,
}

/// <summary>
/// Configures a module's DbContext for the configured provider and connection, with the module's own PostgreSQL
/// schema and its own migrations history table (<c>__{module}_migrations</c>).
/// </summary>
public interface IModuleDbContextConfigurator
{
    /// <summary>The configured provider.</summary>
    DatabaseProvider Provider { get; }

    /// <summary>Configures <paramref name="options"/> for a module.</summary>
    /// <param name="options">The options builder.</param>
    /// <param name="module">The module name in lower case, e.g. <c>platform</c>; also the PostgreSQL schema.</param>
    void Configure(DbContextOptionsBuilder options, string module);
}

/// <summary>
/// Applies one module's migrations. Every module registers one; <c>greenisland migrate</c> and start-up apply all
/// of them in <see cref="Order"/>.
/// </summary>
public interface IModuleMigrator
{
    /// <summary>The module name.</summary>
    string Module { get; }

    /// <summary>Lower runs first (Platform is 0; modules depending on platform tables use higher values).</summary>
    int Order { get; }

    /// <summary>Applies pending migrations.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ids of the migrations applied.</returns>
    Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Seeds one module's part of the demo district (configuration <c>Demo:Seed</c>). Called after the platform's own demo
/// seed (organisations, sites, users), in <see cref="Order"/>, as the system actor, whether or not the platform part was
/// seeded on this start: each module checks for its own demo rows and does nothing when they exist. Rows are flagged
/// demo; write them in bulk so that first start stays fast.
/// </summary>
public interface IModuleDemoSeeder
{
    /// <summary>The module name.</summary>
    string Module { get; }

    /// <summary>Lower runs first (a module seeding on top of another module's demo rows runs after it).</summary>
    int Order { get; }

    /// <summary>Seeds the module's demo rows when there are none.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A one-line summary for the log, or null when nothing was written.</returns>
    Task<string?> SeedIfEmptyAsync(CancellationToken cancellationToken);
}
