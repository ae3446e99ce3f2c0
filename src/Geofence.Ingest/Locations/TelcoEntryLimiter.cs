using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;

namespace Geofence.Ingest.Locations;

/// <summary><c>RateLimits:*</c> configuration: how fast a telco feed may report province entries.</summary>
public sealed class TelcoEntryLimits
{
    /// <summary>Entries a telco feed may post per second on average: each one can become an SMS.</summary>
    [Range(1, 1_000_000)] public int TelcoEntriesPerSecond { get; set; } = 1_000;

    /// <summary>Entries a feed may post at once after a quiet spell.</summary>
    [Range(1, 10_000_000)] public int TelcoEntriesBurst { get; set; } = 2_000;
}

/// <summary>
/// A token bucket per telco feed, counted in entries rather than requests: a batch takes as many tokens as it holds
/// entries. A batch larger than the whole burst goes through only when the bucket is full, and leaves the feed in
/// debt until the rate has paid for it, so the average holds whatever the batch size. Per Ingest process.
/// </summary>
public sealed class TelcoEntryLimiter(TelcoEntryLimits limits, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);

    public int PerSecond => limits.TelcoEntriesPerSecond;
    public int Burst => limits.TelcoEntriesBurst;

    /// <summary>Takes <paramref name="entries"/> tokens from the feed's bucket, or says how long to wait before trying again.</summary>
    public bool TryTake(string feedId, int entries, out TimeSpan retryAfter)
    {
        var bucket = buckets.GetOrAdd(feedId, _ => new Bucket(limits.TelcoEntriesBurst, time.GetTimestamp()));
        lock (bucket)
        {
            var now = time.GetTimestamp();
            bucket.Tokens = Math.Min(limits.TelcoEntriesBurst,
                bucket.Tokens + time.GetElapsedTime(bucket.FilledAt, now).TotalSeconds * limits.TelcoEntriesPerSecond);
            bucket.FilledAt = now;
            var needed = Math.Min(entries, limits.TelcoEntriesBurst);
            if (bucket.Tokens >= needed)
            {
                bucket.Tokens -= entries;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((needed - bucket.Tokens) / limits.TelcoEntriesPerSecond);
            return false;
        }
    }

    private sealed class Bucket(double tokens, long filledAt)
    {
        public double Tokens { get; set; } = tokens;
        public long FilledAt { get; set; } = filledAt;
    }
}
