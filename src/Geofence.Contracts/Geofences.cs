namespace Geofence.Contracts;

/// <summary>
/// The whole set of geofences after a change, as a GeoJSON FeatureCollection (see Geofence.Fences.FenceFeatures).
/// Admin publishes it on every change; every Detector replica swaps its snapshot for it. Higher versions win.
/// </summary>
public record GeofencesChanged(long Version, string FeatureCollection, DateTimeOffset ChangedAt);
