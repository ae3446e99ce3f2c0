using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Geofence.Fences;

/// <summary>The checks every polygonal fence area passes, phrased for an import error report.</summary>
internal static class PolygonAreaRules
{
    /// <summary>Returns why <paramref name="area"/> cannot be a fence area, or null when it can.</summary>
    public static string? FindProblem(Geometry area)
    {
        if (area is not (Polygon or MultiPolygon))
        {
            return $"geometry is a {area.GeometryType}, not a Polygon or MultiPolygon";
        }
        if (area.IsEmpty)
        {
            return "geometry is empty";
        }
        if (CoordinateRules.FindOutOfRange(area.Coordinates) is { } outOfRange)
        {
            return outOfRange;
        }
        var validity = new IsValidOp(area).ValidationError;
        if (validity is not null)
        {
            var at = validity.Coordinate is { } c ? FormattableString.Invariant($" at lon {c.X}, lat {c.Y}") : "";
            return $"invalid polygon: {validity.Message}{at}";
        }
        return null;
    }
}
