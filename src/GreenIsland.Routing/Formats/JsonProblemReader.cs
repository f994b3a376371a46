using System.Text.Json;
using System.Text.Json.Serialization;

namespace GreenIsland.Routing.Formats;

/// <summary>
/// Reads the JSON problem format for real collection days. Coordinates are longitude/latitude unless a matrix is
/// given; times are seconds from midnight; distances metres. See <c>docs</c> of the routing module for the schema.
/// </summary>
public static class JsonProblemReader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static RoutingProblem Parse(string json)
    {
        JsonProblem dto;
        try
        {
            dto = JsonSerializer.Deserialize<JsonProblem>(json, Options) ?? throw new FormatException("JSON problem: empty document");
        }
        catch (JsonException e)
        {
            throw new FormatException($"JSON problem: {e.Path}: {e.Message}", e);
        }

        if (dto.Depots is not { Count: > 0 } || dto.VehicleTypes is not { Count: > 0 } || dto.Stops is null)
        {
            throw new FormatException("JSON problem: depots, vehicleTypes and stops are required");
        }

        var locations = new List<Location>();
        var depots = dto.Depots.Select((d, i) =>
        {
            locations.Add(new Location(d.Lon, d.Lat));
            return new Depot(d.Id ?? $"depot{i}", locations.Count - 1, new TimeWindow(d.Open ?? 0, d.Close ?? double.PositiveInfinity));
        }).ToList();
        var stops = dto.Stops.Select((s, i) =>
        {
            locations.Add(new Location(s.Lon, s.Lat));
            var windows = (s.TimeWindows ?? []).Select((w, k) => w is { Length: 2 }
                ? new TimeWindow(w[0], w[1])
                : throw new FormatException($"JSON problem: stops[{i}].timeWindows[{k}]: expected [open, close]")).ToList();
            return new Stop(s.Id ?? (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), locations.Count - 1,
                s.Demand ?? throw new FormatException($"JSON problem: stops[{i}].demand: required"),
                windows, s.Service, s.Classes ?? [], s.Permits ?? [], s.SkipPenalty);
        }).ToList();
        var types = dto.VehicleTypes.Select((v, i) => new VehicleType(
            v.Id ?? $"type{i}", v.Count ?? 1, v.StartDepot, v.EndDepot ?? v.StartDepot,
            (v.Compartments ?? throw new FormatException($"JSON problem: vehicleTypes[{i}].compartments: required"))
                .Select(c => new Compartment(c.Capacity ?? [], c.Classes ?? [])).ToList(),
            v.Permits ?? [], new TimeWindow(v.ShiftStart ?? 0, v.ShiftEnd ?? double.PositiveInfinity),
            v.MaxDuration ?? double.PositiveInfinity, v.FixedCost)).ToList();

        TravelMatrix travel;
        var convention = DistanceConvention.Matrix;
        if (dto.Matrix?.Distance is { } dist)
        {
            var n = locations.Count;
            var duration = dto.Matrix.Duration ?? dist;
            if (dist.Length != n || duration.Length != n || dist.Any(r => r.Length != n) || duration.Any(r => r.Length != n))
            {
                throw new FormatException($"JSON problem: matrix: distance and duration must be {n}x{n} (depots first, then stops)");
            }

            travel = new TravelMatrix(n, dist.SelectMany(r => r).ToArray(), duration.SelectMany(r => r).ToArray());
        }
        else if (dto.Matrix?.Provider is "euclidean")
        {
            travel = new EuclideanMatrixProvider(false).Build(locations);
            convention = DistanceConvention.EuclideanExact;
        }
        else
        {
            travel = new GreatCircleMatrixProvider(dto.Matrix?.DetourFactor ?? 1.3, dto.Matrix?.SpeedKmh ?? 25).Build(locations);
        }

        var problem = new RoutingProblem(
            dto.Name ?? "problem", locations, depots, types, stops, dto.Dimensions ?? 1,
            (dto.IncompatibleClasses ?? []).Select((p, i) => p is { Length: 2 } ? (p[0], p[1]) : throw new FormatException($"JSON problem: incompatibleClasses[{i}]: expected [a, b]")).ToList(),
            travel, convention, dto.Objective ?? RoutingObjective.VehiclesThenDistance);
        var errors = problem.Validate();
        return errors.Count > 0 ? throw new FormatException("JSON problem: " + string.Join("; ", errors)) : problem;
    }

    /// <summary>Writes a problem in the JSON format (great-circle or matrix, as the problem was built).</summary>
    public static string Write(RoutingProblem problem, bool includeMatrix)
    {
        ArgumentNullException.ThrowIfNull(problem);
        static double? Finite(double x) => double.IsFinite(x) ? x : null;
        var dto = new JsonProblem
        {
            Name = problem.Name,
            Dimensions = problem.Dimensions,
            Objective = problem.DefaultObjective,
            Depots = problem.Depots.Select(d => new JsonDepot { Id = d.Id, Lon = problem.Locations[d.Location].X, Lat = problem.Locations[d.Location].Y, Open = d.Hours.Open, Close = Finite(d.Hours.Close) }).ToList(),
            VehicleTypes = problem.VehicleTypes.Select(v => new JsonVehicleType
            {
                Id = v.Id, Count = v.Count, StartDepot = v.StartDepot, EndDepot = v.EndDepot, Permits = [.. v.Permits],
                ShiftStart = v.Shift.Open, ShiftEnd = Finite(v.Shift.Close), MaxDuration = Finite(v.MaxDuration), FixedCost = v.FixedCost,
                Compartments = v.Compartments.Select(c => new JsonCompartment { Capacity = [.. c.Capacity], Classes = [.. c.AllowedClasses] }).ToList(),
            }).ToList(),
            Stops = problem.Stops.Select(s => new JsonStop
            {
                Id = s.Id, Lon = problem.Locations[s.Location].X, Lat = problem.Locations[s.Location].Y, Demand = [.. s.Demand],
                TimeWindows = s.TimeWindows.Select(w => new[] { w.Open, w.Close }).ToList(), Service = s.ServiceTime,
                Classes = [.. s.Classes], Permits = [.. s.RequiredPermits], SkipPenalty = s.SkipPenalty,
            }).ToList(),
            IncompatibleClasses = problem.IncompatibleClasses.Select(p => new[] { p.A, p.B }).ToList(),
        };
        if (includeMatrix)
        {
            var n = problem.Travel.Size;
            dto.Matrix = new JsonMatrix
            {
                Distance = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => problem.Travel.DistanceAt(i, j)).ToArray()).ToArray(),
                Duration = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => problem.Travel.DurationAt(i, j)).ToArray()).ToArray(),
            };
        }

        return JsonSerializer.Serialize(dto, new JsonSerializerOptions(Options) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
    }

    internal sealed class JsonProblem
    {
        public string? Name { get; set; }

        public int? Dimensions { get; set; }

        public RoutingObjective? Objective { get; set; }

        public JsonMatrix? Matrix { get; set; }

        public List<JsonDepot>? Depots { get; set; }

        public List<JsonVehicleType>? VehicleTypes { get; set; }

        public List<JsonStop>? Stops { get; set; }

        public List<int[]>? IncompatibleClasses { get; set; }
    }

    internal sealed class JsonMatrix
    {
        public string? Provider { get; set; }

        public double? DetourFactor { get; set; }

        public double? SpeedKmh { get; set; }

        public double[][]? Distance { get; set; }

        public double[][]? Duration { get; set; }
    }

    internal sealed class JsonDepot
    {
        public string? Id { get; set; }

        public double Lon { get; set; }

        public double Lat { get; set; }

        public double? Open { get; set; }

        public double? Close { get; set; }
    }

    internal sealed class JsonCompartment
    {
        public double[]? Capacity { get; set; }

        public int[]? Classes { get; set; }
    }

    internal sealed class JsonVehicleType
    {
        public string? Id { get; set; }

        public int? Count { get; set; }

        public int StartDepot { get; set; }

        public int? EndDepot { get; set; }

        public List<JsonCompartment>? Compartments { get; set; }

        public int[]? Permits { get; set; }

        public double? ShiftStart { get; set; }

        public double? ShiftEnd { get; set; }

        public double? MaxDuration { get; set; }

        public double FixedCost { get; set; }
    }

    internal sealed class JsonStop
    {
        public string? Id { get; set; }

        public double Lon { get; set; }

        public double Lat { get; set; }

        public double[]? Demand { get; set; }

        public List<double[]>? TimeWindows { get; set; }

        public double Service { get; set; }

        public int[]? Classes { get; set; }

        public int[]? Permits { get; set; }

        public double? SkipPenalty { get; set; }
    }
}
