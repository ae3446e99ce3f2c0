using Geofence.Channels.Sending;
using Geofence.ServiceDefaults.Settings;

namespace Geofence.Dispatcher.Deliveries;

/// <summary>
/// <c>Channels:Retry:*</c>: how a message a provider could not take right now (an outage, a throttle) is tried again.
/// Each retry waits an equally jittered exponential backoff from <see cref="MinInterval"/> to <see cref="MaxInterval"/>,
/// or the provider's Retry-After up to <see cref="MaxInterval"/>; a message still failing <see cref="GiveUpAfter"/>
/// after the Notifier created it is recorded as failed. An outage of any shorter length delays messages, loses none.
/// </summary>
public sealed class DeliveryRetrySettings : ISelfCheckingSettings
{
    [Positive] public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);
    [Positive] public TimeSpan MaxInterval { get; set; } = TimeSpan.FromMinutes(1);
    [Positive] public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(1);

    public RetryBackoff Backoff => new(MinInterval, MaxInterval);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter)
    {
        var delay = Backoff.DelayBefore(retry, retryAfter);
        return delay < MaxInterval ? delay : MaxInterval;
    }

    public IEnumerable<string> Problems(SettingNames names)
    {
        if (MaxInterval < MinInterval) yield return $"{names.Of(nameof(MinInterval))} must be at most {names.Of(nameof(MaxInterval))}";
    }
}
