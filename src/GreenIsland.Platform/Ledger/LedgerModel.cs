using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Ledger;

internal static class LedgerModel
{
    public const string EntriesTable = "platform_ledger_entries";
    public const string HeadsTable = "platform_ledger_heads";

    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<LedgerEntry>(b =>
        {
            b.ToTable(EntriesTable);
            b.HasKey(e => e.Id);
            b.Property(e => e.Id).ValueGeneratedNever();
            b.Property(e => e.Stream).HasMaxLength(LedgerEntry.StreamMaxLength);
            b.Property(e => e.Type).HasMaxLength(LedgerEntry.TypeMaxLength);
            b.Property(e => e.Actor).HasMaxLength(LedgerEntry.ActorMaxLength);
            b.Property(e => e.PreviousHash).HasMaxLength(LedgerEntry.HashLength);
            b.Property(e => e.Hash).HasMaxLength(LedgerEntry.HashLength);
            b.HasIndex(e => new { e.Stream, e.Sequence }).IsUnique();
            b.HasIndex(e => e.OrganisationId);
        });

        builder.Entity<LedgerHead>(b =>
        {
            b.ToTable(HeadsTable);
            b.HasKey(h => h.Stream);
            b.Property(h => h.Stream).HasMaxLength(LedgerEntry.StreamMaxLength);
            b.Property(h => h.Hash).HasMaxLength(LedgerEntry.HashLength);
        });
    }
}
