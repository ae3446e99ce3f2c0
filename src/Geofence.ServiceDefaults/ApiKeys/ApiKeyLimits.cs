using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Geofence.ServiceDefaults.ApiKeys;

/// <summary><c>RateLimits:*</c> configuration for every endpoint that takes an API key (read by <see cref="ApiKeyLimiter"/>).</summary>
public sealed class ApiKeyLimitSettings
{
    /// <summary>Requests one key may make per second on average; generous because a chain's PMS may post a whole arrival wave through one key.</summary>
    [Range(1, 1_000_000)] public int PerKeyPerSecond { get; set; } = 1_000;

    /// <summary>Requests one key may make at once after a quiet spell.</summary>
    [Range(1, 10_000_000)] public int PerKeyBurst { get; set; } = 2_000;

    /// <summary>Missing or unknown keys one source address may present per minute before every request from it is refused until the minute ends.</summary>
    [Range(1, 1_000_000)] public int FailedAuthPerMinute { get; set; } = 20;
}

/// <summary>
/// Slows key guessing and bounds what one key can ask of a service: a token bucket per key (by its hash) and a count of
/// failed authentications per source address in fixed one-minute windows. Held in memory, so the limits are per process:
/// with N processes behind a balancer a key may make N times as many requests.
/// </summary>
public sealed class ApiKeyLimiter(ApiKeyLimitSettings settings, TimeProvider time)
{
    private static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, Failures> failures = new();

    /// <summary>Whether the source has used up its failed authentications for this window, and if so how long until it may try again.</summary>
    public bool IsBlocked(IPAddress? source, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (source is null || !failures.TryGetValue(source, out var count)) return false;
        lock (count)
        {
            var now = time.GetUtcNow();
            if (now - count.WindowStart >= FailureWindow || count.Count < settings.FailedAuthPerMinute) return false;
            retryAfter = count.WindowStart + FailureWindow - now;
            return true;
        }
    }

    public void RecordFailure(IPAddress? source)
    {
        if (source is null) return;
        var now = time.GetUtcNow();
        var count = failures.GetOrAdd(source, _ => new Failures(now));
        lock (count)
        {
            if (now - count.WindowStart >= FailureWindow) (count.WindowStart, count.Count) = (now, 0);
            count.Count++;
        }
        if (failures.Count > 100_000) ForgetOldFailures(now);
    }

    /// <summary>Takes one request from the key's bucket, or says how long to wait before trying again.</summary>
    public bool TryTake(string keyHash, out TimeSpan retryAfter)
    {
        var bucket = buckets.GetOrAdd(keyHash, _ => new Bucket(settings.PerKeyBurst, time.GetTimestamp()));
        lock (bucket)
        {
            var now = time.GetTimestamp();
            bucket.Tokens = Math.Min(settings.PerKeyBurst, bucket.Tokens + time.GetElapsedTime(bucket.FilledAt, now).TotalSeconds * settings.PerKeyPerSecond);
            bucket.FilledAt = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens--;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((1 - bucket.Tokens) / settings.PerKeyPerSecond);
            return false;
        }
    }

    /// <summary>A flood from many addresses must not grow the table without bound: windows that have ended are dropped.</summary>
    private void ForgetOldFailures(DateTimeOffset now)
    {
        foreach (var (source, count) in failures)
        {
            if (now - count.WindowStart >= FailureWindow) failures.TryRemove(source, out _);
        }
    }

    private sealed class Bucket(double tokens, long filledAt)
    {
        public double Tokens { get; set; } = tokens;
        public long FilledAt { get; set; } = filledAt;
    }

    private sealed class Failures(DateTimeOffset windowStart)
    {
        public DateTimeOffset WindowStart { get; set; } = windowStart;
        public int Count { get; set; }
    }
}
