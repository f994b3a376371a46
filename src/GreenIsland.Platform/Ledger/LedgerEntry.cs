using GreenIsland.Platform.Contracts.Identifiers;

namespace GreenIsland.Platform.Ledger;

internal sealed class LedgerEntry
{
    public const int StreamMaxLength = 200;
    public const int TypeMaxLength = 100;
    public const int ActorMaxLength = 200;
    public const int HashLength = 64;

    public Guid Id { get; set; }

    public string Stream { get; set; } = string.Empty;

    public long Sequence { get; set; }

    public string Type { get; set; } = string.Empty;

    /// <summary>UTC, truncated to whole microseconds so PostgreSQL and SQLite store it exactly.</summary>
    public DateTime OccurredAt { get; set; }

    public string Actor { get; set; } = string.Empty;

    public OrganisationId? OrganisationId { get; set; }

    /// <summary>Canonical JSON text (stored as text, not jsonb, to keep the hashed bytes).</summary>
    public string Payload { get; set; } = "{}";

    public string PreviousHash { get; set; } = LedgerHashing.GenesisHash;

    public string Hash { get; set; } = string.Empty;
}

/// <summary>The last entry of each stream, updated in the same transaction as the append, so that deleting
/// the newest entries of a stream is also detected.</summary>
internal sealed class LedgerHead
{
    public string Stream { get; set; } = string.Empty;

    public long Sequence { get; set; }

    public string Hash { get; set; } = string.Empty;

    public DateTime UpdatedAt { get; set; }
}
