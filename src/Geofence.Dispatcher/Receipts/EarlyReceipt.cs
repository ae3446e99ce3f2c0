using System.ComponentModel.DataAnnotations;

namespace Geofence.Dispatcher.Receipts;

/// <summary>
/// A final receipt that named no delivery we had committed yet: the provider can call back within milliseconds of
/// accepting, before the Dispatcher's own transaction commits. Kept until the delivery appears or it expires.
/// </summary>
public sealed class EarlyReceipt
{
    public long Id { get; set; }
    [MaxLength(32)] public required string Provider { get; set; }
    [MaxLength(200)] public string? ProviderMessageId { get; set; }
    public Guid? NotificationId { get; set; }
    [MaxLength(16)] public required string Status { get; set; }
    [MaxLength(64)] public string? ErrorCode { get; set; }
    public DateTime ReceivedAt { get; set; }
}
