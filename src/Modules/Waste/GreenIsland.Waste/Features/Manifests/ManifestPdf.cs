using System.Globalization;
using GreenIsland.Documents.Pdf;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Features.Printing;

namespace GreenIsland.Waste.Features.Manifests;

/// <summary>
/// The printable manifest (A4, Chinese first with English): number, version and status, the parties, the waste lines
/// as a ruled table with measured or estimated quantities and what the receiver weighed and accepted, the containers
/// by identification code, the signatures in order with their instants (China Standard Time), the discrepancy and
/// the confirmation deadline, and every transition. Long manifests continue on further pages (the table header is
/// repeated); each page carries the number, version and "page n of N".
/// </summary>
internal static class ManifestPdf
{
    private const double Margin = 40;
    private const double Line = 14;
    private const double Pad = 3;
    private const double FooterSpace = 24;
    private static readonly PdfColour Ink = PdfColour.FromHex(0x1F2A24);
    private static readonly PdfColour Muted = PdfColour.FromHex(0x5B6B62);
    private static readonly PdfColour Rule = PdfColour.FromHex(0x9AA5A0);
    private static readonly PdfColour HeaderFill = PdfColour.FromHex(0xE8EEEA);
    private static readonly PdfColour Alarm = PdfColour.FromHex(0xA61B1B);

    private static double Width => PdfPageSize.A4.Width - (2 * Margin);

