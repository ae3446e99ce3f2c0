using NetTopologySuite.Geometries;

namespace Geofence.Fences;

/// <summary>
/// A polygonal area in WGS84 lon/lat (x = longitude, y = latitude, SRID 4326).
/// Points on the boundary count as inside (Covers semantics).
/// </summary>
public sealed record PolygonShape : FenceShape
{
    /// <summary>WGS84 spatial reference id.</summary>
    public const int Wgs84Srid = 4326;

    /// <summary>Validates and copies a Polygon or MultiPolygon.</summary>
    /// <exception cref="ArgumentException">
    /// Not a non-empty Polygon/MultiPolygon, not topologically valid, or outside lon [-180, 180] / lat [-90, 90].
    /// </exception>
    public PolygonShape(Geometry area)
    {
        ArgumentNullException.ThrowIfNull(area);
        if (PolygonAreaRules.FindProblem(area) is { } problem)
        {
            throw new ArgumentException(problem, nameof(area));
        }
        Area = Detach(area);
    }

    private PolygonShape(Geometry validatedArea, bool _) => Area = Detach(validatedArea);

    /// <summary>
    /// The polygon or multipolygon. It is a private copy of what was passed in;
    /// do not modify it (snapshots index it and share it across threads).
    /// </summary>
    public Geometry Area { get; }

    /// <summary>For callers that have already run <see cref="PolygonAreaRules.FindProblem"/>.</summary>
    internal static PolygonShape FromValidated(Geometry area) => new(area, true);

    private static Geometry Detach(Geometry area)
    {
        var copy = area.Copy();
        copy.SRID = Wgs84Srid;
        return copy;
    }
}
