using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Geofence.Fences.Tests.Support;
using static Geofence.Fences.Tests.Support.TestFences;

namespace Geofence.Fences.Tests.Import;

/// <summary>Files crafted to exhaust the importer are refused quickly, with the limit or the lie named, before anything big is built.</summary>
public class HostileImportTests
{
    private static readonly FenceImportOptions Provinces = new() { Kind = FenceKind.Province, CodeProperty = "ma_tinh", NameProperty = "ten_tinh" };
    private static readonly FenceImportOptions GeoJsonProvinces = Provinces with { CodeProperty = "code", NameProperty = "name" };
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(15);

    private const string HaNoiBlock = "POLYGON ((105.84 21.02, 105.86 21.02, 105.86 21.04, 105.85 21.045, 105.84 21.04, 105.84 21.02))";

    // Offsets in a .shp with one polygon record: 100-byte file header, 8-byte record header, shape type, 32-byte box.
    private const int NumPartsOffset = 100 + 8 + 4 + 32;
    private const int NumPointsOffset = NumPartsOffset + 4;

    public static TheoryData<int, int> ImpossibleCounts() => new()
    {
        { int.MaxValue, 5 },
        { 1, int.MaxValue },
        { int.MaxValue, int.MaxValue },
        { -1, 6 },
        { 1, 1_000_000 },
    };

