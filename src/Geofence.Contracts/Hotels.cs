namespace Geofence.Contracts;

/// <summary>A hotel was registered by the tourism department; Ingest keeps its key hash to authenticate its PMS.</summary>
public record HotelRegistered(
    string PropertyId,
    string Name,
    string ProvinceCode,
    string ApiKeyHash,
    DateTimeOffset RegisteredAt);
