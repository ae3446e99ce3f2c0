using System.ComponentModel.DataAnnotations;

namespace Geofence.Dispatcher.Sandbox;

/// <summary>A message the sandbox provider "sent": exactly what a real provider would have received.</summary>
public sealed class SandboxMessage
{
    public long Id { get; set; }
    public Guid NotificationId { get; set; }
    [MaxLength(16)] public required string Channel { get; set; }
    [MaxLength(64)] public required string PersonKey { get; set; }
    [MaxLength(128)] public string? DeviceId { get; set; }
    /// <summary>The E.164 number or push token, in clear: the sandbox exists to show what would be sent.</summary>
    [MaxLength(4096)] public required string Recipient { get; set; }
    [MaxLength(16)] public required string Language { get; set; }
    [MaxLength(2000)] public required string Text { get; set; }
    public int SmsParts { get; set; }
    public DateTime RecordedAt { get; set; }
}
