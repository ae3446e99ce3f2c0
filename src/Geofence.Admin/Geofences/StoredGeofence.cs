using System.ComponentModel.DataAnnotations;

namespace Geofence.Admin.Geofences;

/// <summary>A fence as the department saved it: its GeoJSON Feature, plus the columns it is listed and matched by.</summary>
public sealed class StoredGeofence
{
    public Guid Id { get; set; }
    [MaxLength(16)] public required string Kind { get; set; }
    [MaxLength(64)] public required string Code { get; set; }
    [MaxLength(200)] public required string Name { get; set; }
    public DateTime? ValidFrom { get; set; }
    public DateTime? ValidTo { get; set; }
    public required string Feature { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One row per change of the fence set; its key makes versions unique even when two admins save at once.</summary>
public sealed class GeofenceSetVersion
{
    public long Version { get; set; }
    public DateTime ChangedAt { get; set; }
}