    [Theory]
    [MemberData(nameof(ImpossibleCounts))]
    public async Task A_shp_record_claiming_more_parts_or_points_than_its_bytes_is_refused_before_they_are_allocated(int parts, int points)
    {
        var zip = Rewrite(OneProvinceZip(), ".shp", shp =>
        {
            BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(NumPartsOffset), parts);
            BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(NumPointsOffset), points);
        });
        Assert.True(zip.Length < 2048, $"{zip.Length} bytes");

        var (result, elapsed) = await TimedShapefileImport(zip, Provinces);

        AssertFileRejected(result, "record 0 of the .shp is broken");
        Assert.Contains($"claims {parts} parts and {points} points", result.Errors[0].Reason, StringComparison.Ordinal);
        Assert.True(elapsed < Quickly, $"took {elapsed}");
    }

    [Fact]
    public async Task A_shp_record_header_claiming_more_bytes_than_the_file_holds_is_refused()
    {
        var zip = Rewrite(OneProvinceZip(), ".shp", shp => BinaryPrimitives.WriteInt32BigEndian(shp.AsSpan(104), int.MaxValue));

        AssertFileRejected((await TimedShapefileImport(zip, Provinces)).Result, $"its header claims {2L * int.MaxValue} bytes");
    }

    [Fact]
    public async Task A_part_starting_outside_the_points_is_refused()
    {
        var zip = Rewrite(OneProvinceZip(), ".shp", shp => BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(NumPointsOffset + 4), int.MinValue));

        AssertFileRejected((await TimedShapefileImport(zip, Provinces)).Result, "part 0 starts at point");
    }

    [Fact]
    public async Task A_dbf_claiming_billions_of_records_is_refused_by_the_feature_limit()
    {
        var zip = Rewrite(OneProvinceZip(), ".dbf", dbf => BinaryPrimitives.WriteUInt32LittleEndian(dbf.AsSpan(4), uint.MaxValue));

        var (result, elapsed) = await TimedShapefileImport(zip, Provinces);

        AssertFileRejected(result, $"holds {uint.MaxValue} features; the limit MaxFeatures is {FenceImportOptions.DefaultMaxFeatures}");
        Assert.Equal("MaxFeatures", result.ExceededLimit);
        Assert.True(elapsed < Quickly, $"took {elapsed}");
    }

    [Fact]
    public async Task A_dbf_claiming_more_records_than_its_bytes_is_refused()
    {
        var zip = Rewrite(OneProvinceZip(), ".dbf", dbf => BinaryPrimitives.WriteUInt32LittleEndian(dbf.AsSpan(4), 5_000));

        AssertFileRejected((await TimedShapefileImport(zip, Provinces)).Result, "the .dbf header claims 5000 records");
    }

    [Fact]
    public async Task A_shapefile_with_more_records_than_MaxFeatures_is_refused_naming_the_limit()
    {
        var features = Enumerable.Range(1, 4).Select(i => ShapefileZip.Feature(Wkt(HaNoiBlock), $"0{i}", $"Tỉnh {i}"));
        var zip = ShapefileZip.Write(features, Vn2000Wkt.EsriWgs84);

        var result = (await TimedShapefileImport(zip, Provinces with { MaxFeatures = 3 })).Result;

        AssertFileRejected(result, "holds 4 features; the limit MaxFeatures is 3");
        Assert.Equal("MaxFeatures", result.ExceededLimit);
    }

    [Fact]
    public async Task A_shapefile_with_more_vertices_than_MaxVertices_is_refused_naming_the_limit()
    {
        var zip = ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], Vn2000Wkt.EsriWgs84);

        var result = (await TimedShapefileImport(zip, Provinces with { MaxVertices = 5 })).Result;

        AssertFileRejected(result, "holds at least 6 vertices; the limit MaxVertices is 5");
        Assert.Equal("MaxVertices", result.ExceededLimit);
    }

    [Theory]
    [InlineData("../../boundary")]
    [InlineData("/etc/boundary")]
    [InlineData("C:/temp/boundary")]
    [InlineData("data\\..\\..\\boundary")]
    public async Task A_zip_with_entry_names_pointing_outside_the_archive_is_refused(string stem)
    {
        var zip = ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], Vn2000Wkt.EsriWgs84, stem);

        AssertFileRejected((await TimedShapefileImport(zip, Provinces)).Result, "points outside the archive");
    }

    public static TheoryData<string, string> GarbagePrj() => new()
    {
        { "\u0001\u0002garbage\u00ff", "not readable WKT" },
        { string.Concat(Enumerable.Repeat("GEOGCS[", 5_000)), "nests deeper than 16 levels" },
        { "PROJCS[\"x\"," + new string('A', 70_000) + "]", "more than a WKT of at most" },
    };

    [Theory]
    [MemberData(nameof(GarbagePrj))]
    public async Task A_prj_of_garbage_is_refused_as_an_unknown_coordinate_system(string prj, string reason)
    {
        var zip = ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], prj);

        var result = (await TimedShapefileImport(zip, Provinces)).Result;

        AssertFileRejected(result, "unknown coordinate reference system");
        Assert.Contains(reason, result.Errors[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_when_its_unzipped_bytes_pass_the_limit()
    {
        using var zipStream = new MemoryStream();
        using (var archive = new ZipArchive(zipStream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var shp = archive.CreateEntry("boundary.shp", CompressionLevel.SmallestSize).Open())
            {
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 256; i++) shp.Write(zeros);
            }
            ShapefileZip.Add(archive, "boundary.dbf", [3]);
            ShapefileZip.Add(archive, "boundary.prj", Encoding.ASCII.GetBytes(Vn2000Wkt.EsriWgs84));
        }
        Assert.True(zipStream.Length < 1024 * 1024, $"{zipStream.Length} bytes");

        var (result, elapsed) = await TimedShapefileImport(zipStream.ToArray(), Provinces);

        AssertFileRejected(result, "unzipped shapefile is larger than the limit");
        Assert.True(elapsed < Quickly, $"took {elapsed}");
    }

    [Fact]
    public async Task A_GeoJSON_polygon_of_200000_vertices_is_refused_by_a_lower_MaxVertices_before_it_is_built()
    {
        var geoJson = Collection(Feature("01", Circle(200_000)));

        var result = (await TimedGeoJsonImport(geoJson, GeoJsonProvinces with { MaxVertices = 100_000 })).Result;

        AssertFileRejected(result, "the limit MaxVertices is 100000");
        Assert.Equal("MaxVertices", result.ExceededLimit);
    }

    [Fact]
    public async Task A_GeoJSON_polygon_of_200000_vertices_is_imported_within_seconds_under_the_default_limits()
    {
        var (result, elapsed) = await TimedGeoJsonImport(Collection(Feature("01", Circle(200_000))), GeoJsonProvinces);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        TestContext.Current.TestOutputHelper?.WriteLine($"200,000-vertex polygon imported in {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < Quickly, $"took {elapsed}");
    }

    [Fact]
    public async Task A_50_MB_GeoJSON_file_is_refused_by_the_vertex_limit_within_seconds()
    {
        var features = new List<string>();
        var length = 0;
        for (var i = 0; length < 50_000_000; i++)
        {
            var feature = Feature(i.ToString(CultureInfo.InvariantCulture), Circle(20_000));
            features.Add(feature);
            length += feature.Length;
        }

        var (result, elapsed) = await TimedGeoJsonImport(Collection([.. features]), GeoJsonProvinces);

        AssertFileRejected(result, $"the limit MaxVertices is {FenceImportOptions.DefaultMaxVertices}");
        TestContext.Current.TestOutputHelper?.WriteLine($"{length / 1_000_000} MB GeoJSON refused in {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < Quickly, $"took {elapsed}");
    }

    [Fact]
    public async Task A_GeoJSON_file_with_more_features_than_MaxFeatures_is_refused_naming_the_limit()
    {
        var geoJson = Collection([.. Enumerable.Range(0, 11).Select(i => Feature($"{i}", Circle(4)))]);

        var result = (await TimedGeoJsonImport(geoJson, GeoJsonProvinces with { MaxFeatures = 10 })).Result;

        AssertFileRejected(result, "holds 11 features; the limit MaxFeatures is 10");
    }

    [Theory]
    [InlineData("vn-provinces-63.geojson")]
    [InlineData("vn-provinces-34-2025.geojson")]
    public async Task The_real_province_boundaries_fit_the_default_limits(string fileName)
    {
        await using var file = File.OpenRead(GeoDataLocation.SharedFileOrSkip(fileName));

        var result = await FenceImport.FromGeoJsonAsync(file, GeoJsonProvinces with { NameProperty = "name_vi" }, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
    }

    private static byte[] OneProvinceZip() =>
        ShapefileZip.Write([ShapefileZip.Feature(Wkt(HaNoiBlock), "01", "Hà Nội")], Vn2000Wkt.EsriWgs84);

    /// <summary>The archive with one entry's bytes changed in place, as an attacker would hand-edit a header.</summary>
    private static byte[] Rewrite(byte[] zip, string extension, Action<byte[]> change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var content = new MemoryStream();
                using (var stream = entry.Open()) stream.CopyTo(content);
                var bytes = content.ToArray();
                if (entry.FullName.EndsWith(extension, StringComparison.Ordinal)) change(bytes);
                ShapefileZip.Add(target, entry.FullName, bytes);
            }
        }
        return output.ToArray();
    }

    /// <summary>A closed ring of <paramref name="vertices"/> positions around Hà Nội.</summary>
    private static string Circle(int vertices)
    {
        var positions = new StringBuilder();
        for (var i = 0; i < vertices - 1; i++)
        {
            var angle = 2 * Math.PI * i / (vertices - 1);
            positions.Append(CultureInfo.InvariantCulture, $"[{105.85 + (0.1 * Math.Cos(angle)):F7},{21.03 + (0.1 * Math.Sin(angle)):F7}],");
        }
        positions.Append(CultureInfo.InvariantCulture, $"[{105.85 + 0.1:F7},{21.03:F7}]");
        return $$"""{"type":"Polygon","coordinates":[[{{positions}}]]}""";
    }

    private static string Feature(string code, string geometry) =>
        $$"""{"type":"Feature","properties":{"code":"{{code}}","name":"Tỉnh {{code}}"},"geometry":{{geometry}}}""";

    private static string Collection(params string[] features) => $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    private static async Task<(FenceImportResult Result, TimeSpan Elapsed)> TimedShapefileImport(byte[] zip, FenceImportOptions options)
    {
        var clock = Stopwatch.StartNew();
        var result = await FenceImport.FromShapefileZipAsync(new MemoryStream(zip), options, TestContext.Current.CancellationToken);
        return (result, clock.Elapsed);
    }

    private static async Task<(FenceImportResult Result, TimeSpan Elapsed)> TimedGeoJsonImport(string geoJson, FenceImportOptions options)
    {
        var clock = Stopwatch.StartNew();
        var result = await FenceImport.FromGeoJsonAsync(new MemoryStream(Encoding.UTF8.GetBytes(geoJson)), options, TestContext.Current.CancellationToken);
        return (result, clock.Elapsed);
    }

    private static void AssertFileRejected(FenceImportResult result, string reason)
    {
        Assert.Empty(result.Fences);
        var error = Assert.Single(result.Errors);
        Assert.Null(error.FeatureIndex);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }
}
