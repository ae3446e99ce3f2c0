using System.ComponentModel.DataAnnotations;

namespace Geofence.Admin.Hotels;

/// <summary>A hotel registered by the department; its PMS authenticates with the key whose hash is kept here.</summary>
public sealed class Hotel
{
    [MaxLength(64)] public required string PropertyId { get; set; }
    [MaxLength(200)] public required string Name { get; set; }
    [MaxLength(8)] public required string ProvinceCode { get; set; }
    [MaxLength(64)] public required string ApiKeyHash { get; set; }
    public DateTime RegisteredAt { get; set; }
    public DateTime KeyIssuedAt { get; set; }
}
