using System.Reflection;

namespace Geofence.Testing;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, as the tests themselves were built, so service processes run the same build.</summary>
    public static string Configuration { get; } =
        Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string ServiceAssembly(string project) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", $"{project}.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Geofence.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (Geofence.sln) above " + AppContext.BaseDirectory);
    }
}
