using System.Collections.Frozen;
using GreenIsland.Telemetry.Contracts;

namespace GreenIsland.Telemetry.Domain;

/// <summary>
/// A metric the platform understands. <see cref="Id"/> is the compact key stored in every reading row, so it
/// must never be renumbered; <see cref="Unit"/> is the one unit values are stored in (UCUM-style symbols).
/// </summary>
internal sealed record MetricDefinition(
    short Id,
    string Code,
    string Unit,
    string Dimension,
    double Minimum,
    double Maximum,
    bool IsCumulative);

internal static class MetricCatalogue
{
    // Ranges are physical plausibility limits for one reading, not alarm thresholds.
    private static readonly MetricDefinition[] Definitions =
    [
        new(1, MetricCodes.FillRatio, "1", "ratio", 0, 1, IsCumulative: false),
        new(2, MetricCodes.Weight, "kg", "mass", 0, 50_000, IsCumulative: false),
        new(3, MetricCodes.Temperature, "Cel", "temperature", -60, 150, IsCumulative: false),
        new(4, MetricCodes.Humidity, "%", "ratio", 0, 100, IsCumulative: false),
        new(5, MetricCodes.Voc, "ppm", "concentration", 0, 10_000, IsCumulative: false),
        new(6, MetricCodes.DoorOpen, "1", "state", 0, 1, IsCumulative: false),
        new(7, MetricCodes.EnergyImport, "kWh", "energy", 0, 1e12, IsCumulative: true),
        new(8, MetricCodes.EnergyExport, "kWh", "energy", 0, 1e12, IsCumulative: true),
        new(9, MetricCodes.ActivePower, "kW", "power", -1e6, 1e6, IsCumulative: false),
        new(10, MetricCodes.GasVolume, "m3", "volume", 0, 1e12, IsCumulative: true),
        new(11, MetricCodes.SteamMass, "t", "mass", 0, 1e12, IsCumulative: true),
        new(12, MetricCodes.PvGeneration, "kWh", "energy", 0, 1e12, IsCumulative: true),
        new(13, MetricCodes.PvPower, "kW", "power", 0, 1e6, IsCumulative: false),
    ];

    private static readonly FrozenDictionary<string, MetricDefinition> ByCode =
        Definitions.ToFrozenDictionary(d => d.Code, StringComparer.Ordinal);

    private static readonly MetricDefinition?[] ById = BuildIdIndex();

    public static IReadOnlyList<MetricDefinition> All => Definitions;

    public static bool TryGet(string code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MetricDefinition? metric) =>
        ByCode.TryGetValue(code, out metric);

    public static MetricDefinition Get(string code) =>
        ByCode.TryGetValue(code, out var metric) ? metric : throw new KeyNotFoundException($"Unknown metric '{code}'.");

    public static MetricDefinition Get(short id) =>
        id > 0 && id < ById.Length && ById[id] is { } metric ? metric : throw new KeyNotFoundException($"Unknown metric id {id}.");

    private static MetricDefinition?[] BuildIdIndex()
    {
        var index = new MetricDefinition?[Definitions.Max(d => d.Id) + 1];
        foreach (var definition in Definitions)
        {
            index[definition.Id] = definition;
        }

        return index;
    }
}
