using System.Buffers.Binary;
using System.Globalization;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Catalogue;
using GreenIsland.Waste.Domain.Containers;
using GreenIsland.Waste.Domain.Streams;
using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using QRCoder;

namespace GreenIsland.Waste.Features.Containers;

/// <summary>Configuration section <c>Waste:Labels</c>.</summary>
internal sealed class LabelOptions
{
    public const string Section = "Waste:Labels";

    /// <summary>A CJK font file (.ttf, .otf or a .ttc collection); default: the first Noto Sans CJK / WenQuanYi file under /usr/share/fonts.</summary>
    public string? FontPath { get; set; }

    /// <summary>Face index inside a .ttc collection (Noto Sans CJK: 2 = SC, Simplified Chinese).</summary>
    public int FontIndex { get; set; } = 2;
}

/// <summary>
/// Renders the HJ 1276-2022 label: a square page of the minimum size for the container volume with every label field
/// and the QR code of the identification code. Chinese text needs a CJK font from the system (fonts-noto-cjk);
/// without one the PDF cannot be made and the caller gets a clear error instead of a label with missing glyphs.
/// </summary>
internal sealed class LabelRenderer(IOptions<LabelOptions> options)
{
    public const string FontFace = "GreenIsland-CJK";

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    ];

    private static readonly Lock Gate = new();
    private static CjkFontResolver? resolver;

    public static byte[] QrPng(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(10);
    }

    public (byte[]? Bytes, string? Error) Pdf(WasteContainer container)
    {
        var font = EnsureFont();
        if (font.Error is not null)
        {
            return (null, font.Error);
        }

        var side = LabelSize.SideMillimetres(container.VolumeLitres);
        var document = new PdfDocument();
        document.Info.Title = $"危险废物标签 {container.Code}";
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(side);
        page.Height = XUnit.FromMillimeter(side);
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            Draw(gfx, container, page.Width.Point, side);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return (stream.ToArray(), null);
    }

    private static void Draw(XGraphics gfx, WasteContainer c, double size, int sideMm)
    {
        var scale = sideMm / 100.0;
        var margin = 4 * scale * 72 / 25.4;
        var orange = XColor.FromArgb(255, 247, 148, 29);
        gfx.DrawRectangle(new XSolidBrush(orange), 0, 0, size, size);
        gfx.DrawRectangle(new XPen(XColors.Black, 1.2 * scale), margin / 2, margin / 2, size - margin, size - margin);

        var title = new XFont(FontFace, 13 * scale, XFontStyleEx.Regular);
        var text = new XFont(FontFace, 5.2 * scale, XFontStyleEx.Regular);
        var small = new XFont(FontFace, 4.2 * scale, XFontStyleEx.Regular);
        gfx.DrawString("危险废物", title, XBrushes.Black, new XRect(0, margin, size, 16 * scale), XStringFormats.TopCenter);

        var qrSide = 26 * scale * 72 / 25.4;
        DrawQr(gfx, c.Code, size - margin - qrSide, margin + 18 * scale, qrSide);

        var characteristics = string.Join("、", c.Characteristics.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => HazardCharacteristics.TryParse(s, out var v, out _) ? $"{HazardCharacteristics.ChineseName(v[0])}({s})" : s));
        var lines = new (string Label, string Value)[]
        {
            ("废物名称", c.WasteName),
            ("废物类别", c.CategoryCode),
            ("废物代码", c.WasteCode),
            ("废物形态", FormName(c.PhysicalForm)),
            ("主要成分", c.MainComponents ?? "—"),
            ("危险特性", characteristics),
            ("注意事项", c.Precautions ?? "—"),
            ("产生单位", c.ProducerName),
            ("联系人", c.ContactName ?? "—"),
            ("联系方式", c.ContactPhone ?? "—"),
            ("产生日期", c.GeneratedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("废物重量", $"{Weights.ToKg(c.WeightG).ToString("0.###", CultureInfo.InvariantCulture)} kg"),
            ("包装", c.Packaging),
        };

        var y = margin + 18 * scale;
        var x = margin + 2 * scale;
        var lineHeight = 6.6 * scale;
        foreach (var (label, value) in lines)
        {
            var right = y < margin + 18 * scale + qrSide ? size - margin - qrSide - 2 * scale : size - margin - 2 * scale;
            foreach (var line in Wrap(gfx, $"{label}：{value}", text, right - x))
            {
                gfx.DrawString(line, text, XBrushes.Black, new XRect(x, y, right - x, lineHeight), XStringFormats.TopLeft);
                y += lineHeight;
            }
        }

        gfx.DrawString("数字识别码：" + c.Code, small, XBrushes.Black, new XRect(x, size - margin - 6 * scale, size - 2 * margin, 5 * scale), XStringFormats.TopLeft);
    }

    /// <summary>Draws the QR code as vector modules (sharp at any label size; no raster image needed).</summary>
    private static void DrawQr(XGraphics gfx, string payload, double x, double y, double side)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var module = side / matrix.Count;
        gfx.DrawRectangle(XBrushes.White, x, y, side, side);
        for (var row = 0; row < matrix.Count; row++)
        {
            for (var column = 0; column < matrix[row].Count; column++)
            {
                if (matrix[row][column])
                {
                    // A hair of overlap so adjacent modules print without seams.
                    gfx.DrawRectangle(XBrushes.Black, x + column * module, y + row * module, module + 0.05, module + 0.05);
                }
            }
        }
    }

    private static IEnumerable<string> Wrap(XGraphics gfx, string value, XFont font, double width)
    {
        var start = 0;
        for (var i = 1; i <= value.Length; i++)
        {
            if (i == value.Length || gfx.MeasureString(value[start..(i + 1)], font).Width > width)
            {
                yield return value[start..i];
                start = i;
            }
        }
    }

    private static string FormName(PhysicalForm form) => form switch
    {
        PhysicalForm.Solid => "固态",
        PhysicalForm.SemiSolid => "半固态",
        PhysicalForm.Liquid => "液态",
        _ => "气态",
    };

    private (bool Ok, string? Error) EnsureFont()
    {
        lock (Gate)
        {
            if (resolver is not null)
            {
                return (true, null);
            }

            var configured = options.Value.FontPath;
            var path = configured ?? Candidates.FirstOrDefault(File.Exists);
            if (path is null || !File.Exists(path))
            {
                return (false, configured is null
                    ? $"No CJK font for the label: install the fonts-noto-cjk package (looked for {string.Join(", ", Candidates)}) or set {LabelOptions.Section}:FontPath."
                    : $"The label font {configured} ({LabelOptions.Section}:FontPath) does not exist.");
            }

            byte[] bytes;
            try
            {
                bytes = FontCollection.Extract(File.ReadAllBytes(path), options.Value.FontIndex);
            }
            catch (InvalidDataException ex)
            {
                return (false, $"The label font {path} cannot be read: {ex.Message}");
            }

            // PDFsharp 6.5 refuses to render until a licence is chosen: AGPL or a commercial key. The brief names
            // PDFsharp 6.5 for labels and manifests; the AGPL choice binds the whole deployment and is flagged to the
            // lead (see the module README) — a commercial key can replace it here without other changes.
            PdfSharp.PdfSharpLicense.SetAgplLicense();
            resolver = new CjkFontResolver(bytes);
            GlobalFontSettings.FontResolver ??= resolver;
            return (true, null);
        }
    }

    private sealed class CjkFontResolver(byte[] font) : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(FontFace);

        public byte[]? GetFont(string faceName) => font;
    }
}

