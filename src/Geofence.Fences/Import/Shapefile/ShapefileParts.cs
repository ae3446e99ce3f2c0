using System.IO.Compression;

namespace Geofence.Fences;

/// <summary>The entries of a zip archive that make up one shapefile.</summary>
internal sealed record ShapefileParts(ZipArchiveEntry Shp, ZipArchiveEntry Dbf, ZipArchiveEntry Prj, ZipArchiveEntry? Cpg)
{
    public static ShapefileParts? Find(ZipArchive archive, out string problem)
    {
        problem = "";
        // Skip the resource forks macOS adds when zipping.
        var entries = archive.Entries
            .Where(e => e.Name.Length > 0 && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal))
            .ToArray();
        var shps = entries.Where(e => HasExtension(e, ".shp")).ToArray();
        if (shps.Length != 1)
        {
            problem = shps.Length == 0
                ? "the zip archive holds no .shp file"
                : $"the zip archive holds {shps.Length} shapefiles ({string.Join(", ", shps.Select(e => e.FullName))}); import one at a time";
            return null;
        }
        var shp = shps[0];
        var stem = shp.FullName[..^".shp".Length];
        ZipArchiveEntry? Sibling(string extension) =>
            Array.Find(entries, e => string.Equals(e.FullName, stem + extension, StringComparison.OrdinalIgnoreCase));

        var dbf = Sibling(".dbf");
        var prj = Sibling(".prj");
        if (dbf is null)
        {
            problem = $"no .dbf beside {shp.FullName}: the attributes (code, name) are missing";
            return null;
        }
        if (prj is null)
        {
            problem = $"unknown coordinate reference system: no .prj beside {shp.FullName}";
            return null;
        }
        return new ShapefileParts(shp, dbf, prj, Sibling(".cpg"));
    }

    private static bool HasExtension(ZipArchiveEntry entry, string extension) =>
        entry.FullName.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
}
