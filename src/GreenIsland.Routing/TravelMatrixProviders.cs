namespace GreenIsland.Routing;

/// <summary>Builds distance and duration matrices for a list of locations (pluggable: straight line, road network...).</summary>
public interface ITravelMatrixProvider
{
    TravelMatrix Build(IReadOnlyList<Location> locations);
}

/// <summary>
/// Great-circle (haversine) distance in metres times a detour factor; duration in seconds at an average speed.
/// Locations are (X = longitude, Y = latitude) in degrees.
/// </summary>
public sealed class GreatCircleMatrixProvider(double detourFactor = 1.3, double averageSpeedKmh = 25) : ITravelMatrixProvider
{
    private const double EarthRadiusMetres = 6_371_008.8;

    public double DetourFactor { get; } = detourFactor > 0 ? detourFactor : throw new ArgumentOutOfRangeException(nameof(detourFactor));

    public double AverageSpeedKmh { get; } = averageSpeedKmh > 0 ? averageSpeedKmh : throw new ArgumentOutOfRangeException(nameof(averageSpeedKmh));

    public TravelMatrix Build(IReadOnlyList<Location> locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        var n = locations.Count;
        var dist = new double[n * n];
        var dur = new double[n * n];
        var metresPerSecond = AverageSpeedKmh / 3.6;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (i == j)
                {
                    continue;
                }

                var d = Math.Round(Haversine(locations[i], locations[j]) * DetourFactor);
                dist[(i * n) + j] = d;
                dur[(i * n) + j] = Math.Round(d / metresPerSecond);
            }
        }

        return new TravelMatrix(n, dist, dur);
    }

    internal static double Haversine(Location a, Location b)
    {
        const double rad = Math.PI / 180;
        var dLat = (b.Y - a.Y) * rad;
        var dLon = (b.X - a.X) * rad;
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(a.Y * rad) * Math.Cos(b.Y * rad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}

/// <summary>Planar Euclidean distance (optionally rounded to integers, CVRPLIB style); duration equals distance.</summary>
public sealed class EuclideanMatrixProvider(bool round) : ITravelMatrixProvider
{
    public TravelMatrix Build(IReadOnlyList<Location> locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        var n = locations.Count;
        var dist = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                dist[(i * n) + j] = Edge(locations[i], locations[j], round);
            }
        }

        return new TravelMatrix(n, dist, (double[])dist.Clone());
    }

    internal static double Edge(Location a, Location b, bool round)
    {
        var dx = a.X - b.X;
        var dy = a.Y - b.Y;
        var d = Math.Sqrt((dx * dx) + (dy * dy));
        return round ? Math.Floor(d + 0.5) : d;
    }
}
