using System.ComponentModel.DataAnnotations;
using Geofence.Contracts;

namespace Geofence.Admin.Notifications;

/// <summary>
/// Admin's report row for one notification, assembled from the Notifier's and Dispatcher's events, which may arrive
/// in any order. Keyed on the person's hashed phone number; the number itself is not kept.
/// </summary>
public sealed class NotificationReport
{
    public long Sequence { get; set; }
    public Guid NotificationId { get; set; }
    [MaxLength(16)] public string? Trigger { get; set; }
    [MaxLength(16)] public string? Channel { get; set; }
    [MaxLength(32)] public string? Provider { get; set; }
    [MaxLength(16)] public string? Language { get; set; }
    [MaxLength(16)] public required string Status { get; set; }
    [MaxLength(64)] public string? Reason { get; set; }
    [MaxLength(8)] public string? ProvinceCode { get; set; }
    [MaxLength(64)] public string? PropertyId { get; set; }
    [MaxLength(64)] public string? PersonKey { get; set; }
    [MaxLength(128)] public string? DeviceId { get; set; }
    [MaxLength(2000)] public string? Text { get; set; }
    public int SmsParts { get; set; }
    public DateTime? CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>The version of the template the texts were rendered from; 0 for a built-in text.</summary>
    public int? TemplateVersion { get; set; }
    /// <summary>How often the install link was opened (each click once, see <see cref="InstallClick"/>).</summary>
    public int InstallClicks { get; set; }
    /// <summary>When a message held back by quiet hours is due.</summary>
    public DateTime? DueAt { get; set; }
    /// <summary>The campaign the message belongs to (trigger <c>campaign</c>); null for everything else.</summary>
    public Guid? CampaignId { get; set; }
    /// <summary>The campaign's round (1 for the first).</summary>
    public int? CampaignRound { get; set; }
}

/// <summary>One opening of a notification's install link; the key (notification, time) lets a repeated event count once.</summary>
public sealed class InstallClick
{
    public Guid NotificationId { get; set; }
    public DateTime At { get; set; }
    [MaxLength(16)] public required string Platform { get; set; }
}

/// <summary>Statuses move forward only: an event that arrives late never takes a notification back.</summary>
public static class NotificationStatus
{
    /// <summary>Held back by quiet hours; sent at its due time with the same id.</summary>
    public const string Deferred = "deferred";
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
    public const string Delivered = DeliveryStatuses.Delivered;
    public const string Undelivered = DeliveryStatuses.Undelivered;

    public static int Rank(string status) => status switch
    {
        Deferred => 0, // a late NotificationDeferred never takes a sent one back
        Pending => 1,
        Sent or Failed or Suppressed => 2,
        _ => 3, // receipts: delivered, undelivered
    };
}
