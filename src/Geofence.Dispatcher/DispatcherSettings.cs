using System.ComponentModel.DataAnnotations;

namespace Geofence.Dispatcher;

/// <summary><c>Dispatcher:*</c> configuration.</summary>
public sealed class DispatcherSettings
{
    /// <summary>
    /// Commands the send endpoint prefetches and works on at once; unset keeps MassTransit's default (16). With a provider
    /// that answers in L seconds the Dispatcher sends at most this ÷ L per second, so raise it with the provider's
    /// <c>MaxPerSecond</c>; sends are still held to that.
    /// </summary>
    [Range(1, 1000)] public int? ConcurrentMessageLimit { get; set; }
}
