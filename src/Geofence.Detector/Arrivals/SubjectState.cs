using System.ComponentModel.DataAnnotations;

namespace Geofence.Detector.Arrivals;

/// <summary>Where a subject ("{feedId}/{subjectId}") was last seen: all the Detector needs to recognise an arrival.</summary>
public sealed class SubjectState
{
    [MaxLength(200)] public required string Key { get; set; }
    public DateTime LastAt { get; set; }
    /// <summary>The province the last ping was in; null when it was outside every province.</summary>
    [MaxLength(8)] public string? LastProvinceCode { get; set; }
    public bool LastAtPointOfEntry { get; set; }
}
