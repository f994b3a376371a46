using System.Data.Common;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Persistence;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace GreenIsland.Platform.Ledger;

internal sealed class EfLedger(ModuleDbContextConfigurator configurator, IActorContext actors, TimeProvider clock) : ILedger
{
    public async Task<LedgerAppendResult> AppendAsync(DbContext callerContext, LedgerRecord record, CancellationToken cancellationToken) =>
        (await AppendRangeAsync(callerContext, [record], cancellationToken))[0];

    public async Task<IReadOnlyList<LedgerAppendResult>> AppendRangeAsync(DbContext callerContext, IReadOnlyList<LedgerRecord> records,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callerContext);
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record);
            ArgumentException.ThrowIfNullOrWhiteSpace(record.Stream);
            ArgumentException.ThrowIfNullOrWhiteSpace(record.Type);
            if (record.Stream.Length > LedgerEntry.StreamMaxLength || record.Type.Length > LedgerEntry.TypeMaxLength)
            {
                throw new ArgumentException("Ledger stream or type is too long.", nameof(records));
            }
        }

        var transaction = callerContext.Database.CurrentTransaction
            ?? throw new InvalidOperationException("The ledger is written in the caller's transaction: call BeginTransactionAsync on the DbContext first.");

        await using var ledger = CreateContext(callerContext.Database.GetDbConnection());
        await ledger.Database.UseTransactionAsync(transaction.GetDbTransaction(), cancellationToken);

        var streams = records.Select(r => r.Stream).Distinct(StringComparer.Ordinal).ToList();
        var heads = await ledger.Heads.Where(h => streams.Contains(h.Stream)).ToDictionaryAsync(h => h.Stream, StringComparer.Ordinal, cancellationToken);
        var now = LedgerHashing.Normalise(clock.GetUtcNow().UtcDateTime);
        var actor = Truncate(actors.Current.AuditName, LedgerEntry.ActorMaxLength);
        var results = new List<LedgerAppendResult>(records.Count);
        foreach (var record in records)
        {
            heads.TryGetValue(record.Stream, out var head);
            var entry = new LedgerEntry
            {
                Id = Guid.CreateVersion7(),
                Stream = record.Stream,
                Sequence = (head?.Sequence ?? 0) + 1,
                Type = record.Type,
                OccurredAt = now,
                Actor = actor,
                OrganisationId = record.OrganisationId,
                Payload = LedgerHashing.Canonicalise(record.Payload),
                PreviousHash = head?.Hash ?? LedgerHashing.GenesisHash,
            };
            entry.Hash = LedgerHashing.ComputeHash(entry);
            if (head is null)
            {
                head = new LedgerHead { Stream = entry.Stream };
                ledger.Heads.Add(head);
                heads[entry.Stream] = head;
            }

            head.Sequence = entry.Sequence;
            head.Hash = entry.Hash;
            head.UpdatedAt = now;
            ledger.Entries.Add(entry);
            results.Add(new LedgerAppendResult(entry.Id, entry.Stream, entry.Sequence, entry.Hash));
        }

        await ledger.SaveChangesAsync(cancellationToken);
        return results;
    }

    public LedgerDbContext CreateContext(DbConnection? connection = null)
    {
        var options = new DbContextOptionsBuilder<LedgerDbContext>();
        configurator.Configure(options, connection);
        return new LedgerDbContext(options.Options);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
