using System.Text.Json;
using Geofence.Contracts;
using Geofence.Fences;
using Geofence.Messaging.MessageData;
using Geofence.Messaging.Outbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Admin.Geofences;

/// <summary>
/// The department's fences: saving changes, telling the Detectors (the whole set, versioned, through the outbox in
/// the same transaction; the set itself by claim check), and answering lookups from a snapshot rebuilt whenever the saved version moves on.
/// </summary>
public sealed class GeofenceSet(AdminDb db, GeofenceLookupCache cache, FenceSnapshotOptions options, MessageDataRepository messageData, TimeProvider time)
{
    /// <summary>Adds or replaces fences and publishes the new set; one transaction for all of them.</summary>
    public async Task SaveAsync(IReadOnlyCollection<Fence> fences, IReadOnlyCollection<Guid> deletions, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ids = fences.Select(f => f.Id).Concat(deletions).ToArray();
        var existing = await db.Geofences.Where(g => ids.Contains(g.Id)).ToDictionaryAsync(g => g.Id, ct);
        foreach (var fence in fences)
        {
            if (!existing.TryGetValue(fence.Id, out var row))
            {
                row = new StoredGeofence { Id = fence.Id, Kind = "", Code = "", Name = "", Feature = "" };
                db.Geofences.Add(row);
            }
            row.Kind = fence.Kind.ToWireName();
            row.Code = fence.Code;
            row.Name = fence.Name;
            row.ValidFrom = fence.Validity.From?.UtcDateTime;
            row.ValidTo = fence.Validity.To?.UtcDateTime;
            row.Feature = FenceFeatures.ToFeature(fence).ToJsonString();
            row.UpdatedAt = now.UtcDateTime;
        }
        foreach (var id in deletions)
        {
            if (existing.TryGetValue(id, out var row)) db.Geofences.Remove(row);
        }
        await db.SaveChangesAsync(ct);

        var version = (await db.GeofenceVersions.MaxAsync(v => (long?)v.Version, ct) ?? 0) + 1;
        db.GeofenceVersions.Add(new GeofenceSetVersion { Version = version, ChangedAt = now.UtcDateTime });
        var features = await db.Geofences.AsNoTracking().OrderBy(g => g.Id).Select(g => g.Feature).ToListAsync(ct);
        // The set goes by claim check, stored in this transaction: it is committed with the outbox row or not at all.
        var collection = await messageData.Within(db).PutString(Collection(features), ct);
        db.Outbox.Add(OutboxMessage.For(new GeofencesChanged(version, collection, now), now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        // The cached snapshot is stale now; dropping it lets replaced or deleted geometry go instead of waiting for a lookup.
        cache.Current = null;
    }

    public async Task<FenceSnapshot> SnapshotAsync(CancellationToken ct)
    {
        var version = await db.GeofenceVersions.MaxAsync(v => (long?)v.Version, ct) ?? 0;
        if (cache.Current is { } current && current.Version == version) return current.Snapshot;
        var rows = await db.Geofences.AsNoTracking().Select(g => new { g.Id, g.Feature }).ToListAsync(ct);
        var snapshot = new FenceSnapshot(rows.Select(r => Read(r.Id, r.Feature)), options);
        cache.Current = new GeofenceLookupCache.Entry(version, snapshot);
        return snapshot;
    }

    /// <summary>Stored Features (already JSON) joined into one FeatureCollection without parsing them again.</summary>
    public static string Collection(IEnumerable<string> features) =>
        $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""";

    public static Fence Read(Guid id, string feature)
    {
        using var document = JsonDocument.Parse(feature);
        return FenceFeatures.FromFeature(document.RootElement, id, out var problem)
               ?? throw new InvalidDataException($"Stored fence {id} is invalid: {problem}");
    }
}

/// <summary>The last lookup snapshot Admin built, shared by requests; replaced whole, never changed.</summary>
public sealed class GeofenceLookupCache
{
    public sealed record Entry(long Version, FenceSnapshot Snapshot);

    private Entry? current;

    public Entry? Current
    {
        get => Volatile.Read(ref current);
        set => Volatile.Write(ref current, value);
    }
}
