using System.Text;
using NetTopologySuite.Geometries;

namespace Geofence.Fences.Tests.Import;

public class GeoJsonImportTests
{
    private static readonly FenceImportOptions Provinces = new()
    {
        Kind = FenceKind.Province,
        CodeProperty = "code",
        NameProperty = "name_vi",
        ValidFrom = ProvinceReorganisation2025.EffectiveAt,
    };

    private const string HaNoi = """{"type":"Feature","properties":{"code":"01","name_vi":"Hà Nội"},"geometry":{"type":"Polygon","coordinates":[[[105,20.5],[106,20.5],[106,21.5],[105,21.5],[105,20.5]]]}}""";
    private const string HaiPhong = """{"type":"Feature","properties":{"code":"31","name_vi":"Hải Phòng"},"geometry":{"type":"MultiPolygon","coordinates":[[[[106.5,20.6],[107,20.6],[107,21],[106.5,21],[106.5,20.6]]],[[[107.0,20.7],[107.1,20.7],[107.1,20.8],[107.0,20.7]]]]}}""";
    private const string QuangNinhWithLake = """{"type":"Feature","properties":{"code":"22","name_vi":"Quảng Ninh"},"geometry":{"type":"Polygon","coordinates":[[[107,21],[108,21],[108,21.6],[107,21.6],[107,21]],[[107.2,21.2],[107.2,21.3],[107.3,21.3],[107.2,21.2]]]}}""";

    private static Task<FenceImportResult> Import(string geoJson, FenceImportOptions? options = null) =>
        FenceImport.FromGeoJsonAsync(new MemoryStream(Encoding.UTF8.GetBytes(geoJson)), options ?? Provinces, TestContext.Current.CancellationToken);

    private static string Collection(params string[] features) => $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    private static string WithGeometry(string code, string geometry) =>
        $$"""{"type":"Feature","properties":{"code":"{{code}}","name_vi":"Tỉnh {{code}}"},"geometry":{{geometry}}}""";

    [Fact]
    public async Task A_good_feature_collection_imports_one_fence_per_feature_with_codes_and_names()
    {
        var result = await Import(Collection(HaNoi, HaiPhong, QuangNinhWithLake));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(["01", "31", "22"], result.Fences.Select(f => f.Code));
        Assert.Equal(["Hà Nội", "Hải Phòng", "Quảng Ninh"], result.Fences.Select(f => f.Name));
        Assert.All(result.Fences, f => Assert.Equal(FenceKind.Province, f.Kind));
        Assert.All(result.Fences, f => Assert.Equal(new ValidityPeriod(ProvinceReorganisation2025.EffectiveAt, null), f.Validity));
        Assert.IsType<MultiPolygon>(((PolygonShape)result.Fences[1].Shape).Area);
        Assert.Equal(1, ((Polygon)((PolygonShape)result.Fences[2].Shape).Area).NumInteriorRings);
        Assert.Equal(result.Fences.Count, result.Fences.Select(f => f.Id).Distinct().Count());
    }

    [Fact]
    public async Task Imported_fences_answer_lookups()
    {
        var result = await Import(Collection(HaNoi, QuangNinhWithLake));
        var snapshot = new FenceSnapshot(result.Fences);

        var matches = snapshot.Lookup(21.0285, 105.8542, ProvinceReorganisation2025.EffectiveAt.AddDays(1));

        Assert.Equal("01", Assert.Single(matches).Fence.Code);
    }

    [Fact]
    public async Task Decomposed_Vietnamese_names_are_stored_precomposed()
    {
        var decomposed = "Hà Nội".Normalize(NormalizationForm.FormD);
        var result = await Import(Collection(HaNoi.Replace("Hà Nội", decomposed, StringComparison.Ordinal)));

        Assert.Equal("Hà Nội", Assert.Single(result.Fences).Name);
    }

    [Fact]
    public async Task A_self_intersecting_ring_is_rejected_and_nothing_is_imported()
    {
        var bowTie = WithGeometry("02", """{"type":"Polygon","coordinates":[[[105,20],[106,21],[106,20],[105,21],[105,20]]]}""");

        var result = await Import(Collection(HaNoi, bowTie));

        AssertRejected(result, featureIndex: 1, code: "02", reasonContains: "self-intersection");
    }

