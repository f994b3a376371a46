using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Platform.Contracts.Ledger;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Persistence;

/// <summary>A stored library version with its parsed factors.</summary>
internal sealed record StoredLibrary(FactorLibraryVersionRow Row, FactorLibraryVersion Library);

/// <summary>
/// Publishes and reads factor library versions. Versions are immutable, so a parsed version is cached by its id
/// for the life of the process.
/// </summary>
internal sealed class FactorLibraryStore(ILedger ledger, TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, FactorLibraryVersion> _parsed = new();

    public async Task EnsureShippedAsync(CarbonDbContext db, CancellationToken cancellationToken)
    {
        var present = await db.FactorLibraries.Select(l => l.Code).Distinct().ToListAsync(cancellationToken);
        foreach (var library in ShippedLibraries.All.Where(l => !present.Contains(l.Library)))
        {
            await PublishAsync(db, library.Library, library.Name, library.SourceDocument, FactorCsv.Write(library.Factors), "system", null, isShipped: true, cancellationToken);
        }
    }

    /// <summary>Publishes the next version of a library (version 1 for a new code) inside one transaction with its ledger entry.</summary>
    public async Task<FactorLibraryVersionRow> PublishAsync(CarbonDbContext db, string code, string name, string sourceDocument, string canonicalCsv,
        string actor, string? changeNote, bool isShipped, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var latest = await db.FactorLibraries.Where(l => l.Code == code).MaxAsync(l => (int?)l.Version, cancellationToken) ?? 0;
        var row = new FactorLibraryVersionRow
        {
            Id = Guid.CreateVersion7(),
            Code = code,
            Version = latest + 1,
            Name = name,
            SourceDocument = sourceDocument,
            ContentCsv = canonicalCsv,
            ContentSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalCsv))),
            IsShipped = isShipped,
            ChangeNote = changeNote,
            PublishedAt = clock.GetUtcNow().UtcDateTime,
            PublishedBy = actor,
        };
        db.FactorLibraries.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await ledger.AppendAsync(db, new LedgerRecord($"factor-library/{code}", "FactorLibraryVersionPublished", new JsonObject
        {
            ["versionId"] = row.Id.ToString(),
            ["code"] = code,
            ["version"] = row.Version,
            ["sourceDocument"] = sourceDocument,
            ["contentSha256"] = row.ContentSha256,
            ["changeNote"] = changeNote,
            ["by"] = actor,
        }, null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return row;
    }

    public async Task<StoredLibrary> LatestAsync(CarbonDbContext db, string code, CancellationToken cancellationToken)
    {
        var row = await db.FactorLibraries.AsNoTracking().Where(l => l.Code == code).OrderByDescending(l => l.Version).FirstOrDefaultAsync(cancellationToken)
                  ?? throw new UnknownFactorException($"There is no factor library '{code}'.");
        return new StoredLibrary(row, Parse(row));
    }

    public async Task<StoredLibrary?> FindAsync(CarbonDbContext db, string code, int version, CancellationToken cancellationToken)
    {
        var row = await db.FactorLibraries.AsNoTracking().SingleOrDefaultAsync(l => l.Code == code && l.Version == version, cancellationToken);
        return row is null ? null : new StoredLibrary(row, Parse(row));
    }

    public FactorLibraryVersion Parse(FactorLibraryVersionRow row) =>
        _parsed.GetOrAdd(row.Id, _ =>
        {
            var parsed = FactorCsv.Parse(row.ContentCsv);
            if (parsed.Errors.Count > 0)
            {
                throw new InvalidOperationException($"Stored factor library {row.Code} v{row.Version} does not parse: {parsed.Errors[0].Message}");
            }

            return new FactorLibraryVersion(row.Code, row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Name, row.SourceDocument, parsed.Factors);
        });
}
