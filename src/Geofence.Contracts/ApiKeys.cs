namespace Geofence.Contracts;

public static class ApiKeyKinds
{
    public const string Admin = "admin";
    public const string Hotel = "hotel";
    public const string Feed = "feed";
}

/// <summary>
/// The whole state of one API key issued in Admin: whom it belongs to (<see cref="Kind"/> admin, hotel or feed, and the
/// hotel's or feed's id), its hash (never the key), and when it stops or stopped working. A receiver keeps the state
/// with the latest <see cref="ChangedAt"/>, so repeats and late arrivals are harmless.
/// </summary>
public record ApiKeyState(
    Guid KeyId,
    string Kind,
    string? OwnerId,
    string KeyHash,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset ChangedAt);

/// <summary>Keys were issued, put on a grace period or revoked in Admin (or, for admin keys, the whole set on request).</summary>
public record ApiKeysChanged(IReadOnlyList<ApiKeyState> Keys);

/// <summary>A service started (or refreshes): Admin answers with <see cref="ApiKeysChanged"/> holding every admin key.</summary>
public record AdminKeysRequested(DateTimeOffset RequestedAt);

/// <summary>The last use of each key a service saw since its previous report, by hash (sent at most once a minute).</summary>
public record ApiKeysUsed(IReadOnlyList<ApiKeyUse> Uses);

public record ApiKeyUse(string KeyHash, DateTimeOffset LastUsedAt);

/// <summary>
/// Ingest has stored the newest state of these hotel and feed keys (by hash): from now on every Ingest replica answers
/// them accordingly. Admin waits for it before it answers a request that issued a key, so that a key handed out works.
/// </summary>
public record IntegrationKeysConfirmed(IReadOnlyList<string> KeyHashes, DateTimeOffset At);
