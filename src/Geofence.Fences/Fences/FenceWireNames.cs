namespace Geofence.Fences;

/// <summary>
/// The kebab-case names used for fence kinds and point-of-entry types in files, APIs and messages
/// (<c>province</c>, <c>point-of-entry</c>, <c>border-gate</c>, …).
/// </summary>
public static class FenceWireNames
{
    /// <summary>The wire name of a fence kind.</summary>
    public static string ToWireName(this FenceKind kind) => kind switch
    {
        FenceKind.Province => "province",
        FenceKind.PointOfEntry => "point-of-entry",
        FenceKind.Site => "site",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The wire name of a point-of-entry type.</summary>
    public static string ToWireName(this PointOfEntryType type) => type switch
    {
        PointOfEntryType.Airport => "airport",
        PointOfEntryType.Seaport => "seaport",
        PointOfEntryType.BorderGate => "border-gate",
        PointOfEntryType.RailwayStation => "railway-station",
        PointOfEntryType.BusStation => "bus-station",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Parses a fence kind's wire name (case-insensitive).</summary>
    public static bool TryParseFenceKind(string? value, out FenceKind kind)
    {
        foreach (var candidate in Enum.GetValues<FenceKind>())
        {
            if (string.Equals(value, candidate.ToWireName(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>Parses a point-of-entry type's wire name (case-insensitive).</summary>
    public static bool TryParsePointOfEntryType(string? value, out PointOfEntryType type)
    {
        foreach (var candidate in Enum.GetValues<PointOfEntryType>())
        {
            if (string.Equals(value, candidate.ToWireName(), StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }
}
