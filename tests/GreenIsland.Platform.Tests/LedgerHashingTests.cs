using System.Text.Json.Nodes;
using GreenIsland.Platform.Ledger;

namespace GreenIsland.Platform.Tests;

public sealed class LedgerHashingTests
{
    private static LedgerEntry Entry(string payload = """{"b":2,"a":"绿岛"}""") => new()
    {
        Id = Guid.Parse("01930000-0000-7000-8000-000000000001"),
        Stream = "organisation/1",
        Sequence = 1,
        Type = "OrganisationRegistered",
        OccurredAt = new DateTime(2026, 11, 21, 8, 30, 0, DateTimeKind.Utc).AddTicks(1234567),
        Actor = "user:admin",
        Payload = payload,
        PreviousHash = LedgerHashing.GenesisHash,
    };

    [Fact]
    public void Canonicalise_SortsKeysRecursively_AndDropsWhitespace()
    {
        var node = JsonNode.Parse("""{ "z": [ {"y":1, "x":2} ], "a": null, "m": "绿岛" }""");
        Assert.Equal("""{"a":null,"m":"绿岛","z":[{"x":2,"y":1}]}""", LedgerHashing.Canonicalise(node));
    }

    [Fact]
    public void ComputeHash_IgnoresKeyOrderInThePayload()
    {
        Assert.Equal(LedgerHashing.ComputeHash(Entry("""{"b":2,"a":"绿岛"}""")), LedgerHashing.ComputeHash(Entry("""{"a":"绿岛","b":2}""")));
    }

    [Fact]
    public void ComputeHash_ChangesWithAnyField()
    {
        var original = LedgerHashing.ComputeHash(Entry());
        var variants = new Action<LedgerEntry>[]
        {
            e => e.Stream = "organisation/2",
            e => e.Sequence = 2,
            e => e.Type = "OrganisationUpdated",
            e => e.OccurredAt = e.OccurredAt.AddTicks(10),
            e => e.Actor = "user:mallory",
            e => e.OrganisationId = new GreenIsland.Platform.Contracts.Identifiers.OrganisationId(Guid.Empty),
            e => e.Payload = """{"b":3,"a":"绿岛"}""",
            e => e.PreviousHash = new string('1', 64),
        };
        foreach (var change in variants)
        {
            var entry = Entry();
            change(entry);
            Assert.NotEqual(original, LedgerHashing.ComputeHash(entry));
        }
    }

    [Fact]
    public void ComputeHash_IsStableAcrossMicrosecondTruncation()
    {
        var entry = Entry();
        var hash = LedgerHashing.ComputeHash(entry);
        entry.OccurredAt = LedgerHashing.Normalise(entry.OccurredAt);
        Assert.Equal(hash, LedgerHashing.ComputeHash(entry));
        Assert.Equal(64, hash.Length);
        Assert.Equal("2026-11-21T08:30:00.123456Z", LedgerHashing.FormatInstant(entry.OccurredAt));
    }
}
