using GreenIsland.Waste.Features.Printing;

namespace GreenIsland.Waste.Tests.Logistics;

public sealed class PrintingTests
{
    [Fact]
    public void Runs_SplitsChineseFromLatinText()
    {
        var runs = WastePdf.Runs("联单 No. 20263205000001 废矿物油 12.5 kg").ToList();

        Assert.Equal([("联单 ", true), ("No. 20263205000001 ", false), ("废矿物油 ", true), ("12.5 kg", false)], runs);
    }

    [Fact]
    public void ExtractFace_RewritesTableOffsetsOfTheChosenFace()
    {
        // A collection of two faces, each with one 4-byte table; face 1's table holds "BBBB".
        var ttc = new List<byte>();
        ttc.AddRange("ttcf"u8.ToArray());
        ttc.AddRange([0, 1, 0, 0, 0, 0, 0, 2]);
        ttc.AddRange(BigEndian(20));
        ttc.AddRange(BigEndian(48));
        foreach (var (tableOffset, _) in new[] { (76, 'A'), (80, 'B') })
        {
            ttc.AddRange([0, 1, 0, 0, 0, 1, 0, 16, 0, 0, 0, 0]);
            ttc.AddRange("test"u8.ToArray());
            ttc.AddRange(BigEndian(0));
            ttc.AddRange(BigEndian(tableOffset));
            ttc.AddRange(BigEndian(4));
        }

        ttc.AddRange("AAAABBBB"u8.ToArray());

        var face = FontCollection.ExtractFace(ttc.ToArray(), 1);

        Assert.Equal(28 + 4, face.Length);
        Assert.Equal(BigEndian(28), face[20..24]);
        Assert.Equal("BBBB"u8.ToArray(), face[28..32]);
    }

    [Fact]
    public void ExtractFace_OfSomethingElse_SaysTheFontIsUnavailable()
    {
        Assert.Throws<PdfFontUnavailableException>(() => FontCollection.ExtractFace(new byte[64], 0));
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
