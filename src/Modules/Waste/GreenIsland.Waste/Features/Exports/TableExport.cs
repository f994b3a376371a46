using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace GreenIsland.Waste.Features.Exports;

/// <summary>A rectangular table (header + rows) that exports as CSV or XLSX. Cells are text or exact decimals.</summary>
internal sealed record ExportTable(string Title, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>
/// CSV (RFC 4180, UTF-8 with BOM so Excel on Chinese Windows opens it as UTF-8) and a minimal XLSX workbook
/// (SpreadsheetML parts written directly: no external package is available for it here).
/// </summary>
internal static class TableExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] ToCsv(ExportTable table)
    {
        var sb = new StringBuilder();
        AppendCsvRow(sb, table.Header);
        foreach (var row in table.Rows)
        {
            AppendCsvRow(sb, row.Select(CsvCell).ToList());
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    public static byte[] ToXlsx(IReadOnlyList<ExportTable> sheets)
    {
        const string ct = "http://schemas.openxmlformats.org/package/2006/content-types";
        const string pr = "http://schemas.openxmlformats.org/package/2006/relationships";
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", w =>
            {
                w.WriteStartElement("Types", ct);
                Element(w, ct, "Default", ("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml"));
                Element(w, ct, "Default", ("Extension", "xml"), ("ContentType", "application/xml"));
                Element(w, ct, "Override", ("PartName", "/xl/workbook.xml"), ("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"));
                for (var i = 1; i <= sheets.Count; i++)
                {
                    Element(w, ct, "Override", ("PartName", $"/xl/worksheets/sheet{i}.xml"), ("ContentType", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"));
                }

                w.WriteEndElement();
            });
            Write(zip, "_rels/.rels", w =>
            {
                w.WriteStartElement("Relationships", pr);
                Element(w, pr, "Relationship", ("Id", "r1"), ("Type", rel + "/officeDocument"), ("Target", "xl/workbook.xml"));
                w.WriteEndElement();
            });
            Write(zip, "xl/workbook.xml", w =>
            {
                w.WriteStartElement("workbook", main);
                w.WriteAttributeString("xmlns", "r", null, rel);
                w.WriteStartElement("sheets", main);
                for (var i = 0; i < sheets.Count; i++)
                {
                    w.WriteStartElement("sheet", main);
                    w.WriteAttributeString("name", SheetName(sheets[i].Title, i));
                    w.WriteAttributeString("sheetId", (i + 1).ToString(CultureInfo.InvariantCulture));
                    w.WriteAttributeString("id", rel, $"s{i + 1}");
                    w.WriteEndElement();
                }

                w.WriteEndElement();
                w.WriteEndElement();
            });
            Write(zip, "xl/_rels/workbook.xml.rels", w =>
            {
                w.WriteStartElement("Relationships", pr);
                for (var i = 1; i <= sheets.Count; i++)
                {
                    Element(w, pr, "Relationship", ("Id", $"s{i}"), ("Type", rel + "/worksheet"), ("Target", $"worksheets/sheet{i}.xml"));
                }

                w.WriteEndElement();
            });
            for (var i = 0; i < sheets.Count; i++)
            {
                var sheet = sheets[i];
                Write(zip, $"xl/worksheets/sheet{i + 1}.xml", w =>
                {
                    w.WriteStartElement("worksheet", main);
                    w.WriteStartElement("sheetData", main);
                    var rows = new List<IReadOnlyList<object?>> { sheet.Header.Cast<object?>().ToList() };
                    rows.AddRange(sheet.Rows);
                    for (var r = 0; r < rows.Count; r++)
                    {
                        w.WriteStartElement("row", main);
                        w.WriteAttributeString("r", (r + 1).ToString(CultureInfo.InvariantCulture));
                        for (var c = 0; c < rows[r].Count; c++)
                        {
                            var value = rows[r][c];
                            if (value is null)
                            {
                                continue;
                            }

                            w.WriteStartElement("c", main);
                            w.WriteAttributeString("r", ColumnName(c) + (r + 1).ToString(CultureInfo.InvariantCulture));
                            if (value is decimal or int or long)
                            {
                                w.WriteElementString("v", main, Text(value));
                            }
                            else
                            {
                                w.WriteAttributeString("t", "inlineStr");
                                w.WriteStartElement("is", main);
                                w.WriteStartElement("t", main);
                                w.WriteAttributeString("xml", "space", null, "preserve");
                                w.WriteString(Text(value));
                                w.WriteEndElement();
                                w.WriteEndElement();
                            }

                            w.WriteEndElement();
                        }

                        w.WriteEndElement();
                    }

                    w.WriteEndElement();
                    w.WriteEndElement();
                });
            }
        }

        return buffer.ToArray();
    }

    public static string ColumnName(int zeroBased)
    {
        var name = new StringBuilder();
        for (var n = zeroBased + 1; n > 0; n = (n - 1) / 26)
        {
            name.Insert(0, (char)('A' + ((n - 1) % 26)));
        }

        return name.ToString();
    }

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>
    /// A text cell starting with = + - @ (or a tab or carriage return, which some programs skip before reading a
    /// formula) would be run as a formula by spreadsheet programs (CSV injection): it is prefixed with an apostrophe.
    /// Numbers, dates and instants are written as they are, so a negative quantity stays a number.
    /// </summary>
    internal static string CsvCell(object? value) => value is string text ? DefuseFormula(text) : Text(value);

    internal static string DefuseFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static void AppendCsvRow(StringBuilder sb, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var cell = cells[i];
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                sb.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(cell);
            }
        }

        sb.Append("\r\n");
    }

    private static string SheetName(string title, int index)
    {
        var clean = new string(title.Where(ch => !"[]:*?/\\".Contains(ch, StringComparison.Ordinal)).ToArray());
        if (clean.Length == 0)
        {
            clean = $"Sheet{index + 1}";
        }

        return clean.Length <= 31 ? clean : clean[..31];
    }

    private static void Element(XmlWriter w, string ns, string name, params (string Name, string Value)[] attributes)
    {
        w.WriteStartElement(name, ns);
        foreach (var (n, v) in attributes)
        {
            w.WriteAttributeString(n, v);
        }

        w.WriteEndElement();
    }

    private static void Write(ZipArchive zip, string name, Action<XmlWriter> body)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        using var w = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        w.WriteStartDocument(standalone: true);
        body(w);
        w.WriteEndDocument();
    }
}
