using System.Reflection;
using System.Text;

namespace Geofence.Fences;

/// <summary>The CSV files of the repository's <c>geo-data/</c> folder, also embedded in this assembly.</summary>
internal static class GeoDataFiles
{
    public const string Provinces63 = "provinces-63.csv";
    public const string Provinces34 = "provinces-34-2025.csv";
    public const string ProvinceMerge = "province-merge-2025.csv";
    public const string PointsOfEntry = "points-of-entry.csv";

    public static TextReader OpenEmbedded(string fileName)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Geofence.Fences.GeoData." + fileName)
            ?? throw new InvalidOperationException($"Embedded geo-data file {fileName} is missing from the build.");
        return new StreamReader(stream, Encoding.UTF8);
    }

    public static TextReader OpenFile(string directory, string fileName) =>
        new StreamReader(Path.Combine(directory, fileName), Encoding.UTF8);
}
