using NetTopologySuite.Geometries;

namespace Geofence.Fences.Benchmarks;

/// <summary>
/// What every method is measured on: the real 63-province boundaries and the same deterministic random points.
/// Built identically in the host process (PostGIS part, correctness check) and in BenchmarkDotNet's child processes.
/// </summary>
public sealed class LookupData
{
    /// <summary>The 63-province boundary file in the shared geo-data folder (never copied into the repository).</summary>
    public const string Provinces63File = "vn-provinces-63.geojson";

    /// <summary>The 34-province boundary file (from 2025-07-01), for the cell index's memory and build time.</summary>
    public const string Provinces34File = "vn-provinces-34-2025.geojson";

    /// <summary>How many points every run generates (the issue's figure).</summary>
    public const int PointCount = 1_000_000;

    /// <summary>Fixed seed: every run, and every process of a run, sees the same points.</summary>
    public const ulong Seed = 0x6E0F_E2CE_2024_0063;

    /// <summary>The box the points are drawn from: mainland Vietnam's bounding box (lon 102.14–109.47, lat 8.56–23.40).</summary>
    public const double MinLongitude = 102.14, MaxLongitude = 109.47, MinLatitude = 8.56, MaxLatitude = 23.40;

    /// <summary>The instant every lookup asks about (the imported fences are valid at all times).</summary>
    public static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(7));

    private LookupData(IReadOnlyList<Fence> provinces, double[] longitudes, double[] latitudes)
    {
        Provinces = provinces;
        Longitudes = longitudes;
        Latitudes = latitudes;
    }

    /// <summary>The 63 imported province fences, in file order.</summary>
    public IReadOnlyList<Fence> Provinces { get; }

    /// <summary>Point longitudes (x), index-aligned with <see cref="Latitudes"/>.</summary>
    public double[] Longitudes { get; }

    /// <summary>Point latitudes (y).</summary>
    public double[] Latitudes { get; }

    /// <summary>The province areas (NTS geometries, SRID 4326), index-aligned with <see cref="Provinces"/>.</summary>
    public Geometry[] Areas => [.. Provinces.Select(p => ((PolygonShape)p.Shape).Area)];

    /// <summary>Imports the 63 provinces from <paramref name="geoDataDirectory"/> and generates the points.</summary>
    public static async Task<LookupData> LoadAsync(string geoDataDirectory)
    {
        var provinces = await ImportProvincesAsync(geoDataDirectory, Provinces63File, 63, ValidityPeriod.Always);
        var (longitudes, latitudes) = GeneratePoints(PointCount, Seed);
        return new LookupData(provinces, longitudes, latitudes);
    }

    /// <summary>Imports a province file, checking how many provinces it holds.</summary>
    public static async Task<IReadOnlyList<Fence>> ImportProvincesAsync(string geoDataDirectory, string fileName, int expected, ValidityPeriod validity)
    {
        var path = Path.Combine(geoDataDirectory, fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} does not exist. Pass --geo-data DIR or set {BenchSettings.GeoDataVariable} to the folder holding the shared geo-data files.", path);
        }
        await using var file = File.OpenRead(path);
        var result = await FenceImport.FromGeoJsonAsync(file, new FenceImportOptions
        {
            Kind = FenceKind.Province,
            CodeProperty = "code",
            NameProperty = "name_vi",
            ValidFrom = validity.From,
            ValidTo = validity.To,
        });
        if (!result.Succeeded)
        {
            throw new InvalidDataException($"Importing {path} failed: {string.Join("; ", result.Errors)}");
        }
        if (result.Fences.Count != expected)
        {
            throw new InvalidDataException($"{path} holds {result.Fences.Count} provinces, not {expected}.");
        }
        return result.Fences;
    }

    /// <summary>Points uniform in the box, from a SplitMix64 stream (fixed algorithm, unlike <see cref="Random"/>'s).</summary>
    public static (double[] Longitudes, double[] Latitudes) GeneratePoints(int count, ulong seed)
    {
        var longitudes = new double[count];
        var latitudes = new double[count];
        var state = seed;
        for (var i = 0; i < count; i++)
        {
            longitudes[i] = MinLongitude + (MaxLongitude - MinLongitude) * NextUnit(ref state);
            latitudes[i] = MinLatitude + (MaxLatitude - MinLatitude) * NextUnit(ref state);
        }
        return (longitudes, latitudes);
    }

    // SplitMix64, top 53 bits as a double in [0, 1).
    private static double NextUnit(ref ulong state)
    {
        var z = state += 0x9E37_79B9_7F4A_7C15;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
