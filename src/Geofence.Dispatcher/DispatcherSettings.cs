namespace Geofence.Dispatcher;

/// <summary><c>Dispatcher:*</c> configuration.</summary>
public sealed class DispatcherSettings
{
    /// <summary>
    /// Commands the send endpoint prefetches and works on at once; unset keeps MassTransit's default (16). With a provider
    /// that answers in L seconds the Dispatcher sends at most this ÷ L per second, so raise it with the provider's
    /// <c>MaxPerSecond</c>; sends are still held to that.
    /// </summary>
    public int? ConcurrentMessageLimit { get; set; }

    public static DispatcherSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection("Dispatcher").Get<DispatcherSettings>() ?? new DispatcherSettings();
        if (settings.ConcurrentMessageLimit is < 1 or > 1000)
            throw new InvalidOperationException("Dispatcher__ConcurrentMessageLimit must be between 1 and 1000.");
        return settings;
    }
}
