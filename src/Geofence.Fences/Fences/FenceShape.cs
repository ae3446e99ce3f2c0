namespace Geofence.Fences;

/// <summary>The area a fence covers: a <see cref="PolygonShape"/> or a <see cref="CircleShape"/>.</summary>
public abstract record FenceShape
{
    private protected FenceShape()
    {
    }
}
