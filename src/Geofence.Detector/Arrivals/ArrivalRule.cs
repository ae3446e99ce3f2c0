using Geofence.Contracts;
using Geofence.Fences;

namespace Geofence.Detector.Arrivals;

/// <summary>Where a ping put a subject, and whether that is an arrival.</summary>
public readonly record struct Sighting(string? ProvinceCode, string? PointOfEntryCode, bool IsArrival);

/// <summary>
/// An arrival is an observed crossing into a province (from outside every province, or from another one), or being
/// seen at a point of entry (airport, port, border gate, station) on arrival: first seen there, coming from outside
/// the province, or reappearing there after a while unseen (a flight home with the phone
/// off). A subject first seen deep inside a province is a resident or a late join, not an arrival; a resident who
/// drives to the airport, and a traveller who stays there, are not arrivals either.
/// </summary>
public static class ArrivalRule
{
    public static Sighting Judge(SubjectState? previous, LocationPing ping, FenceSnapshot fences, TimeSpan reappearance)
    {
        string? province = null, pointOfEntry = null;
        foreach (var match in fences.Lookup(ping.Lat, ping.Lon, ping.At))
        {
            if (match.Fence.Kind == FenceKind.Province) province ??= match.Fence.Code;
            else if (match.Fence.Kind == FenceKind.PointOfEntry) pointOfEntry ??= match.Fence.Code;
        }
        if (province is null) return new Sighting(null, pointOfEntry, false);

        var crossedIn = previous is not null && previous.LastProvinceCode != province;
        var cameInThroughEntry = pointOfEntry is not null
                                 && (previous is null || previous.LastProvinceCode != province
                                     || ping.At.UtcDateTime - previous.LastAt >= reappearance);
        return new Sighting(province, pointOfEntry, crossedIn || cameInThroughEntry);
    }
}
