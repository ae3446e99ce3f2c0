using ProjNet.CoordinateSystems;

namespace Geofence.Fences;

/// <summary>
/// Vietnam's national datum VN-2000 (WGS 84 ellipsoid, local origin) and its Transverse Mercator grids:
/// UTM zones 48N/49N (EPSG:3405/3406, scale 0.9996) and the TM-3 provincial grids (scale 0.9999).
/// </summary>
internal static class Vn2000
{
    /// <summary>
    /// VN-2000 → WGS 84 seven-parameter (position vector) shift published with Decision 05/2007/QĐ-BTNMT:
    /// dX, dY, dZ in metres, rotations in arc-seconds, scale in ppm. Without it positions are off by about 200 m.
    /// </summary>
    public static readonly Wgs84ConversionInfo ToWgs84 =
        new(-191.90441429, -39.30318279, -111.45032835, -0.00928836, 0.01975479, -0.00427372, 0.252906278);

    public const double UtmScaleFactor = 0.9996;
    public const double Tm3ScaleFactor = 0.9999;
    public const double FalseEasting = 500_000;

    /// <summary>Generous lon/lat bounds of VN-2000's area of use (mainland and the offshore islands).</summary>
    public const double MinLongitude = 100, MaxLongitude = 118, MinLatitude = 5, MaxLatitude = 25;

    private static readonly CoordinateSystemFactory Factory = new();

    /// <summary>A VN-2000 Transverse Mercator grid with the official datum shift.</summary>
    public static ProjectedCoordinateSystem TransverseMercator(string name, double centralMeridian, double scaleFactor)
    {
        var datum = Factory.CreateHorizontalDatum("Vietnam 2000", DatumType.HD_Geocentric, Ellipsoid.WGS84, ToWgs84);
        var geographic = Factory.CreateGeographicCoordinateSystem(
            "VN-2000", AngularUnit.Degrees, datum, PrimeMeridian.Greenwich,
            new AxisInfo("Lon", AxisOrientationEnum.East), new AxisInfo("Lat", AxisOrientationEnum.North));
        var projection = Factory.CreateProjection(name, "Transverse_Mercator",
        [
            new ProjectionParameter("latitude_of_origin", 0),
            new ProjectionParameter("central_meridian", centralMeridian),
            new ProjectionParameter("scale_factor", scaleFactor),
            new ProjectionParameter("false_easting", FalseEasting),
            new ProjectionParameter("false_northing", 0),
        ]);
        return Factory.CreateProjectedCoordinateSystem(
            name, geographic, projection, LinearUnit.Metre,
            new AxisInfo("East", AxisOrientationEnum.East), new AxisInfo("North", AxisOrientationEnum.North));
    }

    /// <summary>"105°45′" for 105.75.</summary>
    public static string FormatMeridian(double degrees)
    {
        var whole = (int)Math.Floor(degrees);
        var minutes = (int)Math.Round((degrees - whole) * 60);
        return $"{whole}°{minutes:00}′";
    }
}
