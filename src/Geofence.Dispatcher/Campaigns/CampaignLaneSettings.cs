using System.ComponentModel.DataAnnotations;

namespace Geofence.Dispatcher.Campaigns;

/// <summary><c>Campaigns:*</c> as the Dispatcher reads it: how the campaign lane sends (the Notifier reads its own keys there).</summary>
public sealed class CampaignLaneSettings
{
    /// <summary>Campaign commands the campaign endpoint prefetches and works on at once.</summary>
    [Range(1, 1000)] public int ConcurrentMessageLimit { get; set; } = 16;

    /// <summary>
    /// The share of each provider's <c>MaxPerSecond</c> campaign sends may take together, greater than 0 and at most 1;
    /// arrivals keep the rest and are always served first. It holds per Dispatcher process: replicas each take their
    /// own share (a limit shared across replicas is issue 13).
    /// </summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true, ErrorMessage = "{0} must be greater than 0 and at most 1")]
    public double MaxShareOfProviderRate { get; set; } = 0.8;
}