    [Fact]
    public async Task An_unclosed_ring_is_rejected_and_nothing_is_imported()
    {
        var open = WithGeometry("02", """{"type":"Polygon","coordinates":[[[105,20],[106,20],[106,21],[105,21]]]}""");

        var result = await Import(Collection(HaNoi, open));

        AssertRejected(result, featureIndex: 1, code: "02", reasonContains: "ring 0 is not closed");
    }

    [Fact]
    public async Task A_ring_with_too_few_positions_is_rejected()
    {
        var sliver = WithGeometry("02", """{"type":"Polygon","coordinates":[[[105,20],[106,20],[105,20]]]}""");

        AssertRejected(await Import(Collection(sliver)), featureIndex: 0, code: "02", reasonContains: "at least 4");
    }

    [Theory]
    [InlineData("[[[105,20],[186,20],[186,21],[105,21],[105,20]]]")]
    [InlineData("[[[21,105],[21,106],[22,106],[22,105],[21,105]]]")]
    public async Task Coordinates_out_of_range_are_rejected(string coordinates)
    {
        var outOfRange = WithGeometry("02", $$"""{"type":"Polygon","coordinates":{{coordinates}}}""");

        AssertRejected(await Import(Collection(HaNoi, outOfRange)), featureIndex: 1, code: "02", reasonContains: "out of range");
    }

    [Fact]
    public async Task A_feature_without_the_code_property_is_rejected()
    {
        var nameless = HaNoi.Replace("\"code\":\"01\",", "", StringComparison.Ordinal);

        AssertRejected(await Import(Collection(HaiPhong, nameless)), featureIndex: 1, code: null, reasonContains: "missing code property 'code'");
    }

