using GreenIsland.Waste.Features.Ledger;

namespace GreenIsland.Waste.Tests.Oversight;

public sealed class WasteLedgerBookTests
{
    private static DateTime Utc(int month, int day, int hour = 2) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Build_CountsOpeningGeneratedTransferredAndClosingPerCode()
    {
        LedgerContainer[] containers =
        [
            // Stored before the period, collected inside it (measured 10.4 kg against 10 kg at deposit).
            new("C1", "900-041-49", "废抹布", "HW49", Utc(3, 20), 10_000, Utc(4, 10), 10_400, "20263201000001"),
            // Deposited inside the period, still stored at the end.
            new("C2", "900-041-49", "废抹布", "HW49", Utc(4, 5), 7_000, null, null, null),
            // Deposited and collected inside the period.
            new("C3", "900-249-08", "废矿物油", "HW08", Utc(5, 1), 20_000, Utc(6, 1), 19_500, "20263201000002"),
            // Deposited after the period: not on it.
            new("C4", "900-249-08", "废矿物油", "HW08", Utc(7, 2), 5_000, null, null, null),
        ];
        var book = WasteLedgerBook.Build(new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30), containers,
            [new LedgerManifestStep("20263201000002", Utc(6, 3), "Accepted", 19_400, null)]);

        // Opening + generated + weighing difference (measured - deposited, for what left) - transferred (measured) = closing.
        var hw49 = book.Totals.Single(t => t.WasteCode == "900-041-49");
        Assert.Equal((10_000, 7_000, 400, 10_400, 7_000), (hw49.OpeningG, hw49.GeneratedG, hw49.WeighingDifferenceG, hw49.TransferredG, hw49.ClosingG));
        var hw08 = book.Totals.Single(t => t.WasteCode == "900-249-08");
        Assert.Equal((0, 20_000, -500, 19_500, 0), (hw08.OpeningG, hw08.GeneratedG, hw08.WeighingDifferenceG, hw08.TransferredG, hw08.ClosingG));
        Assert.All(book.Totals, t => Assert.Equal(t.ClosingG, t.OpeningG + t.GeneratedG + t.WeighingDifferenceG - t.TransferredG));

        Assert.Equal(["C2", "C1", "C3", "C3", null], book.Entries.Select(e => e.ContainerCode));
        Assert.Equal(LedgerEntryKind.ManifestStep, book.Entries[^1].Kind);
        Assert.Equal(7_000, book.Entries[1].StockAfterG); // C1 out: stock of HW49 back to C2 only
    }

    [Fact]
    public void Build_BalancesEveryCode_WhateverThePickupScaleSays()
    {
        // Heavier and lighter than deposited, unweighed (leaves at the deposit weight), and one collected after the period.
        LedgerContainer[] containers =
        [
            new("A", "900-041-49", "废抹布", "HW49", Utc(1, 5), 3_000, Utc(2, 1), 3_250, "M1"),
            new("B", "900-041-49", "废抹布", "HW49", Utc(2, 5), 4_000, Utc(3, 1), 3_600, "M2"),
            new("C", "900-041-49", "废抹布", "HW49", Utc(2, 6), 5_000, Utc(3, 2), null, "M3"),
            new("D", "900-041-49", "废抹布", "HW49", Utc(3, 6), 6_000, Utc(4, 2), 6_100, "M4"),
        ];
        var book = WasteLedgerBook.Build(new DateOnly(2026, 2, 1), new DateOnly(2026, 3, 31), containers, []);

        var t = Assert.Single(book.Totals);
        Assert.Equal((3_000, 15_000, 250 - 400, 3_250 + 3_600 + 5_000, 6_000), (t.OpeningG, t.GeneratedG, t.WeighingDifferenceG, t.TransferredG, t.ClosingG));
        Assert.Equal(t.ClosingG, t.OpeningG + t.GeneratedG + t.WeighingDifferenceG - t.TransferredG);
        Assert.Equal(6_000, book.Entries[^1].StockAfterG);
    }

    [Fact]
    public void Build_UsesChinaDatesForThePeriodBoundary()
    {
        // 2026-03-31 16:30 UTC is 1 April 00:30 in China: inside a period starting 1 April.
        LedgerContainer[] containers = [new("C1", "900-041-49", "废抹布", "HW49", new DateTime(2026, 3, 31, 16, 30, 0, DateTimeKind.Utc), 1_000, null, null, null)];
        var book = WasteLedgerBook.Build(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30), containers, []);
        Assert.Equal(1_000, Assert.Single(book.Totals).GeneratedG);
        Assert.Equal(new DateOnly(2026, 4, 1), Assert.Single(book.Entries).Date);
    }
}
