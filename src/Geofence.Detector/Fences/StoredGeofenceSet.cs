namespace Geofence.Detector.Fences;

/// <summary>The latest fence set this service received, so a restarted replica starts with it. A single row.</summary>
public sealed class StoredGeofenceSet
{
    public const int SingleRow = 1;
    public int Id { get; set; } = SingleRow;
    public long Version { get; set; }
    public required string FeatureCollection { get; set; }
    public DateTime ReceivedAt { get; set; }
}
