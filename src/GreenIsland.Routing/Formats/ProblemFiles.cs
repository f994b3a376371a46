namespace GreenIsland.Routing.Formats;

/// <summary>Instance file formats the readers understand.</summary>
public enum ProblemFormat
{
    Cvrplib,
    Solomon,
    Json,
}

/// <summary>Loads a problem file, detecting its format from the extension and contents.</summary>
public static class ProblemFiles
{
    public static ProblemFormat Detect(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var ext = Path.GetExtension(path).ToUpperInvariant();
        if (ext == ".JSON" || text.TrimStart().StartsWith('{'))
        {
            return ProblemFormat.Json;
        }

        if (ext == ".VRP" || text.Contains("NODE_COORD_SECTION", StringComparison.OrdinalIgnoreCase))
        {
            return ProblemFormat.Cvrplib;
        }

        if (text.Contains("CUSTOMER", StringComparison.OrdinalIgnoreCase))
        {
            return ProblemFormat.Solomon;
        }

        throw new FormatException($"{path}: unknown instance format (expected CVRPLIB .vrp, Solomon .txt or JSON)");
    }

    public static (RoutingProblem Problem, ProblemFormat Format) Load(string path)
    {
        var text = File.ReadAllText(path);
        var format = Detect(path, text);
        var name = Path.GetFileNameWithoutExtension(path);
        var problem = format switch
        {
            ProblemFormat.Cvrplib => CvrplibReader.Parse(text, name),
            ProblemFormat.Solomon => SolomonReader.Parse(text, name),
            _ => JsonProblemReader.Parse(text),
        };
        return (problem, format);
    }
}
