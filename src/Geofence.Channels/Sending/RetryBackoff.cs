namespace Geofence.Channels.Sending;

/// <summary>
/// Exponential backoff with "equal" jitter: a random delay between half the exponential ceiling and the ceiling, so
/// that callers who failed together do not retry together, while a run of N retries is sure to last at least half the
/// exponential total (a retry limit then bounds from below the outage it survives). Never shorter than the provider's
/// Retry-After.
/// </summary>
public sealed class RetryBackoff
{
    public RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    /// <summary>1 s base, 1 min cap: the Notification Hubs SDK's policy, reasonable for every provider here.</summary>
    public static RetryBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    public TimeSpan BaseDelay { get; }
    public TimeSpan MaxDelay { get; }

    /// <summary>The delay before retry number <paramref name="attempt"/> (1 for the first retry).</summary>
    public TimeSpan DelayBefore(int attempt, TimeSpan? retryAfter = null, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ceiling = Ceiling(attempt);
        var jittered = ceiling / 2 + ceiling / 2 * (random ?? Random.Shared).NextDouble();
        return retryAfter is { } after && after > jittered ? after : jittered;
    }

    public TimeSpan DelayBefore(int attempt, ProviderResult.Retry retry, Random? random = null) =>
        DelayBefore(attempt, retry.RetryAfter, random);

    /// <summary>The shortest time <paramref name="retries"/> retries can take, Retry-After aside.</summary>
    public TimeSpan ShortestSpan(int retries) =>
        TimeSpan.FromTicks(Enumerable.Range(1, retries).Sum(attempt => Ceiling(attempt).Ticks / 2));

    /// <summary>min(MaxDelay, BaseDelay · 2^(attempt-1)).</summary>
    public TimeSpan Ceiling(int attempt)
    {
        var exponent = Math.Min(attempt - 1, 62);
        var ticks = BaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxDelay.Ticks ? MaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
