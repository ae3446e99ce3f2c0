namespace Geofence.Fences.Benchmarks;

/// <summary>Command line and environment of a benchmark run.</summary>
public sealed record BenchSettings
{
    /// <summary>Folder holding <see cref="LookupData.Provinces63File"/> (same variable as the tests).</summary>
    public const string GeoDataVariable = "GEOFENCE_GEO_DATA";

    /// <summary>Npgsql connection string of a PostgreSQL server where <c>CREATE EXTENSION postgis</c> works.</summary>
    public const string PostgresVariable = "GEOFENCE_BENCH_POSTGRES";

    public const string Usage = """
        Point lookups on the real 63-province set: FenceSnapshot vs brute-force Geometry.Covers vs PostGIS ST_Covers.

        usage: dotnet run -c Release --project tests/Geofence.Fences.Benchmarks -- [options]
          --geo-data DIR        folder with vn-provinces-63.geojson (default: $GEOFENCE_GEO_DATA, else ../shared/geo-data beside the repo)
          --postgres CONN       Npgsql connection string, superuser or owner of a database with PostGIS available
                                (default: $GEOFENCE_BENCH_POSTGRES); without it the PostGIS part is skipped and reported as not measured
          --per-point N         points for the per-point parameterised PostGIS query (default 10000; 0 skips it)
          --repeats N           PostGIS timings: repeat N times, keep the best (default 3)
          --artifacts DIR       BenchmarkDotNet output folder (default ./BenchmarkDotNet.Artifacts); summary.md goes in DIR/results
          --quick               fewer BenchmarkDotNet iterations (smoke test; figures are noisier)
          --no-breakdown        skip the profiling breakdown benchmarks (STRtree only, STRtree + locator, envelope scan + locator)
          --profile             only profile the two snapshot benchmarks (EventPipe CPU sampling; speedscope files in the
                                artifacts folder); no PostGIS, no table
          --keep-tables         leave the bench_* tables in the database afterwards (to inspect them with psql)
          --cpu N               pin the BenchmarkDotNet benchmark processes to logical CPU N (default: not pinned, still one thread)
        """;

    public required string GeoData { get; init; }
    public string? Postgres { get; init; }
    public int PerPointSample { get; init; } = 10_000;
    public int Repeats { get; init; } = 3;
    public required string Artifacts { get; init; }
    public bool Quick { get; init; }
    public bool Breakdown { get; init; } = true;
    public int? Cpu { get; init; }
    public bool KeepTables { get; init; }
    public bool Profile { get; init; }

    /// <summary>Parses <paramref name="args"/>; null (after printing why) when they are unusable or help was asked for.</summary>
    public static BenchSettings? Parse(string[] args)
    {
        string? geoData = Environment.GetEnvironmentVariable(GeoDataVariable) is { Length: > 0 } g ? g : null;
        string? postgres = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } p ? p : null;
        var settings = new BenchSettings { GeoData = "", Artifacts = Path.GetFullPath("BenchmarkDotNet.Artifacts") };
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Count() => int.TryParse(Value(), out var n) && n >= 0 ? n : throw new ArgumentException($"{args[i - 1]} needs a non-negative integer");
            try
            {
                switch (args[i])
                {
                    case "--geo-data": geoData = Value(); break;
                    case "--postgres": postgres = Value(); break;
                    case "--per-point": settings = settings with { PerPointSample = Count() }; break;
                    case "--repeats": settings = settings with { Repeats = Math.Max(1, Count()) }; break;
                    case "--artifacts": settings = settings with { Artifacts = Path.GetFullPath(Value()) }; break;
                    case "--quick": settings = settings with { Quick = true }; break;
                    case "--no-breakdown": settings = settings with { Breakdown = false }; break;
                    case "--profile": settings = settings with { Profile = true }; break;
                    case "--keep-tables": settings = settings with { KeepTables = true }; break;
                    case "--cpu": settings = settings with { Cpu = Count() }; break;
                    case "-h" or "--help": Console.WriteLine(Usage); return null;
                    default: throw new ArgumentException($"unknown argument {args[i]}");
                }
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}\n\n{Usage}");
                return null;
            }
        }
        return settings with
        {
            GeoData = Path.GetFullPath(geoData ?? DefaultGeoData()),
            Postgres = postgres,
        };
    }

    /// <summary><c>../shared/geo-data</c> beside the repository root (the folder holding Geofence.sln).</summary>
    public static string DefaultGeoData()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Geofence.sln")) || File.Exists(Path.Combine(d.FullName, "Geofence.slnx")))
                {
                    return Path.Combine(d.FullName, "..", "shared", "geo-data");
                }
            }
        }
        return Path.Combine(Environment.CurrentDirectory, "..", "shared", "geo-data");
    }
}
