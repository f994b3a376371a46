using System.Globalization;
using GreenIsland.Documents.Pdf;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Domain.Catalogue;
using GreenIsland.Waste.Domain.Containers;
using GreenIsland.Waste.Domain.Streams;
using GreenIsland.Waste.Features.Printing;
using QRCoder;

namespace GreenIsland.Waste.Features.Containers;

/// <summary>
/// The HJ 1276-2022 container label: a square page of the minimum size for the container volume (100/150/200 mm),
/// orange with a black frame, "危险废物" as its title, every label field (name, category, code, form, main components,
/// hazard characteristics, precautions, producer, contact, date, weight, packaging), the QR code of the identification
/// code (vector modules, sharp at any print size) and the code in digits. Layout is in millimetres of a 100 mm label,
/// scaled to the label's size.
/// </summary>
internal static class ContainerLabel
{
    public static readonly PdfColour Orange = PdfColour.FromHex(0xF7941D);

    private const double QrSideMm = 26;

    /// <summary>The QR code of an identification code as a PNG (for screens and label printers that take images).</summary>
    public static byte[] QrPng(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(10);
    }

    public static byte[] Render(WasteContainer container, PdfFontSet fonts)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(fonts);
        var sideMm = LabelSize.SideMillimetres(container.VolumeLitres);
        var pdf = new PdfDocumentWriter([fonts.Regular, fonts.Bold])
        {
            Title = $"危险废物标签 {container.Code}",
            Author = container.ProducerName,
        };
        var size = PdfPageSize.FromMillimetres(sideMm, sideMm);
        var page = pdf.AddPage(size);
        // One label unit: a millimetre of a 100 mm label, in points.
        var u = sideMm / 100.0 * PdfPageSize.PointsPerMillimetre;
        var side = size.Width;
        var margin = 4 * u;

        pdf.Rectangle(page, 0, 0, side, side, Orange);
        pdf.StrokeRectangle(page, margin / 2, margin / 2, side - margin, side - margin, 0.9 * u, PdfColour.Black);

        const string title = "危险废物";
        var titleSize = 11 * u;
        pdf.Text(page, (side - pdf.Measure(title, WasteFonts.Bold, titleSize)) / 2, margin, title, WasteFonts.Bold, titleSize, PdfColour.Black);

        var top = margin + (17 * u);
        pdf.Line(page, margin / 2, top - (2 * u), side - (margin / 2), top - (2 * u), 0.5 * u, PdfColour.Black);
        var qrSide = QrSideMm * u;
        pdf.QrCode(page, side - margin - qrSide, top, qrSide, container.Code);

        var x = margin + (2 * u);
        var codeTop = side - margin - (6 * u);
        var fields = Fields(container);

        // The largest text size (4.4 down to 2.6 label-mm) at which every field fits above the code line.
        List<(string Label, double LabelWidth, IReadOnlyList<string> Lines)> laidOut = [];
        var textSize = 4.4 * u;
        var lineHeight = 0d;
        for (; ; textSize -= 0.2 * u)
        {
            lineHeight = textSize * 1.38;
            laidOut = [];
            var y = top;
            foreach (var (label, value) in fields)
            {
                var right = y < top + qrSide ? side - margin - qrSide - (2 * u) : side - margin - (2 * u);
                var labelWidth = pdf.Measure(label + "：", WasteFonts.Bold, textSize);
                var lines = pdf.Wrap(value, WasteFonts.Regular, textSize, right - x - labelWidth);
                laidOut.Add((label, labelWidth, lines));
                y += lines.Count * lineHeight;
            }

            if (y <= codeTop - u || textSize <= 2.6 * u)
            {
                break;
            }
        }

        var at = top;
        foreach (var (label, labelWidth, lines) in laidOut)
        {
            pdf.Text(page, x, at, label + "：", WasteFonts.Bold, textSize, PdfColour.Black);
            foreach (var line in lines)
            {
                pdf.Text(page, x + labelWidth, at, line, WasteFonts.Regular, textSize, PdfColour.Black);
                at += lineHeight;
            }
        }

        var codeText = "数字识别码：" + container.Code;
        var codeSize = Math.Min(3.8 * u, (side - margin - (2 * u) - x) / pdf.Measure(codeText, WasteFonts.Bold, 1));
        pdf.Line(page, margin / 2, codeTop - u, side - (margin / 2), codeTop - u, 0.3 * u, PdfColour.Black);
        pdf.Text(page, x, codeTop, codeText, WasteFonts.Bold, codeSize, PdfColour.Black);
        return pdf.Save();
    }

    /// <summary>The label fields in HJ 1276 order, with "—" for what the container does not record.</summary>
    public static IReadOnlyList<(string Label, string Value)> Fields(WasteContainer c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var characteristics = string.Join("、", c.Characteristics.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => HazardCharacteristics.TryParse(s, out var v, out _) ? $"{HazardCharacteristics.ChineseName(v[0])}({s})" : s));
        return
        [
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
        ];
    }

    private static string FormName(PhysicalForm form) => form switch
    {
        PhysicalForm.Solid => "固态",
        PhysicalForm.SemiSolid => "半固态",
        PhysicalForm.Liquid => "液态",
        _ => "气态",
    };
}
