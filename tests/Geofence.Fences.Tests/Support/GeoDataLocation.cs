namespace Geofence.Fences.Tests.Support;

/// <summary>Finds the repository's own geo-data and the shared boundary files kept outside the repository.</summary>
internal static class GeoDataLocation
{
    public const string EnvironmentVariable = "GEOFENCE_GEO_DATA";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The repository's <c>geo-data/</c> (public facts shipped with the product).</summary>
    public static string RepositoryGeoData => Path.Combine(RepositoryRoot, "geo-data");

    /// <summary>
    /// The shared folder with the boundary GeoJSON files (never copied into the repository):
    /// <c>$GEOFENCE_GEO_DATA</c>, or <c>../shared/geo-data</c> beside the repository root.
    /// </summary>
    public static string SharedGeoData =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "geo-data"));

    /// <summary>The path of a shared file, or skips the test with the reason when it is not there.</summary>
    public static string SharedFileOrSkip(string fileName)
    {
        var path = Path.Combine(SharedGeoData, fileName);
        if (!File.Exists(path))
        {
            Assert.Skip($"Real boundary data not available: {path} does not exist. Set {EnvironmentVariable} to the folder holding the shared geo-data files.");
        }
        return path;
    }

    // Geofence.sln marks the root; without it, the folder holding both root props files (tests/ has its own Directory.Build.props).
    private static string FindRepositoryRoot() =>
        FindAncestor(d => File.Exists(Path.Combine(d, "Geofence.sln")))
        ?? FindAncestor(d => File.Exists(Path.Combine(d, "Directory.Build.props")) && File.Exists(Path.Combine(d, "Directory.Packages.props")))
        ?? throw new InvalidOperationException($"No Geofence.sln or Directory.Build.props above {AppContext.BaseDirectory}.");

    private static string? FindAncestor(Func<string, bool> isRoot)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (isRoot(directory.FullName))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
