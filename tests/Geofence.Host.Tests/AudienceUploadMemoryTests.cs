using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Geofence.Testing;

namespace Geofence.Host.Tests;

[CollectionDefinition(nameof(AudienceUploadMemoryTests), DisableParallelization = true)]
public sealed class AudienceUploadMemoryCollection;

/// <summary>
/// A large upload through HTTP: 200,000 rows accepted, the rate printed, and the live heap (sampled after a full
/// collection) far below what holding the rows would take. Run alone, so that no other test's memory is counted.
/// </summary>
[Collection(nameof(AudienceUploadMemoryTests))]
public sealed class AudienceUploadMemoryTests : IAsyncLifetime
{
    private const int Rows = 200_000;
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        api.Ingest.Timeout = TimeSpan.FromMinutes(10);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Two_hundred_thousand_rows_are_accepted_with_the_heap_not_growing_with_the_rows()
    {
        using (var warmUp = await UploadAsync(new RowsContent(2_000))) Assert.Equal(HttpStatusCode.Created, warmUp.StatusCode);

        var (_, small) = await MeasureAsync(Rows / 10);
        var (elapsed, large) = await MeasureAsync(Rows);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{Rows} rows in {elapsed.TotalSeconds:0.0} s ({Rows / elapsed.TotalSeconds:0} rows/s); live heap peak +{large:0.0} MB during it, +{small:0.0} MB during {Rows / 10} rows");
        // The test server reads the whole request body before the service does (about 8 MB here, unlike Kestrel, which
        // pushes back), so this bound includes it; the service's own flat memory is measured without HTTP in
        // Geofence.Notifier.Tests (AudienceImportMemoryTests). Holding the rows would add well over 60 MB more.
        Assert.True(large < 32, $"the live heap grew by {large:0.0} MB for {Rows} rows, {small:0.0} MB for {Rows / 10}");
    }

    /// <summary>Uploads <paramref name="rows"/> rows while sampling the live heap (after a full collection) every half second.</summary>
    private async Task<(TimeSpan Elapsed, double PeakGrowthMb)> MeasureAsync(int rows)
    {
        var baseline = LiveHeap();
        var peak = baseline;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, LiveHeap());
                await Task.Delay(500);
            }
        });
        var clock = Stopwatch.StartNew();
        using var response = await UploadAsync(new RowsContent(rows));
        var elapsed = clock.Elapsed;
        await done.CancelAsync();
        await sampler;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((rows, 0), (body.GetProperty("accepted").GetInt32(), body.GetProperty("rejectedCount").GetInt32()));
        return (elapsed, (peak - baseline) / (1024.0 * 1024));
    }

    /// <summary>What is reachable: objects waiting for their finalizer are let go first.</summary>
    private static long LiveHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private Task<HttpResponseMessage> UploadAsync(HttpContent content)
    {
        var request = api.Admin(HttpMethod.Post, $"/api/v1/audiences?name=rows-{Guid.NewGuid():N}");
        request.Content = content;
        return api.Ingest.SendAsync(request);
    }

    /// <summary>
    /// A CSV of distinct Vietnamese mobiles made as it is read, never held whole. A stream, not a custom HttpContent:
    /// the test server reads a request's content as a stream, which would buffer a custom content whole in this process.
    /// </summary>
    private sealed class RowsContent : StreamContent
    {
        public RowsContent(int rows) : base(new RowsStream(rows)) => Headers.ContentType = new MediaTypeHeaderValue("text/csv");
    }

    private sealed class RowsStream(int rows) : Stream
    {
        private readonly int start = Random.Shared.Next(0, 9_000_000 - rows);
        private byte[] pending = Encoding.UTF8.GetBytes("phone,language,name\n");
        private int offset, next;

        public override int Read(byte[] buffer, int index, int count)
        {
            if (offset == pending.Length)
            {
                if (next == rows) return 0;
                var chunk = new StringBuilder();
                for (; next < rows && chunk.Length < 16 * 1024; next++)
                    chunk.Append("+8490").Append(1_000_000 + start + next).Append(",vi,Người dân ").Append(next).Append('\n');
                (pending, offset) = (Encoding.UTF8.GetBytes(chunk.ToString()), 0);
            }
            var n = Math.Min(count, pending.Length - offset);
            Array.Copy(pending, offset, buffer, index, n);
            offset += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
