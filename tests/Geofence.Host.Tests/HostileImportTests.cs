using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Geofence.Host.Tests.CheckInApiTests;

namespace Geofence.Host.Tests;

/// <summary>
/// Crafted boundary uploads through real HTTP: each answers a 4xx problem naming the limit or the lie within 15 s, the
/// process stays alive and small, and the memory a large import takes is given back when its fences are deleted.
/// </summary>
public sealed class HostileImportTests
{
    internal const long WorkingSetBound = 1536L * 1024 * 1024;
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(15);
    private const string Query = "kind=province&codeProperty=code&nameProperty=name";

    [Theory]
    [InlineData(int.MaxValue, int.MaxValue)]
    [InlineData(1, int.MaxValue)]
    [InlineData(int.MaxValue, 5)]
    public async Task A_1_KB_zipped_shapefile_claiming_2_to_the_31_parts_or_points_is_400_within_seconds_and_the_process_lives_on(int parts, int points)
    {
        await using var app = new EmbeddedGeofence();
        var api = app.Api();
        var zip = CraftedShapefileZip(parts, points);
        Assert.True(zip.Length < 1024, $"{zip.Length} bytes");

        var clock = Stopwatch.StartNew();
        using var response = await UploadAsync(app, zip, "application/zip");
        var elapsed = clock.Elapsed;

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains($"claims {parts} parts and {points} points", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        Assert.True(elapsed < Quickly, $"took {elapsed}");
        using var live = await api.Ingest.GetAsync("/health/live", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        TestContext.Current.TestOutputHelper?.WriteLine($"refused in {elapsed.TotalMilliseconds:F0} ms; working set {workingSet / (1024 * 1024)} MB");
        Assert.True(workingSet < WorkingSetBound, $"working set {workingSet / (1024 * 1024)} MB");
    }

    [Fact]
    public async Task A_GeoJSON_file_over_the_configured_vertex_limit_is_400_naming_the_setting()
    {
        await using var app = new EmbeddedGeofence(new Dictionary<string, string> { ["Geofences:Import:MaxVertices"] = "1000" });

        using var response = await UploadAsync(app, Encoding.UTF8.GetBytes(Collection(Polygon("01", 2_000))), "application/geo+json");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Geofences:Import:MaxVertices", problem.GetProperty("limit").GetString());
        Assert.Contains("the limit MaxVertices is 1000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_GeoJSON_file_over_the_configured_feature_limit_is_400_naming_the_setting()
    {
        await using var app = new EmbeddedGeofence(new Dictionary<string, string> { ["Geofences:Import:MaxFeatures"] = "2" });

        var features = Enumerable.Range(1, 3).Select(i => Polygon($"0{i}", 5, 0.01 * i)).ToArray();
        using var response = await UploadAsync(app, Encoding.UTF8.GetBytes(Collection(features)), "application/geo+json");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Geofences:Import:MaxFeatures", problem.GetProperty("limit").GetString());
    }

    [Fact]
    public async Task A_zip_with_a_path_traversal_entry_is_400()
    {
        await using var app = new EmbeddedGeofence();
        var zip = CraftedShapefileZip(1, 5, stem: "../../boundary");

        using var response = await UploadAsync(app, zip, "application/zip");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("points outside the archive", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }


    internal static async Task<HttpResponseMessage> UploadAsync(EmbeddedGeofence app, byte[] file, string contentType)
    {
        var api = app.Api();
        using var request = api.Admin(HttpMethod.Post, $"/api/v1/geofences/import?{Query}");
        request.Content = new ByteArrayContent(file);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await api.Ingest.SendAsync(request, TestContext.Current.CancellationToken);
    }

    internal static string Collection(params string[] features) => $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    /// <summary>A feature whose ring has <paramref name="vertices"/> positions on a circle near Hà Nội, moved east by <paramref name="east"/> degrees.</summary>
    internal static string Polygon(string code, int vertices, double east = 0)
    {
        var positions = new StringBuilder();
        for (var i = 0; i < vertices - 1; i++)
        {
            var angle = 2 * Math.PI * i / (vertices - 1);
            positions.Append(CultureInfo.InvariantCulture, $"[{105.85 + east + (0.1 * Math.Cos(angle)):F7},{21.03 + (0.1 * Math.Sin(angle)):F7}],");
        }
        positions.Append(CultureInfo.InvariantCulture, $"[{105.85 + east + 0.1:F7},{21.03:F7}]");
        return $$$"""{"type":"Feature","properties":{"code":"{{{code}}}","name":"Tỉnh {{{code}}}"},"geometry":{"type":"Polygon","coordinates":[[{{{positions}}}]]}}""";
    }

    /// <summary>
    /// A shapefile of one polygon record whose counts are <paramref name="parts"/> and <paramref name="points"/>, while it
    /// holds one part of five points, zipped with its .dbf and a WGS 84 .prj, written byte by byte as an attacker would.
    /// </summary>
    private static byte[] CraftedShapefileZip(int parts, int points, string stem = "boundary")
    {
        const int Content = 4 + 32 + 4 + 4 + 4 + (5 * 16);
        var shp = new byte[100 + 8 + Content];
        BinaryPrimitives.WriteInt32BigEndian(shp, 9994);
        BinaryPrimitives.WriteInt32BigEndian(shp.AsSpan(24), shp.Length / 2);
        BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(28), 1000);
        BinaryPrimitives.WriteInt32LittleEndian(shp.AsSpan(32), 5);
        BinaryPrimitives.WriteInt32BigEndian(shp.AsSpan(100), 1);
        BinaryPrimitives.WriteInt32BigEndian(shp.AsSpan(104), Content / 2);
        var record = shp.AsSpan(108);
        BinaryPrimitives.WriteInt32LittleEndian(record, 5);
        BinaryPrimitives.WriteInt32LittleEndian(record[36..], parts);
        BinaryPrimitives.WriteInt32LittleEndian(record[40..], points);
        double[] ring = [105.8, 21.0, 105.9, 21.0, 105.9, 21.1, 105.8, 21.1, 105.8, 21.0];
        for (var i = 0; i < ring.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(record[(48 + (8 * i))..], ring[i]);

        var dbf = new byte[32 + (2 * 32) + 1 + 41 + 1];
        dbf[0] = 3;
        BinaryPrimitives.WriteUInt32LittleEndian(dbf.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(dbf.AsSpan(8), 97);
        BinaryPrimitives.WriteUInt16LittleEndian(dbf.AsSpan(10), 41);
        Field(dbf.AsSpan(32), "CODE", 10);
        Field(dbf.AsSpan(64), "NAME", 30);
        dbf[96] = 0x0D;
        Encoding.ASCII.GetBytes(" 01        Ha Noi                        ").CopyTo(dbf, 97);
        dbf[^1] = 0x1A;

        const string Prj = """GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { ($"{stem}.shp", shp), ($"{stem}.dbf", dbf), ($"{stem}.prj", Encoding.ASCII.GetBytes(Prj)) })
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(content);
            }
        }
        return zip.ToArray();

        static void Field(Span<byte> descriptor, string name, byte length)
        {
            Encoding.ASCII.GetBytes(name).CopyTo(descriptor);
            descriptor[11] = (byte)'C';
            descriptor[16] = length;
        }
    }
}

/// <summary>Alone in the process while it measures: the managed heap is the whole process's.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class MemoryMeasurements;

/// <summary>The memory a large import takes is given back once its fences are deleted.</summary>
[Collection(typeof(MemoryMeasurements))]
public sealed class ImportMemoryTests
{
    private const long WorkingSetBound = HostileImportTests.WorkingSetBound;

    [Fact]
    public async Task A_large_import_takes_memory_that_is_given_back_once_its_fences_are_deleted()
    {
        const int Features = 10, VerticesEach = 50_000;
        await using var app = new EmbeddedGeofence();
        var api = app.Api();
        var ct = TestContext.Current.CancellationToken;
        var before = Measure();

        var clock = Stopwatch.StartNew();
        var body = Encoding.UTF8.GetBytes(HostileImportTests.Collection([.. Enumerable.Range(0, Features).Select(i => HostileImportTests.Polygon($"P{i}", VerticesEach, 0.3 * i))]));
        using var response = await HostileImportTests.UploadAsync(app, body, "application/geo+json");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("ids").EnumerateArray().Select(i => i.GetGuid()).ToArray();
        using (var lookup = api.Admin(HttpMethod.Get, "/api/v1/geofences/lookup?lat=21.03&lon=105.85"))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.Ingest.SendAsync(lookup, ct)).StatusCode);
        }
        var imported = clock.Elapsed;
        body = null;
        var afterImport = Measure();

        foreach (var id in ids)
        {
            using var delete = api.Admin(HttpMethod.Delete, $"/api/v1/geofences/{id}");
            Assert.Equal(HttpStatusCode.NoContent, (await api.Ingest.SendAsync(delete, ct)).StatusCode);
        }
        using (var lookup = api.Admin(HttpMethod.Get, "/api/v1/geofences/lookup?lat=21.03&lon=105.85"))
        {
            Assert.Equal(HttpStatusCode.OK, (await api.Ingest.SendAsync(lookup, ct)).StatusCode);
        }
        // Each delete publishes the remaining set, which the Detector reads and indexes in turn: wait for it to settle.
        var settle = Stopwatch.StartNew();
        var afterDelete = Measure();
        while (afterDelete.Managed > before.Managed + ((afterImport.Managed - before.Managed) / 4) && settle.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            afterDelete = Measure();
        }
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Features * VerticesEach:N0} vertices imported in {imported.TotalSeconds:F1} s. Managed heap / working set: " +
            $"before {before}, after import {afterImport}, after delete + GC {afterDelete} (settled in {settle.Elapsed.TotalSeconds:F0} s)");
        Assert.True(afterImport.WorkingSet < WorkingSetBound, $"working set after import {afterImport}");
        Assert.True(afterDelete.Managed < before.Managed + (afterImport.Managed - before.Managed) / 2,
            $"managed heap before {before}, after import {afterImport}, after delete {afterDelete}");
    }

    private readonly record struct Memory(long Managed, long WorkingSet)
    {
        public override string ToString() => $"{Managed / (1024 * 1024)} MB / {WorkingSet / (1024 * 1024)} MB";
    }

    private static Memory Measure()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new Memory(managed, process.WorkingSet64);
    }
}
