namespace Geofence.Fences;

/// <summary>A WGS84 position in decimal degrees.</summary>
public readonly record struct GeoPoint
{
    /// <summary>Creates a position.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Latitude outside [-90, 90] or longitude outside [-180, 180], or NaN.</exception>
    public GeoPoint(double latitude, double longitude)
    {
        if (!(latitude is >= -90 and <= 90))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Latitude must be within [-90, 90] degrees.");
        }
        if (!(longitude is >= -180 and <= 180))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Longitude must be within [-180, 180] degrees.");
        }
        Latitude = latitude;
        Longitude = longitude;
    }

    /// <summary>Degrees north of the equator.</summary>
    public double Latitude { get; }

    /// <summary>Degrees east of Greenwich.</summary>
    public double Longitude { get; }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Latitude:0.######},{Longitude:0.######}");
}
