using System.Globalization;
using System.Text;
using GreenIsland.Carbon.Domain.Units;

namespace GreenIsland.Carbon.Domain.Factors;

/// <summary>
/// The CSV exchange format of factor libraries, used for the shipped data, import and export. One row per value:
/// <c>factor_code,region,valid_from,valid_to,component,value,unit,source,confidence,note</c>
/// (dates ISO yyyy-MM-dd inclusive, value with '.' decimals, confidence V or R).
/// </summary>
internal static class FactorCsv
{
    public static readonly string[] Header = ["factor_code", "region", "valid_from", "valid_to", "component", "value", "unit", "source", "confidence", "note"];

    /// <summary>Parses rows into factors, collecting every row error instead of stopping at the first.</summary>
    public static FactorCsvResult Parse(string text)
    {
        var rows = CsvReader.Read(text);
        var errors = new List<RowError>();
        if (rows.Count == 0 || !rows[0].SequenceEqual(Header, StringComparer.Ordinal))
        {
            errors.Add(new RowError(1, "header", $"The first line must be: {string.Join(',', Header)}"));
            return new FactorCsvResult([], errors);
        }

        var parsed = new List<(FactorKey Key, DateOnly To, string? Note, FactorValue Value)>();
        for (var i = 1; i < rows.Count; i++)
        {
            var line = i + 1;
            var row = rows[i];
            if (row.Count == 1 && row[0].Length == 0)
            {
                continue;
            }

            if (row.Count != Header.Length)
            {
                errors.Add(new RowError(line, "row", $"Expected {Header.Length} fields, found {row.Count}."));
                continue;
            }

            var rowErrors = errors.Count;
            Required(row[0], "factor_code");
            Required(row[1], "region");
            Required(row[4], "component");
            Required(row[7], "source");
            var from = Date(row[2], "valid_from");
            var to = Date(row[3], "valid_to");
            if (from is { } f && to is { } t && t < f)
            {
                errors.Add(new RowError(line, "valid_to", "valid_to is before valid_from."));
            }

            decimal value = 0;
            if (!decimal.TryParse(row[5], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value))
            {
                errors.Add(new RowError(line, "value", $"'{row[5]}' is not a number (use '.' as the decimal separator)."));
            }
            else if (value < 0)
            {
                errors.Add(new RowError(line, "value", "Factor values cannot be negative."));
            }

            RatioUnit? unit = null;
            try
            {
                unit = RatioUnit.Parse(row[6]);
            }
            catch (Exception e) when (e is UnknownUnitException or DimensionMismatchException)
            {
                errors.Add(new RowError(line, "unit", e.Message));
            }

            Confidence confidence = Confidence.Verified;
            switch (row[8])
            {
                case "V": confidence = Confidence.Verified; break;
                case "R": confidence = Confidence.Recalled; break;
                default: errors.Add(new RowError(line, "confidence", "Use V (verified) or R (recalled or single-source).")); break;
            }

            if (errors.Count == rowErrors)
            {
                parsed.Add((new FactorKey(row[0], row[1], from!.Value), to!.Value, row[9].Length == 0 ? null : row[9],
                    new FactorValue(row[4], value, unit!, row[7], confidence)));
            }

            continue;

            void Required(string v, string field)
            {
                if (string.IsNullOrWhiteSpace(v))
                {
                    errors.Add(new RowError(line, field, "This field is required."));
                }
            }

            DateOnly? Date(string v, string field)
            {
                if (DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    return d;
                }

                errors.Add(new RowError(line, field, $"'{v}' is not a date in the form yyyy-MM-dd."));
                return null;
            }
        }

        var factors = new List<Factor>();
        foreach (var group in parsed.GroupBy(p => p.Key))
        {
            var first = group.First();
            if (group.Select(g => g.To).Distinct().Count() > 1)
            {
                errors.Add(new RowError(0, "valid_to", $"Factor {group.Key.Code}/{group.Key.Region} from {group.Key.ValidFrom:yyyy-MM-dd} has rows with different valid_to dates."));
                continue;
            }

            var duplicates = group.GroupBy(g => g.Value.Component, StringComparer.Ordinal).Where(c => c.Count() > 1).Select(c => c.Key).ToList();
            if (duplicates.Count > 0)
            {
                errors.Add(new RowError(0, "component", $"Factor {group.Key.Code}/{group.Key.Region} from {group.Key.ValidFrom:yyyy-MM-dd} repeats component(s) {string.Join(", ", duplicates)}."));
                continue;
            }

            factors.Add(new Factor(group.Key.Code, group.Key.Region, group.Key.ValidFrom, first.To, group.Select(g => g.Value).ToList(), first.Note));
        }

        foreach (var overlap in factors.GroupBy(f => (f.Code, f.Region)))
        {
            var ordered = overlap.OrderBy(f => f.ValidFrom).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].ValidFrom <= ordered[i - 1].ValidTo)
                {
                    errors.Add(new RowError(0, "valid_from", $"Factor {overlap.Key.Code}/{overlap.Key.Region} has overlapping effective periods ({ordered[i - 1].ValidFrom:yyyy-MM-dd} and {ordered[i].ValidFrom:yyyy-MM-dd})."));
                }
            }
        }

        return new FactorCsvResult(factors, errors);
    }

    public static string Write(IEnumerable<Factor> factors)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Header).Append('\n');
        foreach (var factor in factors)
        {
            foreach (var value in factor.Values)
            {
                string[] fields =
                [
                    factor.Code, factor.Region, factor.ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    factor.ValidTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), value.Component,
                    value.Value.ToString(CultureInfo.InvariantCulture), value.Unit.Symbol, value.Source,
                    value.Confidence == Confidence.Verified ? "V" : "R", factor.Note ?? string.Empty,
                ];
                sb.AppendJoin(',', fields.Select(CsvReader.Escape)).Append('\n');
            }
        }

        return sb.ToString();
    }
}

/// <summary>A problem with one row (line 0 for problems across rows) and field of an imported file.</summary>
internal sealed record RowError(int Line, string Field, string Message);

internal sealed record FactorCsvResult(IReadOnlyList<Factor> Factors, IReadOnlyList<RowError> Errors);
