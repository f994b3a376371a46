using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Contracts.Ledger;

/// <summary>What a module records in the audit ledger.</summary>
/// <param name="Stream">The stream (one hash chain), e.g. <c>organisation/{id}</c> or <c>manifest/{id}</c>.</param>
/// <param name="Type">The event type, e.g. <c>OrganisationRegistered</c>.</param>
/// <param name="Payload">The event data; stored as canonical JSON.</param>
/// <param name="OrganisationId">The organisation the event concerns (used for tenancy when reading), if any.</param>
public sealed record LedgerRecord(string Stream, string Type, JsonObject Payload, OrganisationId? OrganisationId);

/// <summary>The entry the ledger wrote.</summary>
/// <param name="EntryId">The entry's id.</param>
/// <param name="Stream">The stream.</param>
/// <param name="Sequence">Position in the stream, from 1.</param>
/// <param name="Hash">SHA-256 (lower-case hex) over the previous hash and the canonical JSON of the entry.</param>
public sealed record LedgerAppendResult(Guid EntryId, string Stream, long Sequence, string Hash);

/// <summary>
/// The append-only, hash-chained audit ledger. An entry is written through the caller's own DbContext connection
/// inside the caller's open transaction, so the entry commits or rolls back together with the change it records.
/// </summary>
public interface ILedger
{
    /// <summary>Appends an entry to a stream inside <paramref name="callerContext"/>'s current transaction.</summary>
    /// <param name="callerContext">The module's DbContext; it must have an open transaction (BeginTransactionAsync).</param>
    /// <param name="record">What happened.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The written entry.</returns>
    /// <exception cref="InvalidOperationException">When the caller has no open transaction.</exception>
    Task<LedgerAppendResult> AppendAsync(DbContext callerContext, LedgerRecord record, CancellationToken cancellationToken);

    /// <summary>Appends several entries (in order, possibly to several streams) inside the caller's current transaction.</summary>
    /// <param name="callerContext">The module's DbContext; it must have an open transaction.</param>
    /// <param name="records">What happened, in order.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The written entries, in the same order.</returns>
    /// <exception cref="InvalidOperationException">When the caller has no open transaction.</exception>
    Task<IReadOnlyList<LedgerAppendResult>> AppendRangeAsync(DbContext callerContext, IReadOnlyList<LedgerRecord> records, CancellationToken cancellationToken);
}
