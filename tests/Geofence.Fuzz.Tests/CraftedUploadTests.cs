using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Runtime;
using System.Text;
using System.Text.Json;
using Geofence.Host.Tests;

namespace Geofence.Fuzz.Tests;

/// <summary>
/// Crafted uploads through real HTTP that the fuzzer's random ones would not find: a zip bomb, a 50 MB garbage body,
/// CSV bombs (a huge line, a million columns, a quote never closed). Each is answered within 15 s with a 4xx problem
/// (or, for a bomb in a data row, the row refused), and the process lives on below 1.5 GB. The shapefile whose header
/// lies about its size is in Host.Tests' HostileImportTests.
/// </summary>
[Collection(FuzzRun.OneAtATime)]
public sealed class CraftedUploadTests : IAsyncLifetime
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(15);
    private readonly EmbeddedGeofence app = new();
    private HttpClient client = null!;

    public ValueTask InitializeAsync()
    {
        client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", app.AdminKey);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_zipped_shapefile_that_inflates_to_256_MB_is_400_within_15_s()
    {
        var bomb = ZipBomb(256);
        Assert.True(bomb.Length < 1024 * 1024, $"{bomb.Length} bytes");

        var (status, problem) = await UploadAsync("/api/v1/geofences/import?kind=province&codeProperty=code&nameProperty=name", bomb, "application/zip");

        Assert.Equal(400, status);
        Assert.Contains("larger than the limit", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/geofences/import?kind=province&codeProperty=code&nameProperty=name", "application/zip")]
    [InlineData("/api/v1/geofences/import?kind=province&codeProperty=code&nameProperty=name", "application/geo+json")]
    [InlineData("/api/v1/geofences", "application/json")]
    [InlineData("/api/v1/policy", "application/json")]
    [InlineData("/api/v1/audiences?name=garbage", "text/csv")]
    public async Task A_50_MB_garbage_body_is_4xx_within_15_s(string path, string contentType)
    {
        var garbage = new byte[50 * 1024 * 1024];
        new Random(50).NextBytes(garbage);

        var (status, _) = await UploadAsync(path, garbage, contentType, path.StartsWith("/api/v1/policy", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post);

        Assert.InRange(status, 400, 499);
    }

    [Theory]
    [InlineData("a header line of 20 MB")]
    [InlineData("a header of a million columns")]
    [InlineData("a quote never closed in the header")]
    public async Task A_CSV_bomb_in_the_header_is_400_within_15_s(string bomb)
    {
        var csv = bomb switch
        {
            "a header line of 20 MB" => "phone," + new string('h', 20 * 1024 * 1024) + "\n+84901234567,x\n",
            "a header of a million columns" => string.Join(',', Enumerable.Repeat("phone", 1_000_000)) + "\n",
            _ => "\"phone,language,name\n+84901234567,vi,A\n" + new string('x', 20 * 1024 * 1024),
        };

        var (status, _) = await UploadAsync("/api/v1/audiences?name=bomb", Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("a data line of 20 MB")]
    [InlineData("a row of a million columns")]
    [InlineData("a quote never closed in a row")]
    public async Task A_CSV_bomb_in_a_row_refuses_the_row_or_the_file_within_15_s(string bomb)
    {
        const string header = "phone,language,name\n+84901234567,vi,A\n";
        var csv = header + bomb switch
        {
            "a data line of 20 MB" => "+84901234568,vi," + new string('n', 20 * 1024 * 1024) + "\n",
            "a row of a million columns" => "+84901234568" + string.Concat(Enumerable.Repeat(",vi", 1_000_000)) + "\n",
            _ => "+84901234568,vi,\"never closed\n" + new string('x', 20 * 1024 * 1024),
        };

        var (status, answer) = await UploadAsync("/api/v1/audiences?name=bomb", Encoding.UTF8.GetBytes(csv), "text/csv");

        if (status == 201) Assert.Equal(1, JsonDocument.Parse(answer).RootElement.GetProperty("rejectedCount").GetInt32());
        else Assert.InRange(status, 400, 499);
    }

    /// <summary>Sends the upload and checks what every crafted upload must hold: answered in time, a problem if refused, the process alive and small.</summary>
    private async Task<(int Status, string Body)> UploadAsync(string path, byte[] body, string contentType, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        // What earlier uploads and the fuzz run left behind (their 20–50 MB bodies on the large-object heap) is collected
        // first, so that the bound is held against this upload, not against garbage the GC had not yet given back.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var elapsed = clock.Elapsed;
        var status = (int)response.StatusCode;
        var workingSet = Process.GetCurrentProcess().WorkingSet64;
        TestContext.Current.TestOutputHelper?.WriteLine($"{status} in {elapsed.TotalMilliseconds:F0} ms; working set {workingSet / (1024 * 1024)} MB: {HostileRequests.Truncate(text, 300)}");

        Assert.True(elapsed < Quickly, $"took {elapsed}");
        if (status >= 400) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
        Assert.True(live.IsSuccessStatusCode, $"/health/live {live.StatusCode}");
        Assert.True(workingSet < FuzzRun.WorkingSetBound, $"working set {workingSet / (1024 * 1024)} MB");
        return (status, text);
    }

    /// <summary>A shapefile zip whose .shp entry is <paramref name="megabytes"/> MB of zeros, deflated to a few hundred KB.</summary>
    private static byte[] ZipBomb(int megabytes)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            foreach (var name in new[] { "bomb.shp", "bomb.dbf" })
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                for (var i = 0; i < megabytes; i++) entry.Write(zeros);
            }
            using var prj = zip.CreateEntry("bomb.prj").Open();
            prj.Write(Encoding.ASCII.GetBytes(
                "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]"));
        }
        return buffer.ToArray();
    }
}
