using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace GreenIsland.Carbon.Reports;

/// <summary>A cell value: text, or an exact decimal written as a number.</summary>
internal readonly record struct XlsxCell(string? Text, decimal? Number)
{
    public static implicit operator XlsxCell(string? text) => new(text, null);

    public static implicit operator XlsxCell(decimal number) => new(null, number);
}

internal sealed record XlsxSheet(string Name, IReadOnlyList<IReadOnlyList<XlsxCell>> Rows);

/// <summary>
/// Writes a minimal Office Open XML workbook (SpreadsheetML) directly as zip parts: content types, relationships,
/// workbook and one worksheet per sheet with inline strings. No styles; numbers keep their full decimal value.
/// </summary>
internal static class XlsxWriter
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

    public static byte[] Write(IReadOnlyList<XlsxSheet> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        if (sheets.Count == 0)
        {
            throw new ArgumentException("A workbook needs at least one sheet.", nameof(sheets));
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", w =>
            {
                w.WriteStartElement("Types", "http://schemas.openxmlformats.org/package/2006/content-types");
                Default(w, "rels", "application/vnd.openxmlformats-package.relationships+xml");
                Default(w, "xml", "application/xml");
                Override(w, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
                for (var i = 1; i <= sheets.Count; i++)
                {
                    Override(w, $"/xl/worksheets/sheet{i}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
                }

                w.WriteEndElement();
            });
            Part(zip, "_rels/.rels", w =>
            {
                w.WriteStartElement("Relationships", PackageRelNs);
                Relationship(w, "rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "xl/workbook.xml");
                w.WriteEndElement();
            });
            Part(zip, "xl/workbook.xml", w =>
            {
                w.WriteStartElement("workbook", MainNs);
                w.WriteAttributeString("xmlns", "r", null, RelNs);
                w.WriteStartElement("sheets", MainNs);
                for (var i = 0; i < sheets.Count; i++)
                {
                    w.WriteStartElement("sheet", MainNs);
                    w.WriteAttributeString("name", SheetName(sheets[i].Name));
                    w.WriteAttributeString("sheetId", (i + 1).ToString(CultureInfo.InvariantCulture));
                    w.WriteAttributeString("id", RelNs, $"rId{i + 1}");
                    w.WriteEndElement();
                }

                w.WriteEndElement();
                w.WriteEndElement();
            });
            Part(zip, "xl/_rels/workbook.xml.rels", w =>
            {
                w.WriteStartElement("Relationships", PackageRelNs);
                for (var i = 1; i <= sheets.Count; i++)
                {
                    Relationship(w, $"rId{i}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", $"worksheets/sheet{i}.xml");
                }

                w.WriteEndElement();
            });
            for (var i = 0; i < sheets.Count; i++)
            {
                var sheet = sheets[i];
                Part(zip, $"xl/worksheets/sheet{i + 1}.xml", w => WriteSheet(w, sheet));
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A1-style reference: column letters from a zero-based index.</summary>
    public static string Column(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static void WriteSheet(XmlWriter w, XlsxSheet sheet)
    {
        w.WriteStartElement("worksheet", MainNs);
        w.WriteStartElement("sheetData", MainNs);
        for (var r = 0; r < sheet.Rows.Count; r++)
        {
            w.WriteStartElement("row", MainNs);
            w.WriteAttributeString("r", (r + 1).ToString(CultureInfo.InvariantCulture));
            var row = sheet.Rows[r];
            for (var c = 0; c < row.Count; c++)
            {
                var cell = row[c];
                if (cell.Text is null && cell.Number is null)
                {
                    continue;
                }

                w.WriteStartElement("c", MainNs);
                w.WriteAttributeString("r", Column(c) + (r + 1).ToString(CultureInfo.InvariantCulture));
                if (cell.Number is { } number)
                {
                    w.WriteElementString("v", MainNs, number.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    w.WriteAttributeString("t", "inlineStr");
                    w.WriteStartElement("is", MainNs);
                    w.WriteStartElement("t", MainNs);
                    w.WriteAttributeString("xml", "space", null, "preserve");
                    w.WriteString(cell.Text);
                    w.WriteEndElement();
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }

    // Excel limits sheet names to 31 characters without []:*?/\.
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(ch => "[]:*?/\\".Contains(ch, StringComparison.Ordinal) ? '_' : ch).ToArray());
        return clean.Length <= 31 ? clean : clean[..31];
    }

    private static void Part(ZipArchive zip, string name, Action<XmlWriter> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        writer.WriteStartDocument(standalone: true);
        write(writer);
        writer.WriteEndDocument();
    }

    private static void Default(XmlWriter w, string extension, string contentType)
    {
        w.WriteStartElement("Default", "http://schemas.openxmlformats.org/package/2006/content-types");
        w.WriteAttributeString("Extension", extension);
        w.WriteAttributeString("ContentType", contentType);
        w.WriteEndElement();
    }

    private static void Override(XmlWriter w, string part, string contentType)
    {
        w.WriteStartElement("Override", "http://schemas.openxmlformats.org/package/2006/content-types");
        w.WriteAttributeString("PartName", part);
        w.WriteAttributeString("ContentType", contentType);
        w.WriteEndElement();
    }

    private static void Relationship(XmlWriter w, string id, string type, string target)
    {
        w.WriteStartElement("Relationship", PackageRelNs);
        w.WriteAttributeString("Id", id);
        w.WriteAttributeString("Type", type);
        w.WriteAttributeString("Target", target);
        w.WriteEndElement();
    }
}
