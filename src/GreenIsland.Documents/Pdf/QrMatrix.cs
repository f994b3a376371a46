using QRCoder;

namespace GreenIsland.Documents.Pdf;

/// <summary>The module matrix of a QR code (QRCoder computes it; the PDF writer draws it as vector modules).</summary>
public static class QrMatrix
{
    /// <summary>
    /// Dark (true) and light modules of the QR code of <paramref name="payload"/> at error correction level M (15 %
    /// of the symbol may be damaged: labels get scuffed), row by row, including the 4-module quiet zone.
    /// </summary>
    public static bool[,] Create(string payload)
    {
        ArgumentException.ThrowIfNullOrEmpty(payload);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var rows = data.ModuleMatrix;
        var matrix = new bool[rows.Count, rows.Count];
        for (var row = 0; row < rows.Count; row++)
        {
            for (var column = 0; column < rows[row].Count; column++)
            {
                matrix[row, column] = rows[row][column];
            }
        }

        return matrix;
    }
}