/// <summary>Takes one face out of a TrueType/OpenType collection (.ttc), which PDFsharp cannot read directly.</summary>
internal static class FontCollection
{
    public static byte[] Extract(byte[] file, int index)
    {
        if (file.Length < 12 || !file.AsSpan(0, 4).SequenceEqual("ttcf"u8))
        {
            return file;
        }

        var count = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(8));
        if (index < 0 || index >= count)
        {
            throw new InvalidDataException($"The collection has {count} faces; face {index} does not exist.");
        }

        var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(12 + 4 * index));
        var tables = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(offset + 4));
        var headerLength = 12 + 16 * tables;
        var records = new List<(int Record, int Offset, int Length)>();
        var total = headerLength;
        for (var t = 0; t < tables; t++)
        {
            var record = offset + 12 + 16 * t;
            var tableOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(record + 8));
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(record + 12));
            records.Add((record, tableOffset, length));
            total += (length + 3) & ~3;
        }

        var result = new byte[total];
        file.AsSpan(offset, 12).CopyTo(result);
        var position = headerLength;
        for (var t = 0; t < records.Count; t++)
        {
            var (record, tableOffset, length) = records[t];
            file.AsSpan(record, 16).CopyTo(result.AsSpan(12 + 16 * t));
            BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(12 + 16 * t + 8), (uint)position);
            file.AsSpan(tableOffset, length).CopyTo(result.AsSpan(position));
            position += (length + 3) & ~3;
        }

        return result;
    }
}
