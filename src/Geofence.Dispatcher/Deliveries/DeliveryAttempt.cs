using System.ComponentModel.DataAnnotations;

namespace Geofence.Dispatcher.Deliveries;

/// <summary>One call to a provider and its answer: what proves what was tried, and when. No recipient is kept here.</summary>
public sealed class DeliveryAttempt
{
    public long Id { get; set; }
    public Guid NotificationId { get; set; }
    [MaxLength(16)] public required string Channel { get; set; }
    [MaxLength(32)] public required string Provider { get; set; }
    /// <summary><c>accepted</c>, <c>rejected</c> or <c>retry</c>; <c>sending</c> is written before a campaign's call.</summary>
    [MaxLength(16)] public required string Outcome { get; set; }
    [MaxLength(64)] public string? ErrorCode { get; set; }
    [MaxLength(32)] public string? ErrorAction { get; set; }
    public DateTime At { get; set; }
}

public static class AttemptOutcomes
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Retry = "retry";

    /// <summary>
    /// Written and committed before a campaign message's provider call; an attempt that is still the channel's last
    /// when the command comes back means the Dispatcher died during the call, not knowing whether the provider took it.
    /// </summary>
    public const string Sending = "sending";
}
