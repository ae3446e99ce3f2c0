namespace Geofence.Fences;

/// <summary>The kind of place where travellers enter the province.</summary>
public enum PointOfEntryType
{
    /// <summary>Wire name <c>airport</c>.</summary>
    Airport,

    /// <summary>Wire name <c>seaport</c>.</summary>
    Seaport,

    /// <summary>A land border crossing (cửa khẩu); wire name <c>border-gate</c>.</summary>
    BorderGate,

    /// <summary>Wire name <c>railway-station</c>.</summary>
    RailwayStation,

    /// <summary>Wire name <c>bus-station</c>.</summary>
    BusStation,
}
