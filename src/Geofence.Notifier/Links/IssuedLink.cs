using System.ComponentModel.DataAnnotations;

namespace Geofence.Notifier.Links;

/// <summary>
/// The links one notification carries: <c>/i/{token}</c> (install, counted) and <c>/o/{token}</c> (one-tap opt-out).
/// The token is random and unguessable and names no phone number; it stops working at <see cref="ExpiresAt"/>.
/// </summary>
public sealed class IssuedLink
{
    [MaxLength(16)] public required string Token { get; set; }
    public Guid NotificationId { get; set; }
    [MaxLength(64)] public required string PersonKey { get; set; }
    [MaxLength(16)] public required string Language { get; set; }
    [MaxLength(8)] public required string ProvinceCode { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public int InstallClicks { get; set; }
    public DateTime? OptedOutAt { get; set; }
}
