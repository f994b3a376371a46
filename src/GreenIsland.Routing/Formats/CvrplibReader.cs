using System.Globalization;

namespace GreenIsland.Routing.Formats;

/// <summary>
/// Reads CVRPLIB / TSPLIB <c>.vrp</c> files with EUC_2D coordinates (tokens split on whitespace and ':'; CRLF and tabs
/// accepted). The fleet is unlimited (one vehicle per customer available); stop ids are node id - 1 as in CVRPLIB
/// <c>.sol</c> files.
/// </summary>
public static class CvrplibReader
{
    public static RoutingProblem Parse(string text, string fallbackName = "cvrp")
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = text.Split([' ', '\t', '\r', '\n', ':'], StringSplitOptions.RemoveEmptyEntries);
        string name = fallbackName;
        int dimension = -1;
        double capacity = -1;
        double maxDistance = double.PositiveInfinity;
        double serviceTime = 0;
        string weightType = "EUC_2D";
        Location[]? coords = null;
        double[]? demand = null;
        var depotIds = new List<int>();
        var i = 0;
        while (i < tokens.Length)
        {
            var key = tokens[i++].ToUpperInvariant();
            switch (key)
            {
                case "NAME":
                    name = tokens[i++];
                    break;
                case "COMMENT":
                case "TYPE":
                    // Skip the rest of the header line: find the next known keyword.
                    while (i < tokens.Length && !IsKeyword(tokens[i]))
                    {
                        i++;
                    }

                    break;
                case "DIMENSION":
                    dimension = (int)Number(tokens[i++], key);
                    break;
                case "CAPACITY":
                    capacity = Number(tokens[i++], key);
                    break;
                case "DISTANCE":
                    maxDistance = Number(tokens[i++], key);
                    break;
                case "SERVICE_TIME":
                    serviceTime = Number(tokens[i++], key);
                    break;
                case "EDGE_WEIGHT_TYPE":
                    weightType = tokens[i++].ToUpperInvariant();
                    break;
                case "NODE_COORD_SECTION":
                    RequireDimension(dimension);
                    coords = new Location[dimension];
                    for (var k = 0; k < dimension; k++)
                    {
                        var id = (int)Number(tokens[i++], key);
                        CheckId(id, dimension, key);
                        coords[id - 1] = new Location(Number(tokens[i++], key), Number(tokens[i++], key));
                    }

                    break;
                case "DEMAND_SECTION":
                    RequireDimension(dimension);
                    demand = new double[dimension];
                    for (var k = 0; k < dimension; k++)
                    {
                        var id = (int)Number(tokens[i++], key);
                        CheckId(id, dimension, key);
                        demand[id - 1] = Number(tokens[i++], key);
                    }

                    break;
                case "DEPOT_SECTION":
                    while (i < tokens.Length && tokens[i] != "-1")
                    {
                        depotIds.Add((int)Number(tokens[i++], key));
                    }

                    i++;
                    break;
                case "EOF":
                    i = tokens.Length;
                    break;
                default:
                    // Unknown header keywords carry one value.
                    if (i < tokens.Length && !IsKeyword(tokens[i]))
                    {
                        i++;
                    }

                    break;
            }
        }

        if (weightType != "EUC_2D")
        {
            throw new FormatException($"CVRPLIB file: EDGE_WEIGHT_TYPE {weightType} is not supported (EUC_2D only)");
        }

        if (coords is null || demand is null || capacity <= 0 || depotIds.Count != 1)
        {
            throw new FormatException("CVRPLIB file: CAPACITY, NODE_COORD_SECTION, DEMAND_SECTION and exactly one depot are required");
        }

        var depotIndex = depotIds[0] - 1;
        CheckId(depotIds[0], dimension, "DEPOT_SECTION");
        var forever = new TimeWindow(0, double.PositiveInfinity);
        var customers = Enumerable.Range(0, dimension).Where(k => k != depotIndex).ToList();
        var vehicle = new VehicleType("vehicle", customers.Count, 0, 0, [new Compartment([capacity], [])], [], forever, maxDistance, 0);
        var stops = customers.Select(k => new Stop(
            k.ToString(CultureInfo.InvariantCulture), k, [demand[k]], [], serviceTime, [], [], null)).ToList();
        return new RoutingProblem(
            name, coords, [new Depot("depot", depotIndex, forever)], [vehicle], stops, 1, [],
            new EuclideanMatrixProvider(true).Build(coords), DistanceConvention.EuclideanRounded, RoutingObjective.Distance);
    }

    private static bool IsKeyword(string token) => token.Length > 1 && token.All(c => char.IsAsciiLetterUpper(c) || c == '_');

    private static void RequireDimension(int dimension)
    {
        if (dimension <= 1)
        {
            throw new FormatException("CVRPLIB file: DIMENSION must come before the sections and be at least 2");
        }
    }

    private static void CheckId(int id, int dimension, string section)
    {
        if (id < 1 || id > dimension)
        {
            throw new FormatException($"CVRPLIB file: node id {id} in {section} is outside 1..{dimension}");
        }
    }

    private static double Number(string s, string section) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"CVRPLIB file: '{s}' in {section} is not a number");
}
