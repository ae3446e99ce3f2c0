namespace Geofence.Fences;

/// <summary>A circle fence: indexed by its lon/lat envelope, tested by haversine distance.</summary>
internal sealed class IndexedCircleFence(Fence fence, CircleShape shape)
    : IndexedFence(fence, GreatCircle.EnvelopeAround(shape.Centre.Latitude, shape.Centre.Longitude, shape.RadiusMetres))
{
    public override bool Covers(double latitude, double longitude) =>
        GreatCircle.DistanceMetres(shape.Centre.Latitude, shape.Centre.Longitude, latitude, longitude) <= shape.RadiusMetres;
}
