using System.Text;
using GreenIsland.Documents.Pdf;

namespace GreenIsland.Carbon.Reports;

/// <summary>A table column: header, share of the text width, alignment.</summary>
internal sealed record ReportColumn(string Header, double Weight, bool AlignRight = false);

/// <summary>
/// Flows headings, paragraphs and tables down A4 pages with a running footer: the little layout engine the PDF
/// reports need (greedy line breaking by measured glyph widths: at spaces in Latin text, anywhere in CJK text).
/// </summary>
internal sealed class ReportLayout
{
    public const int Regular = 0;
    public const int Bold = 1;
    public static readonly PdfColour Ink = PdfColour.FromHex(0x1F2A24);
    public static readonly PdfColour Muted = PdfColour.FromHex(0x5B6B62);
    public static readonly PdfColour Accent = PdfColour.FromHex(0x1E7B4F);
    public static readonly PdfColour Warning = PdfColour.FromHex(0xA8610B);
    public static readonly PdfColour Rule = PdfColour.FromHex(0xCBD5CF);
    public static readonly PdfColour HeaderFill = PdfColour.FromHex(0xE8F2EC);

    private const double Margin = 48;
    private const double FooterSpace = 36;
    private readonly PdfDocumentWriter _pdf;
    private int _page;
    private double _y;

    public ReportLayout(PdfDocumentWriter pdf)
    {
        _pdf = pdf;
        _page = _pdf.AddPage();
        _y = Margin;
    }

    public static double ContentWidth => PdfDocumentWriter.PageWidth - (2 * Margin);

    private static double Bottom => PdfDocumentWriter.PageHeight - Margin - FooterSpace;

    public void Title(string text, string subtitle)
    {
        _pdf.Rectangle(_page, Margin, _y, ContentWidth, 3, Accent);
        _y += 12;
        Paragraph(text, 18, Bold, Ink);
        Paragraph(subtitle, 11, Regular, Muted);
        _y += 6;
    }

    public void Heading(string text)
    {
        EnsureSpace(48);
        _y += 8;
        Paragraph(text, 12.5, Bold, Accent);
        _pdf.Line(_page, Margin, _y, Margin + ContentWidth, _y, 0.6, Rule);
        _y += 5;
    }

    public void Paragraph(string text, double size = 9.5, int font = Regular, PdfColour? colour = null, double indent = 0)
    {
        var lineHeight = size * 1.45;
        foreach (var line in Wrap(text, font, size, ContentWidth - indent))
        {
            EnsureSpace(lineHeight);
            _pdf.Text(_page, Margin + indent, _y, line, font, size, colour ?? Ink);
            _y += lineHeight;
        }
    }

    /// <summary>Label/value pairs in two columns.</summary>
    public void Facts(IReadOnlyList<(string Label, string Value)> facts, double labelWidth = 150)
    {
        const double size = 9.5;
        const double lineHeight = size * 1.45;
        foreach (var (label, value) in facts)
        {
            var lines = Wrap(value, Regular, size, ContentWidth - labelWidth);
            EnsureSpace(lineHeight * lines.Count);
            _pdf.Text(_page, Margin, _y, label, Regular, size, Muted);
            foreach (var line in lines)
            {
                _pdf.Text(_page, Margin + labelWidth, _y, line, Regular, size, Ink);
                _y += lineHeight;
            }
        }

        _y += 4;
    }

    public void Table(IReadOnlyList<ReportColumn> columns, IReadOnlyList<IReadOnlyList<string>> rows, double size = 8.5)
    {
        var total = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => ContentWidth * c.Weight / total).ToList();
        var lineHeight = size * 1.4;
        const double pad = 3;

