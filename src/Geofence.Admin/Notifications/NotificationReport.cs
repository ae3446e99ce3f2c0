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
}

/// <summary>Statuses move forward only: an event that arrives late never takes a notification back.</summary>
public static class NotificationStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
    public const string Delivered = DeliveryStatuses.Delivered;
    public const string Undelivered = DeliveryStatuses.Undelivered;

    public static int Rank(string status) => status switch
    {
        Pending => 0,
        Sent or Failed or Suppressed => 1,
        _ => 2, // receipts: delivered, undelivered
    };
}
