using GreenIsland.Waste.Contracts;

namespace GreenIsland.Waste.Domain.Catalogue;

/// <summary>One valid row of a catalogue CSV.</summary>
internal sealed record CatalogueRow(int Line, string Edition, HazardousWasteCode Code, string Name, IReadOnlyList<HazardCharacteristic> Characteristics,
    string? ExemptionNote, string? Source);

/// <summary>One refused cell of the import: the line, the column, the reason, and the reason's stable code (for the UI's language).</summary>
internal sealed record CatalogueRowError(int Line, string Field, string Message, string Code);

/// <summary>
/// Validates the operator's CSV (<c>code,name,category,characteristics,edition[,exemption_note][,source]</c>): code
/// format, category exists, code suffix equals the category, characteristics, known edition, no duplicate codes in
/// the file. Every problem of every row is reported with its line and field.
/// </summary>
internal static class CatalogueCsv
{
    public static readonly string[] RequiredHeader = ["code", "name", "category", "characteristics", "edition"];
    public static readonly string[] OptionalHeader = ["exemption_note", "source"];
    public const int NameMaxLength = 500;
    public const int NoteMaxLength = 1000;
    public const int MaxRows = 20_000;

    public static (List<CatalogueRow> Valid, List<CatalogueRowError> Errors, int DataRows, string? HeaderError) Validate(
        string csv, IReadOnlySet<string> editions)
    {
        var rows = CsvReader.Read(csv);
        var valid = new List<CatalogueRow>();
        var errors = new List<CatalogueRowError>();
        if (rows.Count == 0)
        {
            return (valid, errors, 0, "The file is empty.");
        }

        var header = rows[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        if (header.Count < RequiredHeader.Length || !header.Take(RequiredHeader.Length).SequenceEqual(RequiredHeader, StringComparer.Ordinal)
            || !header.Skip(RequiredHeader.Length).All(h => OptionalHeader.Contains(h, StringComparer.Ordinal)))
        {
            return (valid, errors, 0, $"The first line must be: {string.Join(',', RequiredHeader)} (optionally followed by {string.Join(", ", OptionalHeader)}).");
        }

        if (rows.Count - 1 > MaxRows)
        {
            return (valid, errors, 0, $"At most {MaxRows} rows per file.");
        }

        var noteIndex = header.IndexOf("exemption_note");
        var sourceIndex = header.IndexOf("source");
        var seen = new Dictionary<(string Edition, string Code), int>();
        var dataRows = 0;
        for (var i = 1; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.All(f => f.Trim().Length == 0))
            {
                continue;
            }

            dataRows++;
            var line = i + 1;
            if (row.Count != header.Count)
            {
                errors.Add(new CatalogueRowError(line, "row", $"Expected {header.Count} fields, found {row.Count}.", "FieldCount"));
                continue;
            }

            var before = errors.Count;
            var edition = row[4].Trim();
            if (!editions.Contains(edition))
            {
                errors.Add(new CatalogueRowError(line, "edition", $"Unknown edition '{edition}'; known: {string.Join(", ", editions.Order())}.", "EditionUnknown"));
            }

            var codeOk = HazardousWasteCode.TryParse(row[0], out var code, out var codeReason);
            if (!codeOk)
            {
                errors.Add(new CatalogueRowError(line, "code", codeReason, "CodeInvalid"));
            }

            if (!WasteCategories.TryParse(row[2], out var category, out var categoryReason))
            {
                errors.Add(new CatalogueRowError(line, "category", categoryReason, "CategoryInvalid"));
            }
            else if (codeOk && code.Category != category)
            {
                errors.Add(new CatalogueRowError(line, "code",
                    $"The code {code.Value} ends in {code.Category:00}, so it belongs to HW{code.Category:00}, not HW{category:00}.", "CodeCategoryMismatch"));
            }

            var name = row[1].Trim();
            if (name.Length == 0)
            {
                errors.Add(new CatalogueRowError(line, "name", "This field is required.", "Required"));
            }
            else if (name.Length > NameMaxLength)
            {
                errors.Add(new CatalogueRowError(line, "name", $"At most {NameMaxLength} characters are allowed.", "TooLong"));
            }

            if (!HazardCharacteristics.TryParse(row[3], out var characteristics, out var characteristicsReason))
            {
                errors.Add(new CatalogueRowError(line, "characteristics", characteristicsReason, "CharacteristicsInvalid"));
            }

            var note = noteIndex >= 0 ? row[noteIndex].Trim() : string.Empty;
            if (note.Length > NoteMaxLength)
            {
                errors.Add(new CatalogueRowError(line, "exemption_note", $"At most {NoteMaxLength} characters are allowed.", "TooLong"));
            }

            var source = sourceIndex >= 0 ? row[sourceIndex].Trim() : string.Empty;
            if (source.Length > 500)
            {
                errors.Add(new CatalogueRowError(line, "source", "At most 500 characters are allowed.", "TooLong"));
            }

            if (codeOk && seen.TryGetValue((edition, code.Value), out var firstLine))
            {
                errors.Add(new CatalogueRowError(line, "code", $"Duplicate: {code.Value} ({edition}) is already on line {firstLine}.", "Duplicate"));
            }
            else if (codeOk)
            {
                seen[(edition, code.Value)] = line;
            }

            if (errors.Count == before)
            {
                valid.Add(new CatalogueRow(line, edition, code, name, characteristics, note.Length == 0 ? null : note, source.Length == 0 ? null : source));
            }
        }

        return (valid, errors, dataRows, null);
    }
}
