using System.ComponentModel.DataAnnotations;

namespace Geofence.Dispatcher.Deliveries;

/// <summary>The final outcome of handing one notification to its provider.</summary>
public sealed class Delivery
{
    /// <summary>The provider accepted it; a receipt may still make it delivered or undelivered.</summary>
    public const string Sent = "sent";
    /// <summary>No channel took it.</summary>
    public const string Failed = "failed";

    public Guid NotificationId { get; set; }
    [MaxLength(16)] public required string Channel { get; set; }
    [MaxLength(32)] public required string Provider { get; set; }
    [MaxLength(16)] public required string Status { get; set; }
    [MaxLength(200)] public string? ProviderMessageId { get; set; }
    [MaxLength(500)] public string? FailureReason { get; set; }
    public DateTime CompletedAt { get; set; }
}
