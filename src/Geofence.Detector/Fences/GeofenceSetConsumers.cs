using Geofence.Contracts;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Detector.Fences;

/// <summary>Keeps the newest fence set in the Detector's database (one replica does it; the queue is durable).</summary>
public sealed class GeofenceSetStore(DetectorDb db, TimeProvider time) : IConsumer<GeofencesChanged>
{
    public async Task Consume(ConsumeContext<GeofencesChanged> context)
    {
        var message = context.Message;
        var stored = await db.GeofenceSets.FirstOrDefaultAsync(s => s.Id == StoredGeofenceSet.SingleRow, context.CancellationToken);
        if (stored is null) db.GeofenceSets.Add(stored = new StoredGeofenceSet { FeatureCollection = "" });
        else if (stored.Version >= message.Version) return; // an old or repeated version: its set is not even read
        var featureCollection = await message.FeatureCollection.Value;
        (stored.Version, stored.FeatureCollection, stored.ReceivedAt) = (message.Version, featureCollection, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

public sealed class GeofenceSetStoreDefinition : ConsumerDefinition<GeofenceSetStore>
{
    // One at a time: two versions saved at once would only race for the single row.
    public GeofenceSetStoreDefinition() => ConcurrentMessageLimit = 1;
}

/// <summary>Swaps this replica's snapshot as soon as a change is announced.</summary>
public sealed class GeofenceSnapshotRefresh(GeofenceSnapshots snapshots) : IConsumer<GeofencesChanged>
{
    public async Task Consume(ConsumeContext<GeofencesChanged> context)
    {
        // Versions are compared before the (large) set is read: a replica that has this one reads nothing.
        if (context.Message.Version <= snapshots.Version) return;
        snapshots.Apply(context.Message.Version, await context.Message.FeatureCollection.Value);
    }
}
