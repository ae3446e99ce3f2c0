using NetTopologySuite.Geometries;

namespace Geofence.Fences;

/// <summary>
/// Distances on a spherical Earth (mean radius). Within 0.5 % of the ellipsoidal distance, which is
/// far below the accuracy of a phone fix or a boundary vertex, and much cheaper.
/// </summary>
public static class GreatCircle
{
    /// <summary>IUGG mean Earth radius in metres.</summary>
    public const double EarthRadiusMetres = 6_371_008.8;

    private const double DegreesToRadians = Math.PI / 180;

    // About a centimetre: keeps a point exactly on a circle's rim inside its index envelope despite rounding.
    private const double EnvelopeMarginDegrees = 1e-7;

    /// <summary>Haversine distance in metres between two positions.</summary>
    public static double DistanceMetres(GeoPoint from, GeoPoint to) =>
        DistanceMetres(from.Latitude, from.Longitude, to.Latitude, to.Longitude);

    /// <summary>Haversine distance in metres between two lat/lon positions in degrees.</summary>
    public static double DistanceMetres(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        var phi1 = latitude1 * DegreesToRadians;
        var phi2 = latitude2 * DegreesToRadians;
        var sinHalfDeltaPhi = Math.Sin((latitude2 - latitude1) * DegreesToRadians / 2);
        var sinHalfDeltaLambda = Math.Sin((longitude2 - longitude1) * DegreesToRadians / 2);
        var h = (sinHalfDeltaPhi * sinHalfDeltaPhi) + (Math.Cos(phi1) * Math.Cos(phi2) * sinHalfDeltaLambda * sinHalfDeltaLambda);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Sqrt(Math.Min(1, h)));
    }

    /// <summary>The position reached by going <paramref name="distanceMetres"/> from <paramref name="from"/> on an initial bearing (degrees clockwise from north).</summary>
    public static GeoPoint Destination(GeoPoint from, double bearingDegrees, double distanceMetres)
    {
        var delta = distanceMetres / EarthRadiusMetres;
        var theta = bearingDegrees * DegreesToRadians;
        var phi1 = from.Latitude * DegreesToRadians;
        var lambda1 = from.Longitude * DegreesToRadians;
        var sinPhi2 = (Math.Sin(phi1) * Math.Cos(delta)) + (Math.Cos(phi1) * Math.Sin(delta) * Math.Cos(theta));
        var phi2 = Math.Asin(Math.Clamp(sinPhi2, -1, 1));
        var lambda2 = lambda1 + Math.Atan2(
            Math.Sin(theta) * Math.Sin(delta) * Math.Cos(phi1),
            Math.Cos(delta) - (Math.Sin(phi1) * sinPhi2));
        var longitude = ((lambda2 / DegreesToRadians) + 540) % 360 - 180;
        return new GeoPoint(phi2 / DegreesToRadians, longitude);
    }

    /// <summary>
    /// A lon/lat envelope (degrees) that contains every point within <paramref name="radiusMetres"/> of the centre.
    /// A degree of longitude shrinks with cos(latitude), so the envelope is wider in degrees of longitude than of latitude.
    /// It is clamped at ±180° longitude rather than wrapped: no fence of this system is near the antimeridian.
    /// </summary>
    public static Envelope EnvelopeAround(double latitude, double longitude, double radiusMetres)
    {
        var delta = radiusMetres / EarthRadiusMetres;
        var deltaDegrees = delta / DegreesToRadians;
        var minLatitude = latitude - deltaDegrees - EnvelopeMarginDegrees;
        var maxLatitude = latitude + deltaDegrees + EnvelopeMarginDegrees;
        double minLongitude, maxLongitude;
        if (minLatitude <= -90 || maxLatitude >= 90)
        {
            // The disc contains a pole: every longitude is reachable.
            minLongitude = -180;
            maxLongitude = 180;
        }
        else
        {
            // Widest longitude reach of a spherical cap of angular radius delta centred at this latitude.
            var ratio = Math.Sin(delta) / Math.Cos(latitude * DegreesToRadians);
            var deltaLongitude = ratio >= 1 ? 180 : (Math.Asin(ratio) / DegreesToRadians) + EnvelopeMarginDegrees;
            minLongitude = Math.Max(-180, longitude - deltaLongitude);
            maxLongitude = Math.Min(180, longitude + deltaLongitude);
        }
        return new Envelope(minLongitude, maxLongitude, Math.Max(-90, minLatitude), Math.Min(90, maxLatitude));
    }
}
