using System.Globalization;

namespace Geofence.Fences.Tests.Support;

/// <summary>.prj texts as GIS tools write them, for building test shapefiles.</summary>
internal static class Vn2000Wkt
{
    // The published VN-2000 → WGS 84 shift (Decision 05/2007/QĐ-BTNMT), in TOWGS84 order.
    private const string ToWgs84 = "TOWGS84[-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278]";

    /// <summary>OGC WKT with TOWGS84 and EPSG authorities, as GDAL writes it.</summary>
    public static string Ogc(string name, double centralMeridian, double scaleFactor, int? epsg = null) => string.Create(CultureInfo.InvariantCulture,
        $"""PROJCS["{name}",GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],{ToWgs84},AUTHORITY["EPSG","6756"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4756"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",{centralMeridian}],PARAMETER["scale_factor",{scaleFactor}],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH]{(epsg is { } code ? $",AUTHORITY[\"EPSG\",\"{code}\"]" : "")}]""");

    /// <summary>ESRI WKT as ArcGIS writes it: no TOWGS84, no authorities.</summary>
    public static string Esri(string name, double centralMeridian, double scaleFactor) => string.Create(CultureInfo.InvariantCulture,
        $"""PROJCS["{name}",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",{centralMeridian}],PARAMETER["Scale_Factor",{scaleFactor}],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""");

    public static readonly string Utm48N = Ogc("VN-2000 / UTM zone 48N", 105, 0.9996, 3405);
    public static readonly string Utm49N = Ogc("VN-2000 / UTM zone 49N", 111, 0.9996, 3406);
    public static readonly string Tm3HaNoi = Ogc("VN-2000 / TM-3 105-00", 105, 0.9999);
    public static readonly string Tm3DaNang = Ogc("VN-2000 / TM-3 107-45", 107.75, 0.9999);
    public static readonly string EsriUtm48N = Esri("VN_2000_UTM_Zone_48N", 105, 0.9996);

    public const string EsriWgs84 = """GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";

    public const string Wgs84Utm48N = """PROJCS["WGS_1984_UTM_Zone_48N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";

    public const string Indian1960Utm48N = """PROJCS["Indian_1960_UTM_Zone_48N",GEOGCS["GCS_Indian_1960",DATUM["D_Indian_1960",SPHEROID["Everest_Adjustment_1937",6377276.345,300.8017]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";
}
