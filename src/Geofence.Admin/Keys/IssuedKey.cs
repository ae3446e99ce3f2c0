using System.ComponentModel.DataAnnotations;
using Geofence.Contracts;

namespace Geofence.Admin.Keys;

/// <summary>
/// An API key issued to an administrator, a hotel or a feed: only its hash is kept. Revoked and expired keys stay as
/// rows so that their state can be told again (a service that starts later must hear that they no longer work).
/// </summary>
public sealed class IssuedKey
{
    public Guid KeyId { get; set; }
    [MaxLength(8)] public required string Kind { get; set; }
    [MaxLength(64)] public string? OwnerId { get; set; }
    [MaxLength(200)] public string? Name { get; set; }
    [MaxLength(64)] public required string KeyHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime ChangedAt { get; set; }

    public bool IsActive(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);

    public ApiKeyState State() => new(KeyId, Kind, OwnerId, KeyHash, Utc(ExpiresAt), Utc(RevokedAt), Utc(ChangedAt)!.Value);

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
