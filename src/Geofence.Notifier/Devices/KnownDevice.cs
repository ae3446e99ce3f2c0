using System.ComponentModel.DataAnnotations;

namespace Geofence.Notifier.Devices;

/// <summary>A device a feed registered: how to push to it, what language it reads, and whose phone it is if known.</summary>
public sealed class KnownDevice
{
    /// <summary>"{feedId}/{deviceId}".</summary>
    [MaxLength(200)] public required string Key { get; set; }
    [MaxLength(128)] public required string DeviceId { get; set; }
    [MaxLength(16)] public required string Platform { get; set; }
    /// <summary>Encrypted with <c>FieldCipher</c>; its length is set in <see cref="NotifierDb"/>.</summary>
    public string? PushToken { get; set; }
    [MaxLength(35)] public string? Language { get; set; }
    /// <summary>E.164, kept because an SMS needs it when the device cannot be pushed to. Encrypted like the token.</summary>
    public string? Phone { get; set; }
    [MaxLength(64)] public string? PhoneKey { get; set; }
    public bool BluezoneInstalled { get; set; }
    public DateTime RegisteredAt { get; set; }
}
