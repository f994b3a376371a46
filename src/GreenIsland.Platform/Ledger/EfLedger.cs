using System.Data.Common;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace GreenIsland.Platform.Ledger;

internal sealed class EfLedger(ModuleDbContextConfigurator configurator, IActorContext actors, TimeProvider clock) : ILedger
{
    public async Task<LedgerAppendResult> AppendAsync(DbContext callerContext, LedgerRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callerContext);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Type);
        if (record.Stream.Length > LedgerEntry.StreamMaxLength || record.Type.Length > LedgerEntry.TypeMaxLength)
        {
            throw new ArgumentException("Ledger stream or type is too long.", nameof(record));
        }

        var transaction = callerContext.Database.CurrentTransaction
            ?? throw new InvalidOperationException("The ledger is written in the caller's transaction: call BeginTransactionAsync on the DbContext first.");

        await using var ledger = CreateContext(callerContext.Database.GetDbConnection());
        await ledger.Database.UseTransactionAsync(transaction.GetDbTransaction(), cancellationToken);

        var head = await ledger.Heads.SingleOrDefaultAsync(h => h.Stream == record.Stream, cancellationToken);
        var now = LedgerHashing.Normalise(clock.GetUtcNow().UtcDateTime);
        var entry = new LedgerEntry
        {
            Id = Guid.CreateVersion7(),
            Stream = record.Stream,
            Sequence = (head?.Sequence ?? 0) + 1,
            Type = record.Type,
            OccurredAt = now,
            Actor = Truncate(actors.Current.AuditName, LedgerEntry.ActorMaxLength),
            OrganisationId = record.OrganisationId,
            Payload = LedgerHashing.Canonicalise(record.Payload),
            PreviousHash = head?.Hash ?? LedgerHashing.GenesisHash,
        };
        entry.Hash = LedgerHashing.ComputeHash(entry);

        if (head is null)
        {
            ledger.Heads.Add(new LedgerHead { Stream = entry.Stream, Sequence = entry.Sequence, Hash = entry.Hash, UpdatedAt = now });
        }
        else
        {
            head.Sequence = entry.Sequence;
            head.Hash = entry.Hash;
            head.UpdatedAt = now;
        }

        ledger.Entries.Add(entry);
        await ledger.SaveChangesAsync(cancellationToken);
        return new LedgerAppendResult(entry.Id, entry.Stream, entry.Sequence, entry.Hash);
    }

    public LedgerDbContext CreateContext(DbConnection? connection = null)
    {
        var options = new DbContextOptionsBuilder<LedgerDbContext>();
        configurator.Configure(options, connection);
        return new LedgerDbContext(options.Options);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
