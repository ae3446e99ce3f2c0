using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Geofence.Fences.Tests.Support;

/// <summary>Builds fences for tests from WKT (x = longitude, y = latitude).</summary>
internal static class TestFences
{
    private static readonly WKTReader Reader = new();

    public static Geometry Wkt(string wkt) => Reader.Read(wkt);

    public static Fence Province(string code, string wkt, ValidityPeriod validity = default) =>
        Fence.Province(Guid.NewGuid(), code, $"Province {code}", Wkt(wkt), validity);

    public static Fence AirportCircle(string code, double latitude, double longitude, double radiusMetres, ValidityPeriod validity = default) =>
        Fence.PointOfEntry(Guid.NewGuid(), PointOfEntryType.Airport, code, $"Airport {code}", new CircleShape(new GeoPoint(latitude, longitude), radiusMetres), validity);

    public static Fence SitePolygon(string code, string wkt, ValidityPeriod validity = default) =>
        Fence.Site(Guid.NewGuid(), code, $"Site {code}", new PolygonShape(Wkt(wkt)), validity);

    public static Fence SiteCircle(string code, double latitude, double longitude, double radiusMetres) =>
        Fence.Site(Guid.NewGuid(), code, $"Site {code}", new CircleShape(new GeoPoint(latitude, longitude), radiusMetres));

    /// <summary>Codes of the fences covering the point, in lookup order.</summary>
    public static string[] CodesAt(this FenceSnapshot snapshot, double latitude, double longitude, DateTimeOffset? at = null) =>
        snapshot.Lookup(latitude, longitude, at ?? SomeInstant).Select(m => m.Fence.Code).ToArray();

    public static readonly DateTimeOffset SomeInstant = new(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(7));
}
