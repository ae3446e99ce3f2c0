using System.ComponentModel.DataAnnotations;

namespace Geofence.Admin.Persons;

/// <summary>
/// One service's part of an erasure: requested, then confirmed by the service's <c>PersonErased</c>. Holds no person
/// key, so that the record of an erasure does not point back to the person it erased.
/// </summary>
public sealed class PersonErasure
{
    public Guid ErasureId { get; set; }
    [MaxLength(16)] public required string Service { get; set; }
    public DateTime RequestedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    /// <summary>How many rows the service deleted or blanked.</summary>
    public int? Rows { get; set; }
}
