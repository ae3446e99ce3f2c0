using System.Threading.RateLimiting;

namespace Geofence.Channels.Sending;

/// <summary>
/// Holds sends to at most <c>maxPerSecond</c> per second: up to that many go at once, the rest wait their turn in order.
/// The bucket is refilled once a second by a timer from <see cref="TimeProvider"/> rather than by its own clock, so that
/// tests can drive it.
/// </summary>
public sealed class SendRateLimiter : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private readonly TokenBucketRateLimiter bucket;
    private readonly ITimer refill;

    public SendRateLimiter(int maxPerSecond, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerSecond, 1);
        bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = maxPerSecond,
            // A manual refill adds tokens for the Stopwatch time since the last one; with a one-tick period any elapsed
            // time fills the bucket, so each tick of our timer refills it completely and the timer alone sets the pace.
            TokensPerPeriod = maxPerSecond,
            ReplenishmentPeriod = TimeSpan.FromTicks(1),
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        refill = (time ?? TimeProvider.System).CreateTimer(_ => bucket.TryReplenish(), null, Period, Period);
    }

    /// <summary>Sends waiting for a permit.</summary>
    public long Waiting => bucket.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Completes when this send may go.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        using var lease = await bucket.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired) throw new ObjectDisposedException(nameof(SendRateLimiter));
    }

    public void Dispose()
    {
        refill.Dispose();
        bucket.Dispose();
    }
}
