using System.IO.Compression;
using System.Text;
using Geofence.Fences.Tests.Support;
using NetTopologySuite.Geometries;
using static Geofence.Fences.Tests.Support.TestFences;

namespace Geofence.Fences.Tests.Import;

public class ShapefileImportTests
{
    // DBF field names are upper-case; the options are matched ignoring case.
    private static readonly FenceImportOptions Provinces = new() { Kind = FenceKind.Province, CodeProperty = "ma_tinh", NameProperty = "ten_tinh" };

    // Around Hoàn Kiếm lake (UTM 48N, TM-3 105°) and Đà Nẵng (UTM 49N, TM-3 107°45′).
    private const string HaNoiBlock = "POLYGON ((105.84 21.02, 105.86 21.02, 105.86 21.04, 105.85 21.045, 105.84 21.04, 105.84 21.02))";
    private const string DaNangBlock = "POLYGON ((108.20 16.04, 108.23 16.04, 108.23 16.07, 108.20 16.07, 108.20 16.04))";

    public static TheoryData<string, string> Vn2000Grids() => new()
    {
        { HaNoiBlock, Vn2000Wkt.Utm48N },
        { DaNangBlock, Vn2000Wkt.Utm49N },
        { HaNoiBlock, Vn2000Wkt.Tm3HaNoi },
        { DaNangBlock, Vn2000Wkt.Tm3DaNang },
    };

    private static Task<FenceImportResult> Import(byte[] zip, FenceImportOptions? options = null) =>
        FenceImport.FromShapefileZipAsync(new MemoryStream(zip), options ?? Provinces, TestContext.Current.CancellationToken);

    [Theory]
    [MemberData(nameof(Vn2000Grids))]
    public async Task A_VN2000_shapefile_imports_to_WGS84_within_a_metre_of_the_original(string wgs84Wkt, string prj)
    {
        var original = Wkt(wgs84Wkt);
        var zip = ShapefileZip.Write([ShapefileZip.Feature(ShapefileZip.Project(original, prj), "01", "Hà Nội")], prj);

        var result = await Import(zip);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var fence = Assert.Single(result.Fences);
        Assert.Equal(("01", "Hà Nội"), (fence.Code, fence.Name));
        AssertSameRingWithinMetres(original, ((PolygonShape)fence.Shape).Area, 1.0);
    }

    [Fact]
    public async Task An_ESRI_prj_without_a_datum_shift_still_gets_the_official_VN2000_shift()
    {
        var original = Wkt(HaNoiBlock);
        // Coordinates really are VN-2000 (projected with the shift); ArcGIS writes the .prj without TOWGS84.
        var zip = ShapefileZip.Write([ShapefileZip.Feature(ShapefileZip.Project(original, Vn2000Wkt.Utm48N), "01", "Hà Nội")], Vn2000Wkt.EsriUtm48N);

        var fence = Assert.Single((await Import(zip)).Fences);

        AssertSameRingWithinMetres(original, ((PolygonShape)fence.Shape).Area, 1.0);
    }

    [Fact]
    public async Task A_WGS84_shapefile_passes_through_unchanged()
    {
        var original = Wkt(HaNoiBlock);
        var zip = ShapefileZip.Write([ShapefileZip.Feature(original, "01", "Hà Nội")], Vn2000Wkt.EsriWgs84);

        var fence = Assert.Single((await Import(zip)).Fences);

        AssertSameRingWithinMetres(original, ((PolygonShape)fence.Shape).Area, 0.001);
    }

    [Fact]
    public async Task Every_record_becomes_a_fence_with_its_DBF_code_and_name()
    {
        var zip = ShapefileZip.Write(
        [
            ShapefileZip.Feature(ShapefileZip.Project(Wkt(HaNoiBlock), Vn2000Wkt.Utm48N), "01", "Hà Nội"),
            ShapefileZip.Feature(ShapefileZip.Project(Wkt("POLYGON ((106.6 20.8, 106.8 20.8, 106.8 20.9, 106.6 20.8))"), Vn2000Wkt.Utm48N), "31", "Hải Phòng"),
        ], Vn2000Wkt.Utm48N);

        var result = await Import(zip);

        Assert.Equal([("01", "Hà Nội"), ("31", "Hải Phòng")], result.Fences.Select(f => (f.Code, f.Name)));
        Assert.Equal(["01"], new FenceSnapshot(result.Fences).CodesAt(21.03, 105.85));
    }

    [Theory]
    [InlineData(Vn2000Wkt.Wgs84Utm48N, "WGS_1984_UTM_Zone_48N")]
    [InlineData(Vn2000Wkt.Indian1960Utm48N, "Indian_1960_UTM_Zone_48N")]
    [InlineData("""GEOGCS["GCS_Indian_1960",DATUM["D_Indian_1960",SPHEROID["Everest_Adjustment_1937",6377276.345,300.8017]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""", "GCS_Indian_1960")]
    public async Task A_prj_with_an_unknown_CRS_is_rejected(string prj, string crsName)
    {
        var zip = ShapefileZip.Write([ShapefileZip.Feature(ShapefileZip.Project(Wkt(HaNoiBlock), Vn2000Wkt.Utm48N), "01", "Hà Nội")], prj);

        var result = await Import(zip);

        AssertFileRejected(result, $"unknown coordinate reference system '{crsName}'");
    }

