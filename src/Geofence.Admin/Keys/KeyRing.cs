using Geofence.Contracts;
using Geofence.Messaging.Outbox;
using Geofence.ServiceDefaults.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Keys;

/// <summary>
/// Issues, ages and revokes one owner's keys (a hotel's, a feed's, or the administrators'), writing each change to the
/// outbox as <see cref="ApiKeysChanged"/> in the same transaction, so every service hears of it.
/// </summary>
public sealed class KeyRing(AdminDb db, TimeProvider time, AuthSettings settings, IssuedAdminKeys adminKeys)
{
    public sealed record NewKey(IssuedKey Row, string Secret);

    /// <summary>The owner's keys that still work (those in their grace period too), oldest first.</summary>
    public async Task<List<IssuedKey>> ActiveAsync(string kind, string? ownerId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var keys = await db.IssuedKeys.Where(k => k.Kind == kind && k.OwnerId == ownerId && k.RevokedAt == null).ToListAsync(ct);
        return [.. keys.Where(k => k.IsActive(now)).OrderBy(k => k.CreatedAt)];
    }

    /// <summary>
    /// A hotel's or feed's key from before keys were kept apart (only its hash on the hotel or feed) becomes a row the
    /// first time its keys are looked at, so that it can be listed, aged and revoked like the others.
    /// </summary>
    public async Task TrackAsync(string kind, string ownerId, string keyHash, DateTime issuedAt, CancellationToken ct)
    {
        if (await db.IssuedKeys.AnyAsync(k => k.KeyHash == keyHash, ct)) return;
        db.IssuedKeys.Add(new IssuedKey
        {
            KeyId = Guid.CreateVersion7(), Kind = kind, OwnerId = ownerId, KeyHash = keyHash, CreatedAt = issuedAt, ChangedAt = issuedAt,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A new key (not yet saved); <paramref name="previous"/> is <c>grace</c> (the others stop after the grace period), <c>revoke</c> (they stop now) or <c>keep</c>.</summary>
    public async Task<NewKey> IssueAsync(string kind, string? ownerId, string prefix, string? name, Previous previous, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var changed = new List<IssuedKey>();
        if (previous != Previous.Keep)
        {
            var until = previous == Previous.Revoke ? now : now + settings.KeyGracePeriod;
            foreach (var key in await ActiveAsync(kind, ownerId, ct))
            {
                if (previous == Previous.Revoke) key.RevokedAt = now;
                else if (key.ExpiresAt is null || key.ExpiresAt > until) key.ExpiresAt = until;
                else continue;
                key.ChangedAt = now;
                changed.Add(key);
            }
        }
        var secret = ApiKey.New(prefix);
        var row = new IssuedKey
        {
            KeyId = Guid.CreateVersion7(), Kind = kind, OwnerId = ownerId, Name = name, KeyHash = ApiKey.Hash(secret),
            CreatedAt = now, ChangedAt = now,
        };
        db.IssuedKeys.Add(row);
        changed.Add(row);
        Announce(changed);
        return new NewKey(row, secret);
    }

    /// <summary>Revokes one key at once (not yet saved); false when the owner has no such key.</summary>
    public async Task<bool> RevokeAsync(string kind, string? ownerId, Guid keyId, CancellationToken ct)
    {
        var key = await db.IssuedKeys.FirstOrDefaultAsync(k => k.KeyId == keyId && k.Kind == kind && k.OwnerId == ownerId, ct);
        if (key is null) return false;
        if (key.RevokedAt is not null) return true;
        var now = time.GetUtcNow().UtcDateTime;
        (key.RevokedAt, key.ChangedAt) = (now, now);
        Announce([key]);
        return true;
    }

    /// <summary>After saving: this process knows an admin key change at once, without waiting for its own message.</summary>
    public void ApplyAdminKeys(IEnumerable<IssuedKey> keys)
    {
        foreach (var state in keys.Where(k => k.Kind == ApiKeyKinds.Admin).Select(k => k.State()))
            adminKeys.Apply(new IssuedAdminKey(state.KeyId, state.KeyHash, state.ExpiresAt, state.RevokedAt, state.ChangedAt));
    }

    private void Announce(IReadOnlyList<IssuedKey> keys)
    {
        var now = time.GetUtcNow();
        db.Outbox.Add(OutboxMessage.For(new ApiKeysChanged([.. keys.Select(k => k.State())]), now));
    }

    public enum Previous { Keep, Grace, Revoke }
}
