using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;

namespace Geofence.Fences;

/// <summary>A polygon fence with an interval index over its edges (many points against one area).</summary>
internal sealed class IndexedPolygonFence : IndexedFence
{
    private readonly IndexedPointInAreaLocator _locator;
    private readonly IndexedFacetDistance? _boundaryDistance;

    /// <param name="fence">The fence.</param>
    /// <param name="shape">Its polygonal shape.</param>
    /// <param name="measuresDistance">Also index the boundary for <see cref="DistanceMetresFrom"/> (coastal fallback).</param>
    public IndexedPolygonFence(Fence fence, PolygonShape shape, bool measuresDistance)
        : base(fence, shape.Area.EnvelopeInternal)
    {
        Area = shape.Area;
        _locator = new IndexedPointInAreaLocator(shape.Area);
        // The locator builds its edge index on first use; do it now so that the first live ping does not pay.
        _ = _locator.Locate(Envelope.Centre);
        _boundaryDistance = measuresDistance ? new IndexedFacetDistance(shape.Area) : null;
    }

    /// <summary>The polygonal area.</summary>
    public Geometry Area { get; }

    // Covers semantics: a point on an edge or vertex is inside.
    public override bool Covers(double latitude, double longitude) =>
        _locator.Locate(new Coordinate(longitude, latitude)) != Location.Exterior;

    /// <summary>
    /// Metres from an outside point to the nearest point of the boundary. The nearest point is found in
    /// degree space and then measured with haversine, so at Vietnam's latitudes the result can exceed the
    /// true distance by up to about 7 % (1/cos 23°): it errs towards "outside", never towards "inside".
    /// </summary>
    public double DistanceMetresFrom(Point point)
    {
        if (_boundaryDistance is null)
        {
            throw new InvalidOperationException("This fence was not prepared for distance queries.");
        }
        var nearest = _boundaryDistance.NearestPoints(point)[0];
        return GreatCircle.DistanceMetres(point.Y, point.X, nearest.Y, nearest.X);
    }
}
