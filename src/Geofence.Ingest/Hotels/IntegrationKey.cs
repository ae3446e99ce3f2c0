using System.ComponentModel.DataAnnotations;

namespace Geofence.Ingest.Hotels;

/// <summary>
/// Ingest's copy of one hotel or feed key Admin issued, aged or revoked. A key found here is decided by its row alone;
/// a hotel's or feed's registration key with no row here (issued before keys were tracked) still works.
/// </summary>
public sealed class IntegrationKey
{
    public Guid KeyId { get; set; }
    [MaxLength(8)] public required string Kind { get; set; }
    [MaxLength(64)] public required string OwnerId { get; set; }
    [MaxLength(64)] public required string KeyHash { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime ChangedAt { get; set; }

    public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
