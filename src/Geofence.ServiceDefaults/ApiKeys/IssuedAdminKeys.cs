using System.Collections.Concurrent;

namespace Geofence.ServiceDefaults.ApiKeys;

/// <summary>One admin key issued through the API, as a service knows it: its hash and whether it still works.</summary>
public sealed record IssuedAdminKey(Guid KeyId, string KeyHash, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset ChangedAt)
{
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>
/// The admin keys issued through <c>/api/v1/admin-keys</c>, held in memory by every service that maps admin endpoints.
/// Admin publishes each change (and the whole set when a service asks at start-up); a key's newer state always wins,
/// so a late or repeated message cannot bring a revoked key back. The bootstrap key is not here: it is configuration.
/// </summary>
public sealed class IssuedAdminKeys
{
    private readonly ConcurrentDictionary<Guid, IssuedAdminKey> keys = new();

    public void Apply(IssuedAdminKey key) =>
        keys.AddOrUpdate(key.KeyId, key, (_, known) => key.ChangedAt >= known.ChangedAt ? key : known);

    /// <summary>Compares the presented hash with every active key's in constant time (the set is small).</summary>
    public bool Matches(string presentedKeyHash, DateTimeOffset now)
    {
        var found = false;
        foreach (var key in keys.Values)
        {
            found |= ApiKey.HashesEqual(key.KeyHash, presentedKeyHash) & key.IsActive(now);
        }
        return found;
    }
}
