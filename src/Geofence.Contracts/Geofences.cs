using MassTransit;

namespace Geofence.Contracts;

/// <summary>
/// The whole set of geofences after a change, as a GeoJSON FeatureCollection (see Geofence.Fences.FenceFeatures).
/// Admin publishes it on every change; every Detector replica swaps its snapshot for it. Higher versions win. The
/// set (tens of megabytes for official boundaries) travels by claim check: the message carries its address only,
/// and a consumer that already has this version or a newer one never reads it.
/// </summary>
public record GeofencesChanged(long Version, MessageData<string> FeatureCollection, DateTimeOffset ChangedAt);
