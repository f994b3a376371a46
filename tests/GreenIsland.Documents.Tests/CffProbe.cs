using System.Buffers.Binary;

namespace GreenIsland.Documents.Tests;

/// <summary>Reads what a renderer needs from an embedded CFF: the glyph count and the CID of each glyph (charset).</summary>
internal static class CffProbe
{
    public static (int Glyphs, int[] Cids) Read(byte[] cff)
    {
        var name = IndexEnd(cff, cff[2]);
        var (topStart, topEnd) = FirstItem(cff, name);
        var (charsetAt, charStringsAt) = (0, 0);
        var operands = new List<int>();
        for (var i = topStart; i < topEnd;)
        {
            var b = cff[i];
            if (b == 29)
            {
                operands.Add(BinaryPrimitives.ReadInt32BigEndian(cff.AsSpan(i + 1)));
                i += 5;
            }
            else if (b == 28)
            {
                operands.Add(BinaryPrimitives.ReadInt16BigEndian(cff.AsSpan(i + 1)));
                i += 3;
            }
            else if (b is >= 32 and <= 246)
            {
                operands.Add(b - 139);
                i++;
            }
            else if (b is >= 247 and <= 250)
            {
                operands.Add(((b - 247) * 256) + cff[i + 1] + 108);
                i += 2;
            }
            else if (b is >= 251 and <= 254)
            {
                operands.Add(-((b - 251) * 256) - cff[i + 1] - 108);
                i += 2;
            }
            else if (b == 30)
            {
                i++;
                while ((cff[i] & 0x0F) != 0x0F && (cff[i] >> 4) != 0x0F)
                {
                    i++;
                }

                i++;
                operands.Add(0);
            }
            else
            {
                if (b == 15)
                {
                    charsetAt = operands[^1];
                }
                else if (b == 17)
                {
                    charStringsAt = operands[^1];
                }

                i += b == 12 ? 2 : 1;
                operands.Clear();
            }
        }

        var glyphs = BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(charStringsAt));
        var cids = new int[glyphs];
        Assert.Equal(0, cff[charsetAt]);
        for (var g = 1; g < glyphs; g++)
        {
            cids[g] = BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(charsetAt + 1 + (2 * (g - 1))));
        }

        return (glyphs, cids);
    }

    private static int IndexEnd(byte[] cff, int at)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(at));
        if (count == 0)
        {
            return at + 2;
        }

        var offSize = cff[at + 2];
        var last = Offset(cff, at + 3 + (count * offSize), offSize);
        return at + 3 + ((count + 1) * offSize) - 1 + last;
    }

    private static (int Start, int End) FirstItem(byte[] cff, int at)
    {
        var offSize = cff[at + 2];
        var data = at + 3 + ((BinaryPrimitives.ReadUInt16BigEndian(cff.AsSpan(at)) + 1) * offSize) - 1;
        return (data + Offset(cff, at + 3, offSize), data + Offset(cff, at + 3 + offSize, offSize));
    }

    private static int Offset(byte[] cff, int at, int size)
    {
        var value = 0;
        for (var i = 0; i < size; i++)
        {
            value = (value << 8) | cff[at + i];
        }

        return value;
    }
}
