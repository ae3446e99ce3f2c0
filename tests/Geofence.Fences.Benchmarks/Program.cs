using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Geofence.Fences;
using Geofence.Fences.Benchmarks;

// Point lookups on the real 63-province set: FenceSnapshot vs brute-force Geometry.Covers vs PostGIS ST_Covers,
// all on the same deterministic points and in the same run, so that the ratios hold on a busy machine.
// Run it with `bash infra/bench.sh lookups` (starts PostgreSQL with PostGIS); see README.md beside this file.

if (BenchSettings.Parse(args) is not { } settings)
{
    return args.Any(a => a is "-h" or "--help") ? 0 : 2;
}
#if DEBUG
Console.Error.WriteLine("error: build in Release: dotnet run -c Release --project tests/Geofence.Fences.Benchmarks");
return 2;
#else

if (settings.Profile)
{
    return Profile(settings);
}

var startedAt = DateTimeOffset.Now;
var loadAtStart = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
Console.WriteLine($"geo data:  {settings.GeoData}");
Console.WriteLine($"points:    {LookupData.PointCount:N0}, uniform in lon {LookupData.MinLongitude}–{LookupData.MaxLongitude}, lat {LookupData.MinLatitude}–{LookupData.MaxLatitude} (SplitMix64, seed 0x{LookupData.Seed:X})");

var data = await LookupData.LoadAsync(settings.GeoData);
var vertices = data.Areas.Sum(a => (long)a.NumPoints);
Console.WriteLine($"provinces: {data.Provinces.Count}, {vertices:N0} vertices");

// --- the cell index, untimed: exactness on every point against the geometric lookup, memory, build time ---
Console.WriteLine();
Console.WriteLine("--- cell index ---");
var cellIndex = await CellIndexMeasurements.RunAsync(settings.GeoData, data, Console.Out);

// --- correctness, untimed: per point, which provinces each method answers ---
var snapshot = new FenceSnapshot(data.Provinces, new FenceSnapshotOptions { CoastalToleranceMetres = 0 });
var sw = Stopwatch.StartNew();
var snapshotCodes = LookupMethods.SnapshotCodes(snapshot, data.Longitudes, data.Latitudes);
Console.WriteLine($"snapshot answers for all points computed in {sw.Elapsed.TotalSeconds:F1} s (untimed pass, for the correctness check)");
var bruteCodes = LookupMethods.BruteForceCodes(data.Provinces, data.Longitudes, data.Latitudes, LookupBenchmarks.BruteForceBatch);
PrototypeCheck? prototypeCheck = null;
if (settings.Breakdown)
{
    var prototype = new GridLocatorPrototype(data.Areas);
    var covering = prototype.Covering(data.Longitudes, data.Latitudes);
    var differing = Enumerable.Range(0, covering.Length).Count(i =>
        !covering[i].Select(j => data.Provinces[j].Code).Order(StringComparer.Ordinal).SequenceEqual(snapshotCodes[i], StringComparer.Ordinal));
    prototypeCheck = new PrototypeCheck(differing, prototype.BoundaryCellShare);
}

PostGisResult? postGis = null;
string? postGisSkipped = null;
if (settings.Postgres is { } connectionString)
{
    Console.WriteLine();
    Console.WriteLine("--- PostGIS ---");
    postGis = await PostGisComparison.RunAsync(connectionString, data, settings.PerPointSample, settings.Repeats, settings.KeepTables, Console.Out);
}
else
{
    postGisSkipped = $"no connection string (--postgres or ${BenchSettings.PostgresVariable})";
    Console.WriteLine($"PostGIS part skipped: {postGisSkipped}");
}

// --- in-process methods: BenchmarkDotNet, one process per benchmark, single-threaded ---
Console.WriteLine();
Console.WriteLine("--- BenchmarkDotNet ---");
var config = Config(settings);
if (!settings.Breakdown)
{
    config = config.AddFilter(new AnyCategoriesFilter([LookupBenchmarks.Compare]));
}
var summary = BenchmarkRunner.Run<LookupBenchmarks>(config);

var report = BenchReport.Build(new BenchInputs
{
    Settings = settings,
    StartedAt = startedAt,
    LoadAverageAtStart = loadAtStart,
    LoadAverageAtEnd = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a",
    Data = data,
    Vertices = vertices,
    Summary = summary,
    SnapshotCodes = snapshotCodes,
    BruteForceCodes = bruteCodes,
    Prototype = prototypeCheck,
    CellIndex = cellIndex,
    PostGis = postGis,
    PostGisSkipped = postGisSkipped,
});

Console.WriteLine();
Console.WriteLine(report.Console);
var summaryPath = Path.Combine(settings.Artifacts, "results", "summary.md");
Directory.CreateDirectory(Path.GetDirectoryName(summaryPath)!);
await File.WriteAllTextAsync(summaryPath, report.Markdown);
Console.WriteLine($"written: {summaryPath}");

// Targets are reported, not enforced (figures on a shared machine); a run that could not measure is an error.
return report.Complete ? 0 : 1;

// One process per benchmark (BenchmarkDotNet's default toolchain), single thread, fixed iteration counts.
static ManualConfig Config(BenchSettings settings)
{
    var job = Job.Default
        .WithId(settings.Quick ? "Quick" : "Lookups")
        .WithWarmupCount(settings.Quick ? 1 : 3)
        .WithIterationCount(settings.Quick ? 3 : 10)
        .WithInvocationCount(1)
        .WithUnrollFactor(1)
        .WithGcServer(false)
        .WithGcConcurrent(false)
        .WithEnvironmentVariables(new EnvironmentVariable(BenchSettings.GeoDataVariable, settings.GeoData));
    if (settings.Cpu is { } cpu)
    {
        job = job.WithAffinity((IntPtr)(1L << cpu));
    }
    return ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(job)
        .WithArtifactsPath(settings.Artifacts)
        .WithOptions(ConfigOptions.DisableLogFile);
}

// CPU sampling of the snapshot benchmarks: where a lookup's time goes, as speedscope files.
static int Profile(BenchSettings settings)
{
    var config = Config(settings)
        .AddDiagnoser(new EventPipeProfiler(EventPipeProfile.CpuSampling))
        .AddFilter(new NameFilter(name => name is nameof(LookupBenchmarks.Snapshot) or nameof(LookupBenchmarks.SnapshotCoastal2km)));
    var summary = BenchmarkRunner.Run<LookupBenchmarks>(config);
    Console.WriteLine($"profiles (open in https://www.speedscope.app or any speedscope viewer): {summary.ResultsDirectoryPath}/..");
    foreach (var file in Directory.EnumerateFiles(settings.Artifacts, "*.speedscope.json", SearchOption.AllDirectories))
    {
        Console.WriteLine($"  {file}");
    }
    return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
}
#endif
