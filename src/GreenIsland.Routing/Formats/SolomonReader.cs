using System.Globalization;

namespace GreenIsland.Routing.Formats;

/// <summary>Reads Solomon / Gehring-Homberger VRPTW <c>.txt</c> files (any whitespace, CRLF or LF).</summary>
public static class SolomonReader
{
    public static RoutingProblem Parse(string text, string fallbackName = "solomon")
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n')
            .Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var name = lines.FirstOrDefault(l => l.Length > 0) is { } first ? string.Join(' ', first) : fallbackName;
        var vehicleHeader = lines.FindIndex(l => l.Length > 0 && l[0].Equals("VEHICLE", StringComparison.OrdinalIgnoreCase));
        var customerHeader = lines.FindIndex(l => l.Length > 0 && l[0].Equals("CUSTOMER", StringComparison.OrdinalIgnoreCase));
        if (vehicleHeader < 0 || customerHeader < 0)
        {
            throw new FormatException("Solomon file: VEHICLE and CUSTOMER sections are required");
        }

        var fleetRow = lines.Skip(vehicleHeader + 1).Take(customerHeader - vehicleHeader - 1)
            .FirstOrDefault(l => l.Length == 2 && l.All(IsNumber))
            ?? throw new FormatException("Solomon file: VEHICLE section needs a 'number capacity' row");
        var fleet = (int)Number(fleetRow[0]);
        var capacity = Number(fleetRow[1]);

        var rows = lines.Skip(customerHeader + 1).Where(l => l.Length >= 7 && l.All(IsNumber)).ToList();
        if (rows.Count < 2)
        {
            throw new FormatException("Solomon file: CUSTOMER section needs the depot row and at least one customer");
        }

        var locations = rows.Select(r => new Location(Number(r[1]), Number(r[2]))).ToList();
        var depotRow = rows[0];
        var hours = new TimeWindow(Number(depotRow[4]), Number(depotRow[5]));
        var depots = new List<Depot> { new(depotRow[0], 0, hours) };
        var vehicle = new VehicleType("vehicle", fleet, 0, 0, [new Compartment([capacity], [])], [], hours, double.PositiveInfinity, 0);
        var stops = rows.Skip(1).Select((r, i) => new Stop(
            r[0], i + 1, [Number(r[3])], [new TimeWindow(Number(r[4]), Number(r[5]))], Number(r[6]), [], [], null)).ToList();
        return new RoutingProblem(
            name, locations, depots, [vehicle], stops, 1, [], new EuclideanMatrixProvider(false).Build(locations),
            DistanceConvention.EuclideanExact, RoutingObjective.VehiclesThenDistance);
    }

    private static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