    public static byte[] Render(ManifestResponse m, PdfFontSet fonts, DateTime printedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(fonts);
        var pdf = new PdfDocumentWriter([fonts.Regular, fonts.Bold])
        {
            Title = $"危险废物转移联单 {m.Number} v{m.Version}",
            Author = m.Generator.Name,
            CreatedAtUtc = printedAtUtc,
        };
        var flow = new Flow(pdf);

        flow.Text("危险废物转移联单  Hazardous Waste Transfer Manifest", 16, WasteFonts.Bold, Ink);
        flow.Text($"联单编号 No. {m.Number}    版本 Version {m.Version}    状态 Status {m.Status}", 10, WasteFonts.Regular, Ink);
        flow.Space(Line / 2);

        flow.Section("一、各方 Parties");
        flow.Box(
        [
            ("产生单位 Generator", m.Generator.Name),
            ("运输单位 Carrier", m.Carrier.Name),
            ("车牌 / 许可证 Vehicle / permit", $"{m.VehiclePlate}  /  {m.VehiclePermitNumber}"),
            ("接收单位 Receiver", m.Receiver.Name),
        ]);

        flow.Section("二、废物 Wastes");
        flow.Table(
            [("#", 0.5), ("代码 Code", 1.6), ("名称 Name", 3.2), ("类别", 0.9), ("特性", 0.9), ("形态", 0.9), ("包装", 1.1), ("容器", 0.8), ("数量 kg", 1.6), ("接收 kg", 1.3), ("接受 kg", 1.2)],
            m.Lines.Select(l => (IReadOnlyList<string>)
            [
                l.LineNo.ToString(CultureInfo.InvariantCulture), l.WasteCode, l.WasteName, l.Category, l.Characteristics, l.PhysicalForm, l.Packaging,
                l.ContainerCount.ToString(CultureInfo.InvariantCulture), Kg(l.QuantityKg) + (l.Measured ? " 实测" : " 估算"),
                l.ReceivedKg is { } r ? Kg(r) + (l.Discrepancy ? " ⚠" : string.Empty) : "—", l.AcceptedKg is { } a ? Kg(a) : "—",
            ]).ToList());
        flow.Text($"合计 Total {Kg(m.QuantityKg)} kg（实测 measured / 估算 estimated 按行标注）", 8, WasteFonts.Regular, Ink);
        if (m.HasDiscrepancy)
        {
            flow.Text($"⚠ 重量差异超出容差 {m.TolerancePercent?.ToString("0.##", CultureInfo.InvariantCulture)}%：已通知产生单位和监管部门。"
                + " Weight discrepancy beyond tolerance: reported to the generator and the regulator.", 8, WasteFonts.Bold, Alarm);
        }

        flow.Space(Line / 2);
        if (m.Containers.Count > 0)
        {
            flow.Section("三、容器 Containers");
            flow.Table([("行 Line", 0.8), ("数字识别码 Identification code", 5), ("发运 kg Shipped", 1.6), ("接收 kg Received", 1.6)],
                m.Containers.Select(c => (IReadOnlyList<string>)
                [
                    c.LineNo.ToString(CultureInfo.InvariantCulture), c.Code, Kg(c.ShippedKg), c.ReceivedKg is { } r ? Kg(r) : "—",
                ]).ToList());
            flow.Space(Line / 2);
        }

        flow.Section("四、签字与状态 Signatures and states (China Standard Time)");
        var signatures = new List<(string, string)>
        {
            ("编制 Drawn up", Local(m.CreatedAt)),
            ("产生单位签字 Generator", Signed(m.GeneratorSignedAt, m.GeneratorSignedBy) + (m.GeneratorSignatureMethod is { } method ? $" ({method})" : string.Empty)),
            ("运输单位签字 Carrier", Signed(m.CarrierSignedAt, m.CarrierSignedBy)),
            ("接收 Received", Signed(m.ReceivedAt, m.ReceivedBy)),
        };
        if (m.ConfirmationDeadline is { } deadline)
        {
            signatures.Add(("确认期限 Confirm by", deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                + (m.ConfirmationDeadlineProvisional ? "（暂定：该年度无节假日数据 provisional）" : string.Empty) + (m.Overdue ? "  已逾期 OVERDUE" : string.Empty)));
        }

        signatures.Add(("接收决定 Decision", Signed(m.DecidedAt, m.DecidedBy) + (m.RefusalReason is { } reason ? $"  原因 Reason: {reason}" : string.Empty)));
        signatures.Add(("处置 Disposed", Signed(m.DisposedAt, m.DisposedBy) + (m.DisposalMethod is { } how ? $"  方式 Method: {how}" : string.Empty)));
        if (m.CancelledAt is { } cancelled)
        {
            signatures.Add(("作废 Cancelled", $"{Local(cancelled)}  {m.CancelReason}"));
        }

        flow.Box(signatures);

        flow.Section("五、流转记录 Transitions");
        flow.Table([("时间 At", 2.2), ("版本", 0.8), ("事件 Event", 2.4), ("状态 From → To", 3), ("操作人 Actor", 2.2)],
            m.Events.Select(e => (IReadOnlyList<string>)
            [
                Local(e.At), $"v{e.Version}", e.Type, $"{e.From ?? "—"} → {e.To}", e.ActorName,
            ]).ToList());

        for (var page = 0; page < pdf.PageCount; page++)
        {
            var y = PdfPageSize.A4.Height - Margin - 8;
            pdf.Line(page, Margin, y - 4, Margin + Width, y - 4, 0.4, Rule);
            pdf.Text(page, Margin, y, $"联单 {m.Number} v{m.Version}", WasteFonts.Regular, 7.5, Muted);
            var number = $"第 {page + 1} / {pdf.PageCount} 页  Page {page + 1} of {pdf.PageCount}";
            pdf.Text(page, Margin + Width - pdf.Measure(number, WasteFonts.Regular, 7.5), y, number, WasteFonts.Regular, 7.5, Muted);
        }

        return pdf.Save();
    }

    private static string Signed(DateTime? at, string? by) => at is { } a ? $"{Local(a)}  {by}" : "—";

