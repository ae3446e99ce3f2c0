namespace Geofence.Fences;

/// <summary>A listed airport or seaport with the circle used to detect arrivals there.</summary>
/// <param name="Type">Airport, seaport, …</param>
/// <param name="Code">IATA code for airports, <c>WPI-</c> plus the World Port Index number for seaports.</param>
/// <param name="Name">Name as published by the source.</param>
/// <param name="Location">Reference point of the facility.</param>
/// <param name="RadiusMetres">Radius of the arrival fence around <paramref name="Location"/>.</param>
/// <param name="ProvinceCode63">Province before 2025-07-01 (GSO code).</param>
/// <param name="ProvinceCode34">Province from 2025-07-01 (GSO code).</param>
/// <param name="IsOperational">False for facilities listed before they open (e.g. Long Thành).</param>
/// <param name="Note">Data caveat, if any.</param>
public sealed record PointOfEntry(
    PointOfEntryType Type,
    string Code,
    string Name,
    GeoPoint Location,
    double RadiusMetres,
    string ProvinceCode63,
    string ProvinceCode34,
    bool IsOperational,
    string? Note)
{
    /// <summary>
    /// The circular fence for this point of entry, always valid. Its id is derived from type and code, so
    /// it is the same every time the catalogue is loaded.
    /// </summary>
    public Fence ToFence() => Fence.PointOfEntry(
        NameBasedGuid.Create(NameBasedGuid.GeoDataNamespace, $"point-of-entry/{Type.ToWireName()}/{Code}"),
        Type,
        Code,
        Name,
        new CircleShape(Location, RadiusMetres));
}
