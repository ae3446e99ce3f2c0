using System.IO.Compression;

namespace Geofence.Fences;

/// <summary>The entries of a zip archive that make up one shapefile.</summary>
internal sealed record ShapefileParts(ZipArchiveEntry Shp, ZipArchiveEntry Dbf, ZipArchiveEntry Prj, ZipArchiveEntry? Cpg)
{
    public static ShapefileParts? Find(ZipArchive archive, out string problem)
    {
        problem = "";
        // Nothing is written to disk, but an archive naming files outside itself is hostile, not a data steward's.
        if (archive.Entries.FirstOrDefault(e => !IsSafeName(e.FullName)) is { } unsafeEntry)
        {
            problem = $"the zip archive holds an entry named '{unsafeEntry.FullName}', which points outside the archive";
            return null;
        }
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

    private static bool IsSafeName(string name) =>
        name.Length > 0 && name[0] is not ('/' or '\\') && !name.Contains(':', StringComparison.Ordinal)
        && !name.Split('/', '\\').Contains("..");

    private static bool HasExtension(ZipArchiveEntry entry, string extension) =>
        entry.FullName.EndsWith(extension, StringComparison.OrdinalIgnoreCase);
}
