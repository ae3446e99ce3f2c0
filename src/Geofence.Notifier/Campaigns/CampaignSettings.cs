using System.ComponentModel.DataAnnotations;

namespace Geofence.Notifier.Campaigns;

/// <summary><c>Campaigns:*</c> configuration of the Notifier's campaign runner and API.</summary>
public sealed class CampaignSettings
{
    /// <summary>How long the runner waits when no campaign had anything to do.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")] public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>At most this many of a campaign's messages are queued (handed to the Dispatcher, no outcome yet) at once.</summary>
    [Range(1, 100_000)] public int InFlight { get; set; } = 500;

    /// <summary>Messages released per transaction.</summary>
    [Range(1, 10_000)] public int ReleaseBatch { get; set; } = 200;

    /// <summary>Audience members planned per transaction.</summary>
    [Range(1, 100_000)] public int PlanChunk { get; set; } = 5_000;

    /// <summary>The shortest repeatEvery a campaign may have.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "365.00:00:00")] public TimeSpan MinRepeatEvery { get; set; } = TimeSpan.FromHours(1);

    /// <summary>What one SMS part costs, in <see cref="Currency"/>, for the estimated cost.</summary>
    [Range(0d, 1_000_000d)] public decimal SmsPartCost { get; set; } = 800;

    /// <summary>What one Zalo ZNS message costs, in <see cref="Currency"/>.</summary>
    [Range(0d, 1_000_000d)] public decimal ZaloMessageCost { get; set; } = 300;

    [Required, StringLength(8, MinimumLength = 1)] public string Currency { get; set; } = "VND";
}
