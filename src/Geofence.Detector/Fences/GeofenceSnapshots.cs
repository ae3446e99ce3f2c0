using Geofence.Fences;

namespace Geofence.Detector.Fences;

/// <summary>
/// The fences this replica detects against: an immutable snapshot, replaced whole and atomically when a newer
/// version arrives, so a lookup in flight always sees one consistent set.
/// </summary>
public sealed class GeofenceSnapshots(FenceSnapshotOptions options, ILogger<GeofenceSnapshots> logger)
{
    private readonly FenceSnapshotHolder holder = new();
    private readonly Lock swapping = new();
    private long version = -1;

    public FenceSnapshot Current => holder.Current;
    public long Version => Volatile.Read(ref version);

    /// <summary>Builds and swaps in the set unless this replica already has it or a newer one.</summary>
    public void Apply(long newVersion, string featureCollection)
    {
        if (newVersion <= Version) return;
        var snapshot = new FenceSnapshot(FenceFeatures.FromFeatureCollection(featureCollection), options);
        lock (swapping)
        {
            if (newVersion <= version) return;
            holder.Replace(snapshot);
            Volatile.Write(ref version, newVersion);
        }
        logger.LogInformation("Geofences version {Version}: {Count} fences", newVersion, snapshot.Fences.Count);
    }
}
