using System.ComponentModel.DataAnnotations;

namespace Geofence.Ingest.Hotels;

/// <summary>Ingest's copy of a registered hotel: enough to authenticate its PMS and place its guests.</summary>
public sealed class KnownHotel
{
    [MaxLength(64)] public required string PropertyId { get; set; }
    [MaxLength(8)] public required string ProvinceCode { get; set; }
    [MaxLength(64)] public required string ApiKeyHash { get; set; }
    public DateTime RegisteredAt { get; set; }
}
