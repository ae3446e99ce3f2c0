using System.Diagnostics;
using System.Text;
using Geofence.Notifier.Audiences;
using Geofence.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Notifier.Tests;

[CollectionDefinition(nameof(AudienceImportMemoryTests), DisableParallelization = true)]
public sealed class AudienceImportMemoryCollection;

/// <summary>
/// An uploaded list is streamed into the database: the live heap (sampled after a full collection while the rows are
/// read and written) does not grow with the number of rows. Run alone, so that no other test's memory is counted.
/// </summary>
[Collection(nameof(AudienceImportMemoryTests))]
public sealed class AudienceImportMemoryTests
{
    [Fact]
    public async Task Importing_100000_rows_takes_no_more_live_memory_than_importing_10000()
    {
        var small = await MeasureAsync(10_000);
        var large = await MeasureAsync(100_000);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"10,000 rows: +{small.GrowthMb:0.0} MB; 100,000 rows: +{large.GrowthMb:0.0} MB, {100_000 / large.Elapsed.TotalSeconds:0} rows/s on SQLite");
        // Holding the rows (a person key, an encrypted number and a line each) would add well over 20 MB for the 90,000 more.
        Assert.True(large.GrowthMb < small.GrowthMb + 4, $"{large.GrowthMb:0.0} MB for 100,000 rows, {small.GrowthMb:0.0} MB for 10,000");
    }

    private static async Task<(TimeSpan Elapsed, double GrowthMb)> MeasureAsync(int rows)
    {
        var folder = Directory.CreateTempSubdirectory("geofence-import-").FullName;
        try
        {
            var options = new DbContextOptionsBuilder<NotifierDb>().UseSqlite($"Data Source={Path.Combine(folder, "notifier.db")}").Options;
            await using (var created = new NotifierDb(options)) await created.Database.EnsureCreatedAsync();
            await using var db = new NotifierDb(options);
            var reader = new CsvRecordReader(new RowsStream(rows), AudiencesApi.MaxUploadBytes);
            var (columns, _) = await AudienceCsv.ReadHeaderAsync(reader, CancellationToken.None);
            var baseline = LiveHeap();
            var peak = baseline;
            using var done = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    peak = Math.Max(peak, LiveHeap());
                    await Task.Delay(300);
                }
            });
            var clock = Stopwatch.StartNew();
            var outcome = await new AudienceImport(db, new PersonKeys("memory"), new FieldCipher("memory"))
                .ImportAsync(Guid.NewGuid(), reader, columns!, CancellationToken.None);
            var elapsed = clock.Elapsed;
            await done.CancelAsync();
            await sampler;
            Assert.Equal((rows, 0), (outcome.Accepted, outcome.RejectedCount));
            return (elapsed, (peak - baseline) / (1024.0 * 1024));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long LiveHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>A CSV of distinct Vietnamese mobiles made as it is read, never held whole.</summary>
    private sealed class RowsStream(int rows) : Stream
    {
        private byte[] pending = Encoding.UTF8.GetBytes("phone,language,name\n");
        private int offset, next;

        public override int Read(byte[] buffer, int index, int count)
        {
            if (offset == pending.Length)
            {
                if (next == rows) return 0;
                var chunk = new StringBuilder();
                for (; next < rows && chunk.Length < 16 * 1024; next++)
                    chunk.Append("+8490").Append(1_000_000 + next).Append(",vi,Người dân ").Append(next).Append('\n');
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