    private static string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), WasteTime.China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Kg(decimal kg) => kg.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A cursor down A4 pages: starts a new page when the next block does not fit.</summary>
    private sealed class Flow(PdfDocumentWriter pdf)
    {
        private int _page = pdf.AddPage();
        private double _y = Margin;

        private static double Bottom => PdfPageSize.A4.Height - Margin - FooterSpace;

        public void Space(double points) => _y += points;

        public void Text(string text, double size, int font, PdfColour colour)
        {
            foreach (var line in pdf.Wrap(text, font, size, Width))
            {
                Ensure(size * 1.5);
                pdf.Text(_page, Margin, _y, line, font, size, colour);
                _y += size * 1.5;
            }
        }

        public void Section(string title)
        {
            Ensure(Line * 3);
            Text(title, 11, WasteFonts.Bold, Ink);
        }

        /// <summary>Label/value rows in a ruled box (labels in a shaded column).</summary>
        public void Box(IReadOnlyList<(string Label, string Value)> rows)
        {
            const double size = 9;
            const double labelWidth = 150;
            foreach (var (label, value) in rows)
            {
                var lines = pdf.Wrap(value, WasteFonts.Regular, size, Width - labelWidth - (2 * Pad));
                var height = (lines.Count * Line) + Pad;
                Ensure(height);
                pdf.Rectangle(_page, Margin, _y, labelWidth, height, HeaderFill);
                pdf.StrokeRectangle(_page, Margin, _y, labelWidth, height, 0.5, Rule);
                pdf.StrokeRectangle(_page, Margin + labelWidth, _y, Width - labelWidth, height, 0.5, Rule);
                pdf.Text(_page, Margin + Pad, _y + Pad, pdf.Fit(label, WasteFonts.Regular, size, labelWidth - (2 * Pad)), WasteFonts.Regular, size, Ink);
                var ty = _y + Pad;
                foreach (var line in lines)
                {
                    pdf.Text(_page, Margin + labelWidth + Pad, ty, line, WasteFonts.Regular, size, Ink);
                    ty += Line;
                }

                _y += height;
            }

            _y += Line / 2;
        }

        /// <summary>A ruled table; cell text wraps within its column and the header row repeats on a new page.</summary>
        public void Table(IReadOnlyList<(string Header, double Weight)> columns, IReadOnlyList<IReadOnlyList<string>> rows)
        {
            const double size = 7.5;
            const double lineHeight = size * 1.35;
            var total = columns.Sum(c => c.Weight);
            var widths = columns.Select(c => Width * c.Weight / total).ToList();

            void Row(IReadOnlyList<string> cells, bool header)
            {
                var font = header ? WasteFonts.Bold : WasteFonts.Regular;
                var wrapped = cells.Select((c, i) => pdf.Wrap(c, font, size, widths[i] - (2 * Pad))).ToList();
                var height = (wrapped.Max(w => w.Count) * lineHeight) + (2 * Pad);
                if (_y + height > Bottom)
                {
                    NewPage();
                    if (!header)
                    {
                        Row(columns.Select(c => c.Header).ToList(), header: true);
                    }
                }

                var x = Margin;
                for (var i = 0; i < cells.Count; i++)
                {
                    if (header)
                    {
                        pdf.Rectangle(_page, x, _y, widths[i], height, HeaderFill);
                    }

                    pdf.StrokeRectangle(_page, x, _y, widths[i], height, 0.5, Rule);
                    var ty = _y + Pad;
                    foreach (var line in wrapped[i])
                    {
                        pdf.Text(_page, x + Pad, ty, line, font, size, Ink);
                        ty += lineHeight;
                    }

                    x += widths[i];
                }

                _y += height;
            }

            Ensure((lineHeight * 2) + (4 * Pad));
            Row(columns.Select(c => c.Header).ToList(), header: true);
            foreach (var row in rows)
            {
                Row(row, header: false);
            }

            _y += Line / 2;
        }

        private void Ensure(double height)
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }
        }

        private void NewPage()
        {
            _page = pdf.AddPage();
            _y = Margin;
        }
    }
}
