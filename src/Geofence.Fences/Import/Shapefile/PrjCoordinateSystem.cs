using System.Globalization;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;
using ProjNet.IO.CoordinateSystems;

namespace Geofence.Fences;

/// <summary>
/// The coordinate reference system named by a shapefile's <c>.prj</c> (ESRI or OGC WKT), limited to the ones
/// boundary data for Vietnam comes in: WGS 84 geographic, VN-2000 / UTM 48N or 49N, and VN-2000 TM-3 grids.
/// Recognition looks at the parameters, not the names, because .prj names vary by tool.
/// VN-2000 is always shifted with the official parameters (<see cref="Vn2000.ToWgs84"/>): .prj files in the
/// wild carry no TOWGS84, zeros, or rotations with the opposite sign convention.
/// </summary>
internal sealed class PrjCoordinateSystem
{
    private readonly MathTransform? _toWgs84;

    private PrjCoordinateSystem(string name, MathTransform? toWgs84)
    {
        Name = name;
        _toWgs84 = toWgs84;
    }

    /// <summary>Human-readable name, e.g. "VN-2000 / UTM zone 48N (EPSG:3405)".</summary>
    public string Name { get; }

    /// <summary>Recognises the CRS, or returns null and says why it is not supported.</summary>
    public static PrjCoordinateSystem? Recognize(string wkt, out string problem)
    {
        problem = "";
        CoordinateSystem coordinateSystem;
        try
        {
            coordinateSystem = CoordinateSystemWktReader.Parse(wkt) as CoordinateSystem
                ?? throw new ArgumentException("not a coordinate system");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem = $"unknown coordinate reference system: the .prj is not readable WKT ({e.Message})";
            return null;
        }

        var recognized = coordinateSystem switch
        {
            GeographicCoordinateSystem geographic when IsWgs84(geographic) => new PrjCoordinateSystem("WGS 84 (EPSG:4326)", null),
            ProjectedCoordinateSystem projected when IsVn2000(projected.GeographicCoordinateSystem) => RecognizeVn2000Grid(projected),
            _ => null,
        };
        if (recognized is null)
        {
            problem = $"unknown coordinate reference system '{coordinateSystem.Name}': supported are WGS 84 longitude/latitude, "
                + "VN-2000 / UTM zone 48N or 49N, and VN-2000 TM-3 grids";
        }
        return recognized;
    }

    /// <summary>A WGS84 lon/lat copy of <paramref name="geometry"/>.</summary>
    /// <exception cref="ArgumentException">A coordinate lies outside the CRS's area of use (a wrong .prj, typically).</exception>
    public Geometry ToWgs84(Geometry geometry)
    {
        var copy = geometry.Copy();
        if (_toWgs84 is not null)
        {
            copy.Apply(new TransformFilter(_toWgs84));
            copy.GeometryChanged();
            foreach (var c in copy.Coordinates)
            {
                if (!(c.X is >= Vn2000.MinLongitude and <= Vn2000.MaxLongitude && c.Y is >= Vn2000.MinLatitude and <= Vn2000.MaxLatitude))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"a coordinate maps to lon {c.X:0.####}, lat {c.Y:0.####}, outside Vietnam; do the coordinates match the .prj ({Name})?"));
                }
            }
        }
        copy.SRID = PolygonShape.Wgs84Srid;
        return copy;
    }

    private static PrjCoordinateSystem? RecognizeVn2000Grid(ProjectedCoordinateSystem projected)
    {
        var projection = projected.Projection;
        if (Normalize(projection.ClassName) != "transversemercator" || projected.LinearUnit.MetersPerUnit != 1)
        {
            return null;
        }
        var centralMeridian = Parameter(projection, "central_meridian");
        var scaleFactor = Parameter(projection, "scale_factor");
        var falseEasting = Parameter(projection, "false_easting");
        var falseNorthing = Parameter(projection, "false_northing") ?? 0;
        var latitudeOfOrigin = Parameter(projection, "latitude_of_origin") ?? 0;
        if (centralMeridian is not { } meridian || scaleFactor is not { } scale
            || falseEasting != Vn2000.FalseEasting || falseNorthing != 0 || latitudeOfOrigin != 0)
        {
            return null;
        }

        string? name = (scale, meridian) switch
        {
            (Vn2000.UtmScaleFactor, 105) => "VN-2000 / UTM zone 48N (EPSG:3405)",
            (Vn2000.UtmScaleFactor, 111) => "VN-2000 / UTM zone 49N (EPSG:3406)",
            // TM-3 grids: 3° wide, central meridians on whole quarter-degrees (15′) across Vietnam's longitudes.
            (Vn2000.Tm3ScaleFactor, >= 102 and <= 112) when meridian * 4 == Math.Round(meridian * 4) =>
                $"VN-2000 / TM-3 central meridian {Vn2000.FormatMeridian(meridian)}",
            _ => null,
        };
        if (name is null)
        {
            return null;
        }
        var source = Vn2000.TransverseMercator(name, meridian, scale);
        var transform = new CoordinateTransformationFactory()
            .CreateFromCoordinateSystems(source, GeographicCoordinateSystem.WGS84)
            .MathTransform;
        return new PrjCoordinateSystem(name, transform);
    }

    private static bool IsWgs84(GeographicCoordinateSystem geographic)
    {
        var datum = geographic.HorizontalDatum;
        var named = Normalize(datum.Name) is "wgs84" or "wgs1984" or "dwgs1984" or "worldgeodeticsystem1984"
            || IsEpsg(datum, 6326) || IsEpsg(geographic, 4326);
        var noShift = datum.Wgs84Parameters is null || datum.Wgs84Parameters.HasZeroValuesOnly;
        return named && noShift && HasWgs84Ellipsoid(datum) && IsGreenwichDegrees(geographic);
    }

    private static bool IsVn2000(GeographicCoordinateSystem geographic)
    {
        var datum = geographic.HorizontalDatum;
        var named = Normalize(datum.Name).Contains("vn2000", StringComparison.Ordinal)
            || Normalize(datum.Name).Contains("vietnam2000", StringComparison.Ordinal)
            || Normalize(geographic.Name).Contains("vn2000", StringComparison.Ordinal)
            || IsEpsg(datum, 6756) || IsEpsg(geographic, 4756);
        return named && HasWgs84Ellipsoid(datum) && IsGreenwichDegrees(geographic);
    }

    private static bool HasWgs84Ellipsoid(HorizontalDatum datum) =>
        Math.Abs(datum.Ellipsoid.SemiMajorAxis - 6_378_137) < 1e-3
        && Math.Abs(datum.Ellipsoid.InverseFlattening - 298.257223563) < 1e-6;

    private static bool IsGreenwichDegrees(GeographicCoordinateSystem geographic) =>
        geographic.PrimeMeridian.Longitude == 0
        && Math.Abs(geographic.AngularUnit.RadiansPerUnit - (Math.PI / 180)) < 1e-12;

    private static bool IsEpsg(Info info, long code) =>
        string.Equals(info.Authority, "EPSG", StringComparison.OrdinalIgnoreCase) && info.AuthorityCode == code;

    private static double? Parameter(IProjection projection, string name) => projection.GetParameter(name)?.Value;

    private static string Normalize(string? name) =>
        new((name ?? "").Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private sealed class TransformFilter(MathTransform transform) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var x = seq.GetX(i);
            var y = seq.GetY(i);
            transform.Transform(ref x, ref y);
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
