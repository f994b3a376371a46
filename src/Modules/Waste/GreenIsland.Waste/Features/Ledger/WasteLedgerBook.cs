using GreenIsland.Platform.Contracts.Calendar;
using GreenIsland.Waste.Features.Declarations;

namespace GreenIsland.Waste.Features.Ledger;

/// <summary>One container as the ledger sees it: when it was deposited and with what, when it left and how heavy.</summary>
internal sealed record LedgerContainer(
    string Code,
    string WasteCode,
    string WasteName,
    string Category,
    DateTime DepositedAt,
    long DepositG,
    DateTime? CollectedAt,
    long? CollectedG,
    string? ManifestNumber);

/// <summary>A manifest step on the ledger (receiver's receipt and decision, disposal), for the record.</summary>
internal sealed record LedgerManifestStep(string ManifestNumber, DateTime At, string Step, long? AcceptedG, string? Note);

internal enum LedgerEntryKind
{
    /// <summary>产生入库: a container deposited in the enterprise's storage.</summary>
    Generated = 1,

    /// <summary>转移出库: a container collected on a manifest (measured weight).</summary>
    TransferredOut = 2,

    /// <summary>联单: a manifest step at the receiver (received, accepted, refused, disposed).</summary>
    ManifestStep = 3,
}

/// <summary>One line of the waste ledger (台账), with the stock of its waste code after it.</summary>
internal sealed record LedgerEntry(
    DateTime At,
    DateOnly Date,
    LedgerEntryKind Kind,
    string? WasteCode,
    string? WasteName,
    string? Category,
    string? ContainerCode,
    string? ManifestNumber,
    long? InG,
    long? OutG,
    long? StockAfterG,
    string? Note);

internal sealed record LedgerBook(DateOnly From, DateOnly To, IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<LedgerTotals> Totals);

/// <summary>
/// Builds the enterprise waste ledger for a period (China dates, inclusive) from its containers and manifests.
/// Stock counts a container at its deposit weight while it is stored; it leaves at the weight measured on pickup (the
/// figure on the manifest). The weighing difference (称重差异: measured minus deposited, for what left in the period)
/// makes every waste code balance: opening + generated + weighing difference - transferred = closing.
/// </summary>
internal static class WasteLedgerBook
{
    public static LedgerBook Build(DateOnly from, DateOnly to, IReadOnlyList<LedgerContainer> containers, IReadOnlyList<LedgerManifestStep> steps)
    {
        var start = ChinaTime.EndOf(from.AddDays(-1)).UtcDateTime;
        var end = ChinaTime.EndOf(to).UtcDateTime;
        var stock = new Dictionary<string, long>(StringComparer.Ordinal);
        var names = new Dictionary<string, (string Name, string Category)>(StringComparer.Ordinal);
        var opening = new Dictionary<string, long>(StringComparer.Ordinal);
        var generated = new Dictionary<string, long>(StringComparer.Ordinal);
        var transferred = new Dictionary<string, long>(StringComparer.Ordinal);
        var difference = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var c in containers)
        {
            names.TryAdd(c.WasteCode, (c.WasteName, c.Category));
            if (c.DepositedAt < start && (c.CollectedAt is null || c.CollectedAt >= start))
            {
                Add(opening, c.WasteCode, c.DepositG);
                Add(stock, c.WasteCode, c.DepositG);
            }
        }

        var moves = new List<(DateTime At, int Order, LedgerContainer Container, bool In)>();
        foreach (var c in containers)
        {
            if (c.DepositedAt >= start && c.DepositedAt < end)
            {
                moves.Add((c.DepositedAt, 0, c, true));
            }

            if (c.CollectedAt is { } collected && collected >= start && collected < end)
            {
                moves.Add((collected, 1, c, false));
            }
        }

        var entries = new List<LedgerEntry>();
        foreach (var (at, _, c, isIn) in moves.OrderBy(m => m.At).ThenBy(m => m.Order).ThenBy(m => m.Container.Code, StringComparer.Ordinal))
        {
            if (isIn)
            {
                Add(generated, c.WasteCode, c.DepositG);
                Add(stock, c.WasteCode, c.DepositG);
                entries.Add(new LedgerEntry(at, ChinaTime.DateOf(new DateTimeOffset(at, TimeSpan.Zero)), LedgerEntryKind.Generated, c.WasteCode, c.WasteName, c.Category,
                    c.Code, null, c.DepositG, null, stock[c.WasteCode], null));
            }
            else
            {
                var measured = c.CollectedG ?? c.DepositG;
                Add(transferred, c.WasteCode, measured);
                Add(difference, c.WasteCode, measured - c.DepositG);
                Add(stock, c.WasteCode, -c.DepositG);
                entries.Add(new LedgerEntry(at, ChinaTime.DateOf(new DateTimeOffset(at, TimeSpan.Zero)), LedgerEntryKind.TransferredOut, c.WasteCode, c.WasteName, c.Category,
                    c.Code, c.ManifestNumber, null, measured, stock[c.WasteCode], TransferNote(c)));
            }
        }

        entries.AddRange(steps.Where(s => s.At >= start && s.At < end).Select(s => new LedgerEntry(s.At, ChinaTime.DateOf(new DateTimeOffset(s.At, TimeSpan.Zero)),
            LedgerEntryKind.ManifestStep, null, null, null, null, s.ManifestNumber, null, s.AcceptedG, null, s.Step + (s.Note is null ? string.Empty : ": " + s.Note))));
        var ordered = entries.OrderBy(e => e.At).ThenBy(e => e.Kind).ToList();

        var totals = names.Keys.Order(StringComparer.Ordinal)
            .Select(code => new LedgerTotals(code, names[code].Name, names[code].Category,
                opening.GetValueOrDefault(code), generated.GetValueOrDefault(code), difference.GetValueOrDefault(code), transferred.GetValueOrDefault(code),
                stock.GetValueOrDefault(code)))
            .Where(t => t.OpeningG != 0 || t.GeneratedG != 0 || t.WeighingDifferenceG != 0 || t.TransferredG != 0 || t.ClosingG != 0)
            .ToList();
        return new LedgerBook(from, to, ordered, totals);
    }

    /// <summary>Why the out weight differs from the deposit (the stock column drops by the deposit weight).</summary>
    private static string? TransferNote(LedgerContainer c) =>
        c.CollectedG is not { } measured ? "未称重，按入库重量"
        : measured == c.DepositG ? null
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"称重差异 {(measured - c.DepositG) / 1000m:+0.###;-0.###} kg（入库 {c.DepositG / 1000m:0.###} kg）");

    private static void Add(Dictionary<string, long> totals, string key, long value) =>
        totals[key] = checked(totals.GetValueOrDefault(key) + value);
}
