using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Ledger;

internal sealed record LedgerBrokenLink(string Stream, long Sequence, Guid? EntryId, string Reason);

internal sealed record LedgerVerification(bool Ok, int StreamsChecked, long EntriesChecked, LedgerBrokenLink? FirstBroken);

/// <summary>
/// Re-computes every chain: sequences must run 1..n without gaps, each entry must name the previous entry's hash,
/// each stored hash must match the recomputed one, and the stream head must name the last entry. Streams are
/// checked in ordinal order, so "first broken link" is deterministic.
/// </summary>
internal sealed class LedgerVerifier(EfLedger ledger)
{
    public async Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken, string? onlyStream = null)
    {
        await using var db = ledger.CreateContext();
        var headQuery = db.Heads.AsNoTracking();
        var entryQuery = db.Entries.AsNoTracking();
        if (onlyStream is not null)
        {
            headQuery = headQuery.Where(h => h.Stream == onlyStream);
            entryQuery = entryQuery.Where(e => e.Stream == onlyStream);
        }

        var heads = await headQuery.ToDictionaryAsync(h => h.Stream, StringComparer.Ordinal, cancellationToken);
        var streams = await entryQuery.Select(e => e.Stream).Distinct().ToListAsync(cancellationToken);
        var allStreams = streams.Union(heads.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        long entriesChecked = 0;
        var streamsChecked = 0;
        foreach (var stream in allStreams)
        {
            streamsChecked++;
            var expectedPrevious = LedgerHashing.GenesisHash;
            long expectedSequence = 1;
            LedgerEntry? last = null;
            await foreach (var entry in db.Entries.AsNoTracking().Where(e => e.Stream == stream).OrderBy(e => e.Sequence)
                               .AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                entriesChecked++;
                if (entry.Sequence != expectedSequence)
                {
                    return Broken(stream, expectedSequence, entry.Id, $"Entry {expectedSequence} is missing (next stored entry is {entry.Sequence}).");
                }

                if (!string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
                {
                    return Broken(stream, entry.Sequence, entry.Id, "The entry does not name the previous entry's hash.");
                }

                if (!string.Equals(LedgerHashing.ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
                {
                    return Broken(stream, entry.Sequence, entry.Id, "The stored hash does not match the entry's content.");
                }

                expectedPrevious = entry.Hash;
                expectedSequence++;
                last = entry;
            }

            if (!heads.TryGetValue(stream, out var head))
            {
                return Broken(stream, last?.Sequence ?? 0, last?.Id, "The stream has no head record.");
            }

            if (last is null || head.Sequence != last.Sequence || !string.Equals(head.Hash, last.Hash, StringComparison.Ordinal))
            {
                return Broken(stream, (last?.Sequence ?? 0) + 1, null,
                    $"The stream head names entry {head.Sequence} but the last stored entry is {last?.Sequence ?? 0}: entries were deleted or altered.");
            }
        }

        return new LedgerVerification(true, streamsChecked, entriesChecked, null);

        LedgerVerification Broken(string stream, long sequence, Guid? id, string reason) =>
            new(false, streamsChecked, entriesChecked, new LedgerBrokenLink(stream, sequence, id, reason));
    }
}