    [Fact]
    public async Task A_feature_without_the_name_property_is_rejected()
    {
        var result = await Import(Collection(HaNoi), Provinces with { NameProperty = "ten_tinh" });

        AssertRejected(result, featureIndex: 0, code: "01", reasonContains: "missing name property 'ten_tinh'");
    }

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[105.8,21.0]}""", "Point")]
    [InlineData("""{"type":"LineString","coordinates":[[105,21],[106,21]]}""", "LineString")]
    public async Task A_province_that_is_not_a_polygon_is_rejected(string geometry, string type)
    {
        var result = await Import(Collection(HaNoi, WithGeometry("02", geometry)));

        AssertRejected(result, featureIndex: 1, code: "02", reasonContains: $"geometry is a {type}; a province needs a Polygon or MultiPolygon");
    }

    [Fact]
    public async Task A_feature_without_geometry_is_rejected()
    {
        AssertRejected(await Import(Collection(WithGeometry("02", "null"))), featureIndex: 0, code: "02", reasonContains: "no geometry");
    }

    [Fact]
    public async Task A_code_used_twice_is_rejected()
    {
        AssertRejected(await Import(Collection(HaNoi, HaNoi)), featureIndex: 1, code: "01", reasonContains: "already used by feature 0");
    }

    [Theory]
    [InlineData("""{"type":"Feature","properties":{},"geometry":null}""", "not a GeoJSON FeatureCollection (type is 'Feature')")]
    [InlineData("""[1,2,3]""", "not a GeoJSON FeatureCollection")]
    [InlineData("""{"type":"FeatureCollection"}""", "no 'features' array")]
    [InlineData("""{"type":"FeatureCollection","features":[""", "not valid JSON")]
    [InlineData("""{"type":"FeatureCollection","features":[]}""", "holds no features")]
    public async Task A_file_that_is_not_a_feature_collection_is_rejected(string content, string reason)
    {
        var result = await Import(content);

        var error = Assert.Single(result.Errors);
        Assert.Null(error.FeatureIndex);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Empty(result.Fences);
    }

    [Fact]
    public async Task A_legacy_crs_member_other_than_WGS84_is_rejected_as_unknown()
    {
        var projected = Collection(HaNoi).Replace("""{"type":"FeatureCollection",""", """{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3405"}},""", StringComparison.Ordinal);
        var wgs84 = Collection(HaNoi).Replace("""{"type":"FeatureCollection",""", """{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},""", StringComparison.Ordinal);

        Assert.Contains("unknown coordinate reference system 'urn:ogc:def:crs:EPSG::3405'", Assert.Single((await Import(projected)).Errors).Reason, StringComparison.Ordinal);
        Assert.True((await Import(wgs84)).Succeeded);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_rejected_without_reading_it_all()
    {
        var content = Collection(HaNoi, HaiPhong);

        var result = await Import(content, Provinces with { MaxBytes = 100 });

        Assert.Contains("larger than the limit of 100 bytes", Assert.Single(result.Errors).Reason, StringComparison.Ordinal);
        Assert.Empty(result.Fences);
    }

    [Fact]
    public async Task Every_bad_feature_is_reported_not_only_the_first()
    {
        var open = WithGeometry("02", """{"type":"Polygon","coordinates":[[[105,20],[106,20],[106,21],[105,21]]]}""");
        var point = WithGeometry("03", """{"type":"Point","coordinates":[105.8,21.0]}""");

        var result = await Import(Collection(HaNoi, open, HaiPhong, point));

        Assert.Equal([1, 3], result.Errors.Select(e => e.FeatureIndex!.Value));
        Assert.Equal(
            [
                "feature 1 (code 02): ring 0 is not closed (its first and last positions differ)",
                "feature 3 (code 03): geometry is a Point; a province needs a Polygon or MultiPolygon",
            ],
            result.Errors.Select(e => e.ToString()));
        Assert.Empty(result.Fences);
    }

    [Fact]
    public async Task Sites_may_be_points_with_a_radius_property()
    {
        var options = new FenceImportOptions { Kind = FenceKind.Site, CodeProperty = "code", NameProperty = "name", RadiusProperty = "radius_m" };
        var pagoda = """{"type":"Feature","properties":{"code":"ONE-PILLAR","name":"Chùa Một Cột","radius_m":150},"geometry":{"type":"Point","coordinates":[105.8336,21.0359]}}""";

        var fence = Assert.Single((await Import(Collection(pagoda), options)).Fences);

        var circle = Assert.IsType<CircleShape>(fence.Shape);
        Assert.Equal(new GeoPoint(21.0359, 105.8336), circle.Centre);
        Assert.Equal(150, circle.RadiusMetres);
    }

    [Fact]
    public async Task A_point_without_a_usable_radius_is_rejected()
    {
        var options = new FenceImportOptions { Kind = FenceKind.Site, CodeProperty = "code", NameProperty = "name", RadiusProperty = "radius_m" };
        var noRadius = """{"type":"Feature","properties":{"code":"S1","name":"Site"},"geometry":{"type":"Point","coordinates":[105.8,21.0]}}""";
        var negative = """{"type":"Feature","properties":{"code":"S2","name":"Site","radius_m":-5},"geometry":{"type":"Point","coordinates":[105.8,21.0]}}""";

        var result = await Import(Collection(noRadius, negative), options);

        Assert.Equal(["missing radius property 'radius_m'", "radius '-5' is not a number of metres in (0, 100000]"], result.Errors.Select(e => e.Reason));
    }

    [Fact]
    public async Task Points_of_entry_get_the_configured_type()
    {
        var options = new FenceImportOptions { Kind = FenceKind.PointOfEntry, PointOfEntryType = PointOfEntryType.BorderGate, CodeProperty = "code", NameProperty = "name_vi" };
        var gate = WithGeometry("HUU-NGHI", """{"type":"Polygon","coordinates":[[[106.72,21.96],[106.73,21.96],[106.73,21.97],[106.72,21.97],[106.72,21.96]]]}""")
            .Replace("\"name_vi\":\"Tỉnh HUU-NGHI\"", "\"name_vi\":\"Cửa khẩu Hữu Nghị\"", StringComparison.Ordinal);

        var fence = Assert.Single((await Import(Collection(gate), options)).Fences);

        Assert.Equal(PointOfEntryType.BorderGate, fence.PointOfEntryType);
        Assert.Equal("Cửa khẩu Hữu Nghị", fence.Name);
    }

    [Fact]
    public async Task Importing_points_of_entry_without_a_type_is_a_programming_error()
    {
        var options = new FenceImportOptions { Kind = FenceKind.PointOfEntry, CodeProperty = "code", NameProperty = "name" };

        await Assert.ThrowsAsync<ArgumentException>(() => Import(Collection(HaNoi), options));
    }

    private static void AssertRejected(FenceImportResult result, int featureIndex, string? code, string reasonContains)
    {
        Assert.False(result.Succeeded);
        Assert.Empty(result.Fences);
        var error = Assert.Single(result.Errors);
        Assert.Equal(featureIndex, error.FeatureIndex);
        Assert.Equal(code, error.FeatureCode);
        Assert.Contains(reasonContains, error.Reason, StringComparison.OrdinalIgnoreCase);
    }
}
