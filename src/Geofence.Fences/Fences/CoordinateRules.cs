using NetTopologySuite.Geometries;

namespace Geofence.Fences;

/// <summary>Range checks for WGS84 lon/lat coordinates (x = longitude, y = latitude).</summary>
internal static class CoordinateRules
{
    public static bool IsInRange(double longitude, double latitude) =>
        longitude is >= -180 and <= 180 && latitude is >= -90 and <= 90;

    /// <summary>Describes the first coordinate out of range, or returns null.</summary>
    public static string? FindOutOfRange(IEnumerable<Coordinate> coordinates)
    {
        foreach (var c in coordinates)
        {
            if (!IsInRange(c.X, c.Y))
            {
                return FormattableString.Invariant(
                    $"coordinate ({c.X}, {c.Y}) is out of range: longitude must be within [-180, 180] and latitude within [-90, 90]");
            }
        }
        return null;
    }
}
