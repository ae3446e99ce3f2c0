using System.Collections.ObjectModel;

namespace Geofence.Fences;

/// <summary>The airports and seaports listed in <c>geo-data/points-of-entry.csv</c>. Immutable and thread-safe.</summary>
public sealed class PointOfEntryCatalogue
{
    private static readonly Lazy<PointOfEntryCatalogue> BuiltInCatalogue = new(() =>
    {
        using var csv = GeoDataFiles.OpenEmbedded(GeoDataFiles.PointsOfEntry);
        return Load(csv);
    });

    private PointOfEntryCatalogue(IReadOnlyList<PointOfEntry> entries) => Entries = entries;

    /// <summary>The list shipped in <c>geo-data/</c> and embedded in this assembly.</summary>
    public static PointOfEntryCatalogue BuiltIn => BuiltInCatalogue.Value;

    /// <summary>Every listed point of entry, operational or not.</summary>
    public IReadOnlyList<PointOfEntry> Entries { get; }

    /// <summary>Circular fences for the operational points of entry.</summary>
    public IReadOnlyList<Fence> ToFences() => Entries.Where(e => e.IsOperational).Select(e => e.ToFence()).ToArray();

    /// <summary>Reads <c>points-of-entry.csv</c> from a <c>geo-data</c> folder.</summary>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    public static PointOfEntryCatalogue Load(string geoDataDirectory)
    {
        using var csv = GeoDataFiles.OpenFile(geoDataDirectory, GeoDataFiles.PointsOfEntry);
        return Load(csv);
    }

    /// <summary>Reads a points-of-entry CSV.</summary>
    /// <exception cref="InvalidDataException">The file is malformed.</exception>
    public static PointOfEntryCatalogue Load(TextReader csv)
    {
        var table = CsvTable.Parse(csv, GeoDataFiles.PointsOfEntry,
            "type", "code", "name", "latitude", "longitude", "radius_m", "province_code_63", "province_code_34", "status", "note");
        var entries = new List<PointOfEntry>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            if (!FenceWireNames.TryParsePointOfEntryType(row.Required("type"), out var type))
            {
                throw row.Error($"unknown point-of-entry type '{row.Required("type")}'");
            }
            var code = row.Required("code");
            if (!codes.Add(code))
            {
                throw row.Error($"code {code} appears twice");
            }
            GeoPoint location;
            try
            {
                location = new GeoPoint(row.RequiredNumber("latitude"), row.RequiredNumber("longitude"));
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw row.Error(e.Message);
            }
            var radius = row.RequiredNumber("radius_m");
            if (!(radius is > 0 and <= CircleShape.MaxRadiusMetres))
            {
                throw row.Error($"radius_m {radius} is out of range");
            }
            entries.Add(new PointOfEntry(
                type,
                code,
                row.Required("name"),
                location,
                radius,
                row.Required("province_code_63"),
                row.Required("province_code_34"),
                row.Required("status") == "operational",
                row.Optional("note")));
        }
        return new PointOfEntryCatalogue(new ReadOnlyCollection<PointOfEntry>(entries));
    }
}