    [Fact]
    public async Task A_prj_that_is_not_WKT_is_rejected_as_an_unknown_CRS()
    {
        var zip = ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], "VN-2000 mui 3 do");

        AssertFileRejected(await Import(zip), "unknown coordinate reference system");
    }

    [Fact]
    public async Task A_shapefile_without_a_prj_is_rejected_as_an_unknown_CRS()
    {
        var zip = ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], prj: null);

        AssertFileRejected(await Import(zip), "unknown coordinate reference system: no .prj beside boundary.shp");
    }

    [Fact]
    public async Task Degrees_under_a_projected_prj_are_rejected_as_outside_Vietnam()
    {
        var zip = ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], Vn2000Wkt.Utm48N);

        var error = Assert.Single((await Import(zip)).Errors);

        Assert.Equal((0, "01"), (error.FeatureIndex, error.FeatureCode));
        Assert.Contains("outside Vietnam", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_self_intersecting_record_is_reported_with_its_index_and_code_and_nothing_is_imported()
    {
        var bowTie = ShapefileZip.Project(Wkt("POLYGON ((106.6 20.8, 106.8 20.9, 106.8 20.8, 106.6 20.9, 106.6 20.8))"), Vn2000Wkt.Utm48N);
        var zip = ShapefileZip.Write(
        [
            ShapefileZip.Feature(ShapefileZip.Project(Wkt(HaNoiBlock), Vn2000Wkt.Utm48N), "01", "Hà Nội"),
            ShapefileZip.Feature(bowTie, "31", "Hải Phòng"),
        ], Vn2000Wkt.Utm48N);

        var result = await Import(zip);

        Assert.Empty(result.Fences);
        var error = Assert.Single(result.Errors);
        Assert.Equal((1, "31"), (error.FeatureIndex, error.FeatureCode));
        Assert.Contains("self-intersection", error.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_record_without_the_code_field_is_rejected()
    {
        var zip = ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], Vn2000Wkt.EsriWgs84);

        var error = Assert.Single((await Import(zip, Provinces with { CodeProperty = "MA_HUYEN" })).Errors);

        Assert.Equal("feature 0: missing code property 'MA_HUYEN'", error.ToString());
    }

    [Fact]
    public async Task An_archive_with_two_shapefiles_is_rejected()
    {
        var second = ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], Vn2000Wkt.EsriWgs84);
        var zip = ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], Vn2000Wkt.EsriWgs84, addMore: archive =>
        {
            using var inner = new ZipArchive(new MemoryStream(second));
            foreach (var entry in inner.Entries)
            {
                using var content = new MemoryStream();
                entry.Open().CopyTo(content);
                ShapefileZip.Add(archive, "other/" + entry.FullName, content.ToArray());
            }
        });

        AssertFileRejected(await Import(zip), "holds 2 shapefiles");
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_is_rejected()
    {
        AssertFileRejected(await Import(Encoding.UTF8.GetBytes("""{"type":"FeatureCollection","features":[]}""")), "not a zip archive");
    }

    [Fact]
    public async Task An_archive_over_the_size_limit_is_rejected()
    {
        var zip = ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], Vn2000Wkt.EsriWgs84);

        AssertFileRejected(await Import(zip, Provinces with { MaxBytes = zip.Length - 1 }), "larger than the limit");
    }

    [Fact]
    public async Task An_archive_that_unzips_beyond_the_size_limit_is_rejected()
    {
        // Highly compressible padding: small zip, large content.
        var zip = ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], Vn2000Wkt.EsriWgs84 + new string(' ', 200_000));

        Assert.True(zip.Length < 100_000);
        AssertFileRejected(await Import(zip, Provinces with { MaxBytes = 100_000 }), "unzipped shapefile is larger than the limit");
    }

    private static void AssertFileRejected(FenceImportResult result, string reason)
    {
        Assert.Empty(result.Fences);
        var error = Assert.Single(result.Errors);
        Assert.Null(error.FeatureIndex);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    private static void AssertSameRingWithinMetres(Geometry expected, Geometry actual, double metres)
    {
        var expectedPoints = ((Polygon)expected).ExteriorRing.Coordinates;
        var actualPoints = ((Polygon)actual).ExteriorRing.Coordinates;
        Assert.Equal(expectedPoints.Length, actualPoints.Length);
        // The shapefile writer may reverse rings to its clockwise convention; compare as sets of vertices.
        foreach (var e in expectedPoints)
        {
            var nearest = actualPoints.Min(a => GreatCircle.DistanceMetres(e.Y, e.X, a.Y, a.X));
            Assert.True(nearest <= metres, $"vertex {e} is {nearest:F3} m from the nearest imported vertex");
        }
    }
}
