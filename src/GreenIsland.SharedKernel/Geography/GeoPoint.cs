using System.Diagnostics.CodeAnalysis;

namespace GreenIsland.SharedKernel.Geography;

/// <summary>A position on the WGS-84 ellipsoid in decimal degrees (as reported by GPS, not GCJ-02).</summary>
public readonly record struct GeoPoint
{
    private GeoPoint(double latitude, double longitude)
    {
        Latitude = latitude;
        Longitude = longitude;
    }

    /// <summary>Latitude in degrees, -90 to 90, north positive.</summary>
    public double Latitude { get; }

    /// <summary>Longitude in degrees, -180 to 180, east positive.</summary>
    public double Longitude { get; }

    /// <summary>Validates and creates a point.</summary>
    /// <param name="latitude">Latitude in degrees.</param>
    /// <param name="longitude">Longitude in degrees.</param>
    /// <param name="point">The point when valid.</param>
    /// <param name="field">The offending field name (latitude or longitude) when invalid.</param>
    /// <param name="reason">Why the point is invalid.</param>
    /// <returns>Whether the coordinates are valid.</returns>
    public static bool TryCreate(double latitude, double longitude, out GeoPoint point,
        [NotNullWhen(false)] out string? field, [NotNullWhen(false)] out string? reason)
    {
        point = default;
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90)
        {
            field = "latitude";
            reason = "Latitude must be between -90 and 90 degrees.";
            return false;
        }

        if (!double.IsFinite(longitude) || longitude is < -180 or > 180)
        {
            field = "longitude";
            reason = "Longitude must be between -180 and 180 degrees.";
            return false;
        }

        point = new GeoPoint(latitude, longitude);
        field = null;
        reason = null;
        return true;
    }

    /// <summary>Great-circle distance in metres (haversine on the mean Earth radius).</summary>
    /// <param name="other">The other point.</param>
    /// <returns>Distance in metres.</returns>
    public double DistanceMetresTo(GeoPoint other)
    {
        const double earthRadiusMetres = 6_371_008.8;
        var lat1 = double.DegreesToRadians(Latitude);
        var lat2 = double.DegreesToRadians(other.Latitude);
        var dLat = lat2 - lat1;
        var dLon = double.DegreesToRadians(other.Longitude - Longitude);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(lat1) * Math.Cos(lat2) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * earthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
