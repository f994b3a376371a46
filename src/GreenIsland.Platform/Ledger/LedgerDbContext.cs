using GreenIsland.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Ledger;

/// <summary>
/// Maps only the ledger tables, with no tenancy filters. It is created on the caller's connection and joins the
/// caller's transaction (see <see cref="EfLedger"/>), and it is what the verifier reads. Its tables are created by
/// the platform migrations; this context has no migrations of its own.
/// </summary>
internal sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options)
{
    public DbSet<LedgerEntry> Entries => Set<LedgerEntry>();

    public DbSet<LedgerHead> Heads => Set<LedgerHead>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        PersistenceConventions.Apply(configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (Database.IsNpgsql())
        {
            modelBuilder.HasDefaultSchema(PlatformDbContext.Module);
        }

        LedgerModel.Configure(modelBuilder);
        PersistenceConventions.ApplyNaming(modelBuilder);
    }
}
