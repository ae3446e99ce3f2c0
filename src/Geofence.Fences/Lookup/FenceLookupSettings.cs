using System.ComponentModel.DataAnnotations;

namespace Geofence.Fences;

/// <summary><c>Geofences:*</c>: how the services that look points up (Admin, Detector) build their snapshots.</summary>
public sealed class FenceLookupSettings
{
    /// <summary>See <see cref="FenceSnapshotOptions.CoastalToleranceMetres"/>; 0 turns the fallback off.</summary>
    [Range(0, 50_000)]
    public double CoastalToleranceMeters { get; set; } = FenceSnapshotOptions.DefaultCoastalToleranceMetres;

    /// <summary>These settings as a snapshot takes them.</summary>
    public FenceSnapshotOptions SnapshotOptions => new() { CoastalToleranceMetres = CoastalToleranceMeters };
}
