namespace Geofence.Fences;

/// <summary>
/// A disc of <see cref="RadiusMetres"/> around <see cref="Centre"/>, measured as great-circle
/// (haversine) distance. A point exactly at the radius counts as inside.
/// </summary>
public sealed record CircleShape : FenceShape
{
    /// <summary>Largest radius accepted; a fence is a local area, not a region.</summary>
    public const double MaxRadiusMetres = 100_000;

    /// <summary>Creates a circle.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Radius not in (0, <see cref="MaxRadiusMetres"/>].</exception>
    public CircleShape(GeoPoint centre, double radiusMetres)
    {
        if (!(radiusMetres is > 0 and <= MaxRadiusMetres))
        {
            throw new ArgumentOutOfRangeException(nameof(radiusMetres), radiusMetres, $"Radius must be in (0, {MaxRadiusMetres}] metres.");
        }
        Centre = centre;
        RadiusMetres = radiusMetres;
    }

    /// <summary>Centre of the circle.</summary>
    public GeoPoint Centre { get; }

    /// <summary>Radius in metres.</summary>
    public double RadiusMetres { get; }
}