        void Row(IReadOnlyList<string> cells, bool header)
        {
            var font = header ? Bold : Regular;
            var wrapped = cells.Select((c, i) => Wrap(c, font, size, widths[i] - (2 * pad))).ToList();
            var height = (wrapped.Max(w => w.Count) * lineHeight) + (2 * pad);
            if (_y + height > Bottom)
            {
                NewPage();
                if (!header)
                {
                    Row(columns.Select(c => c.Header).ToList(), header: true);
                }
            }

            if (header)
            {
                _pdf.Rectangle(_page, Margin, _y, ContentWidth, height, HeaderFill);
            }

            var x = Margin;
            for (var i = 0; i < columns.Count; i++)
            {
                var ty = _y + pad;
                foreach (var line in wrapped[i])
                {
                    var tx = columns[i].AlignRight ? x + widths[i] - pad - _pdf.Measure(line, font, size) : x + pad;
                    _pdf.Text(_page, tx, ty, line, font, size, Ink);
                    ty += lineHeight;
                }

                x += widths[i];
            }

            _y += height;
            _pdf.Line(_page, Margin, _y, Margin + ContentWidth, _y, 0.4, Rule);
        }

        EnsureSpace((lineHeight * 2) + (4 * pad));
        Row(columns.Select(c => c.Header).ToList(), header: true);
        foreach (var row in rows)
        {
            Row(row, header: false);
        }

        _y += 8;
    }

    /// <summary>Horizontal bars with labels and values (a simple chart that prints and needs no images).</summary>
    public void Bars(IReadOnlyList<(string Label, decimal Value, string Text)> bars, PdfColour colour)
    {
        const double size = 8;
        const double rowHeight = 13;
        const double labelWidth = 70;
        const double valueWidth = 90;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        foreach (var (label, value, text) in bars)
        {
            EnsureSpace(rowHeight);
            _pdf.Text(_page, Margin, _y + 2, label, Regular, size, Muted);
            var width = max <= 0 || value <= 0 ? 0 : (double)(value / max) * (ContentWidth - labelWidth - valueWidth);
            _pdf.Rectangle(_page, Margin + labelWidth, _y + 2, Math.Max(width, 0.5), rowHeight - 5, colour);
            _pdf.Text(_page, Margin + labelWidth + width + 4, _y + 2, text, Regular, size, Ink);
            _y += rowHeight;
        }

        _y += 6;
    }

    public void Space(double points) => _y += points;

    /// <summary>Writes "page n of N" and a left-hand footer text on every page; call once, after everything else.</summary>
    public void Footers(string text)
    {
        for (var page = 0; page < _pdf.PageCount; page++)
        {
            var y = PdfDocumentWriter.PageHeight - Margin - 10;
            _pdf.Line(page, Margin, y - 6, Margin + ContentWidth, y - 6, 0.4, Rule);
            _pdf.Text(page, Margin, y, text, Regular, 7.5, Muted);
            var number = $"第 {page + 1} / {_pdf.PageCount} 页  Page {page + 1} of {_pdf.PageCount}";
            _pdf.Text(page, Margin + ContentWidth - _pdf.Measure(number, Regular, 7.5), y, number, Regular, 7.5, Muted);
        }
    }

    private void EnsureSpace(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        _page = _pdf.AddPage();
        _y = Margin;
    }

    private List<string> Wrap(string text, int font, double size, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var current = new StringBuilder();
            var lastSpace = -1;
            foreach (var rune in paragraph.EnumerateRunes())
            {
                var candidate = current.ToString() + rune.ToString();
                if (current.Length > 0 && _pdf.Measure(candidate, font, size) > width)
                {
                    if (!Rune.IsWhiteSpace(rune) && lastSpace > 0 && rune.Value < 0x2E80)
                    {
                        // Latin word: carry it to the next line.
                        lines.Add(current.ToString(0, lastSpace).TrimEnd());
                        var carried = current.ToString(lastSpace + 1, current.Length - lastSpace - 1);
                        current.Clear().Append(carried);
                    }
                    else
                    {
                        lines.Add(current.ToString().TrimEnd());
                        current.Clear();
                    }

                    lastSpace = -1;
                }

                if (Rune.IsWhiteSpace(rune))
                {
                    if (current.Length == 0)
                    {
                        continue;
                    }

                    lastSpace = current.Length;
                }

                current.Append(rune.ToString());
            }

            lines.Add(current.ToString());
        }

        return lines;
    }
}
