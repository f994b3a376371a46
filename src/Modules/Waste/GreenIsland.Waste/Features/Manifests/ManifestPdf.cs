using System.Globalization;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Features.Printing;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace GreenIsland.Waste.Features.Manifests;

/// <summary>
/// The printable manifest (A4, Chinese first with English): number and version, parties, lines with measured or
/// estimated quantities and what the receiver weighed and accepted, the signatures in order with their instants
/// (China Standard Time), the discrepancy and the confirmation deadline, and the transitions.
/// </summary>
internal static class ManifestPdf
{
    private const double Margin = 40;
    private const double Line = 14;

    public static byte[] Render(ManifestResponse m, string? cjkFont = null, string? latinFont = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        WastePdf.EnsureConfigured(cjkFont, latinFont);
        var document = new PdfDocument();
        document.Info.Title = $"危险废物转移联单 {m.Number} v{m.Version}";
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        var g = XGraphics.FromPdfPage(page);
        var y = Margin + 10;
        var width = page.Width.Point - (2 * Margin);

        WastePdf.DrawText(g, "危险废物转移联单  Hazardous Waste Transfer Manifest", 16, Margin, y);
        y += Line * 1.6;
        WastePdf.DrawText(g, $"联单编号 No. {m.Number}    版本 Version {m.Version}    状态 Status {m.Status}", 10, Margin, y);
        y += Line * 1.5;

        y = Section(g, "一、各方 Parties", y);
        y = Row(g, "产生单位 Generator", m.Generator.Name, y);
        y = Row(g, "运输单位 Carrier", $"{m.Carrier.Name}  车牌 Plate {m.VehiclePlate}  许可证 Permit {m.VehiclePermitNumber}", y);
        y = Row(g, "接收单位 Receiver", m.Receiver.Name, y);
        y += Line / 2;

        y = Section(g, "二、废物 Wastes", y);
        double[] columns = [0, 22, 90, 190, 230, 265, 300, 340, 400, 455];
        string[] heads = ["#", "代码 Code", "名称 Name", "类别", "特性", "形态", "容器", "数量 kg", "接收 kg", "接受 kg"];
        for (var i = 0; i < heads.Length; i++)
        {
            WastePdf.DrawText(g, heads[i], 8, Margin + columns[i], y);
        }

        y += 4;
        g.DrawLine(XPens.Gray, Margin, y, Margin + width, y);
        y += Line;
        foreach (var l in m.Lines)
        {
            string[] cells =
            [
                l.LineNo.ToString(CultureInfo.InvariantCulture), l.WasteCode, l.WasteName, l.Category, l.Characteristics, l.PhysicalForm,
                l.ContainerCount.ToString(CultureInfo.InvariantCulture), Kg(l.QuantityKg) + (l.Measured ? " 实测" : " 估算"),
                l.ReceivedKg is { } r ? Kg(r) + (l.Discrepancy ? " ⚠" : string.Empty) : "—", l.AcceptedKg is { } a ? Kg(a) : "—",
            ];
            for (var i = 0; i < cells.Length; i++)
            {
                var cellWidth = (i + 1 < columns.Length ? columns[i + 1] : width) - columns[i] - 3;
                WastePdf.DrawClipped(g, cells[i], 8, Margin + columns[i], y, cellWidth);
            }

            y += Line;
        }

        WastePdf.DrawText(g, $"合计 Total {Kg(m.QuantityKg)} kg（实测 measured / 估算 estimated 按行标注）", 8, Margin, y);
        y += Line * 1.5;

        if (m.HasDiscrepancy)
        {
            WastePdf.DrawText(g, $"⚠ 重量差异超出容差 {m.TolerancePercent?.ToString("0.##", CultureInfo.InvariantCulture)}%：已通知产生单位和监管部门。"
                + " Weight discrepancy beyond tolerance: reported to the generator and the regulator.", 8, Margin, y, XBrushes.DarkRed);
            y += Line * 1.5;
        }

        y = Section(g, "三、签字 Signatures (China Standard Time)", y);
        y = Row(g, "编制 Drawn up", $"{Local(m.CreatedAt)}", y);
        y = Row(g, "产生单位签字 Generator", Signed(m.GeneratorSignedAt, m.GeneratorSignedBy) + (m.GeneratorSignatureMethod is { } method ? $" ({method})" : string.Empty), y);
        y = Row(g, "运输单位签字 Carrier", Signed(m.CarrierSignedAt, m.CarrierSignedBy), y);
        y = Row(g, "接收 Received", Signed(m.ReceivedAt, m.ReceivedBy), y);
        if (m.ConfirmationDeadline is { } deadline)
        {
            y = Row(g, "确认期限 Confirm by", deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                + (m.ConfirmationDeadlineProvisional ? "（暂定：该年度无节假日数据 provisional）" : string.Empty) + (m.Overdue ? "  已逾期 OVERDUE" : string.Empty), y);
        }

        y = Row(g, "接收决定 Decision", Signed(m.DecidedAt, m.DecidedBy) + (m.RefusalReason is { } reason ? $"  原因 Reason: {reason}" : string.Empty), y);
        y = Row(g, "处置 Disposed", Signed(m.DisposedAt, m.DisposedBy) + (m.DisposalMethod is { } how ? $"  方式 Method: {how}" : string.Empty), y);
        if (m.CancelledAt is { } cancelled)
        {
            y = Row(g, "作废 Cancelled", $"{Local(cancelled)}  {m.CancelReason}", y);
        }

        y += Line / 2;
        y = Section(g, "四、流转记录 Transitions", y);
        foreach (var e in m.Events)
        {
            if (y > page.Height.Point - Margin)
            {
                break;
            }

            WastePdf.DrawClipped(g, $"{Local(e.At)}  v{e.Version}  {e.Type}  {e.From ?? "—"} → {e.To}  {e.Actor}", 8, Margin, y, width);
            y += Line * 0.9;
        }

        g.Dispose();
        return WastePdf.Save(document);
    }

    private static double Section(XGraphics g, string title, double y)
    {
        WastePdf.DrawText(g, title, 11, Margin, y);
        return y + (Line * 1.2);
    }

    private static double Row(XGraphics g, string label, string value, double y)
    {
        WastePdf.DrawText(g, label, 9, Margin, y);
        WastePdf.DrawClipped(g, value, 9, Margin + 130, y, 385);
        return y + Line;
    }

    private static string Signed(DateTime? at, string? by) => at is { } a ? $"{Local(a)}  {by}" : "—";

    private static string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), WasteTime.China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Kg(decimal kg) => kg.ToString("0.###", CultureInfo.InvariantCulture);
}
