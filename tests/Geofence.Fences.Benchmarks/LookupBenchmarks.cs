using BenchmarkDotNet.Attributes;
using NetTopologySuite.Geometries;

namespace Geofence.Fences.Benchmarks;

/// <summary>
/// In-process point lookups, single-threaded. Each method processes a fixed batch of the same deterministic points;
/// <c>OperationsPerInvoke</c> equals the batch size, so every figure reads as time per lookup (one point).
/// The batches differ only because the methods differ a thousandfold in speed; they are prefixes of the same
/// uniform random sequence, so they have the same distribution.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
public class LookupBenchmarks
{
    /// <summary>All the points.</summary>
    public const int SnapshotBatch = LookupData.PointCount;

    /// <summary>The geometric lookup with the 2 km coastal fallback: points outside every province cost a distance search.</summary>
    public const int ByGeometryCoastalBatch = 200_000;

    /// <summary><c>Geometry.Covers</c> runs a full DE-9IM relate per envelope hit: about 1,000× slower.</summary>
    public const int BruteForceBatch = 2_000;

    public const string Compare = "compare";
    public const string Breakdown = "breakdown";

    private LookupData _data = null!;
    private FenceSnapshot _snapshot = null!;
    private FenceSnapshot _snapshotCoastal = null!;
    private Geometry[] _areas = null!;
    private LookupParts _parts = null!;
    private GridLocatorPrototype _prototype = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var geoData = Environment.GetEnvironmentVariable(BenchSettings.GeoDataVariable) is { Length: > 0 } configured
            ? configured
            : BenchSettings.DefaultGeoData();
        _data = await LookupData.LoadAsync(geoData);
        _snapshot = new FenceSnapshot(_data.Provinces, new FenceSnapshotOptions { CoastalToleranceMetres = 0 });
        _snapshotCoastal = new FenceSnapshot(_data.Provinces);
        _areas = _data.Areas;
        _parts = new LookupParts(_areas);
        _prototype = new GridLocatorPrototype(_areas);
    }

    /// <summary>The baseline: the snapshot's former lookup (STRtree + locators), coastal fallback off.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = SnapshotBatch)]
    [BenchmarkCategory(Compare)]
    public long SnapshotByGeometry() => LookupMethods.SnapshotByGeometry(_snapshot, _data.Longitudes, _data.Latitudes, SnapshotBatch);

    /// <summary>The former lookup with the default 2 km coastal fallback.</summary>
    [Benchmark(OperationsPerInvoke = ByGeometryCoastalBatch)]
    [BenchmarkCategory(Compare)]
    public long SnapshotByGeometryCoastal2km() => LookupMethods.SnapshotByGeometry(_snapshotCoastal, _data.Longitudes, _data.Latitudes, ByGeometryCoastalBatch);

    /// <summary>The product: FenceSnapshot.Lookup through the national cell index, answering exactly what ST_Covers answers (coastal fallback off).</summary>
    [Benchmark(OperationsPerInvoke = SnapshotBatch)]
    [BenchmarkCategory(Compare)]
    public long Snapshot() => LookupMethods.Snapshot(_snapshot, _data.Longitudes, _data.Latitudes, SnapshotBatch);

    /// <summary>The product as configured by default (2 km coastal fallback, its band precomputed as cells).</summary>
    [Benchmark(OperationsPerInvoke = SnapshotBatch)]
    [BenchmarkCategory(Compare)]
    public long SnapshotCoastal2km() => LookupMethods.Snapshot(_snapshotCoastal, _data.Longitudes, _data.Latitudes, SnapshotBatch);

    [Benchmark(OperationsPerInvoke = BruteForceBatch)]
    [BenchmarkCategory(Compare)]
    public long BruteForceCovers() => LookupMethods.BruteForce(_areas, _data.Longitudes, _data.Latitudes, BruteForceBatch);

    /// <summary>Profiling: the STRtree query alone.</summary>
    [Benchmark(OperationsPerInvoke = SnapshotBatch)]
    [BenchmarkCategory(Breakdown)]
    public long StrTreeOnly() => _parts.TreeOnly(_data.Longitudes, _data.Latitudes, SnapshotBatch);

    /// <summary>Profiling: STRtree query + IndexedPointInAreaLocator, without the snapshot's own bookkeeping.</summary>
    [Benchmark(OperationsPerInvoke = SnapshotBatch)]
    [BenchmarkCategory(Breakdown)]
    public long StrTreeAndLocator() => _parts.TreeAndLocator(_data.Longitudes, _data.Latitudes, SnapshotBatch);

    /// <summary>Profiling: a flat scan of the 63 envelopes instead of the STRtree, + IndexedPointInAreaLocator.</summary>
    [Benchmark(OperationsPerInvoke = SnapshotBatch)]
    [BenchmarkCategory(Breakdown)]
    public long EnvelopeScanAndLocator() => _parts.EnvelopeScanAndLocator(_data.Longitudes, _data.Latitudes, SnapshotBatch);

    /// <summary>What-if (not the product): envelope scan + per-province classified grid + y-band ray crossing.</summary>
    [Benchmark(OperationsPerInvoke = SnapshotBatch)]
    [BenchmarkCategory(Breakdown)]
    public long PrototypeGrid() => _prototype.Count(_data.Longitudes, _data.Latitudes, SnapshotBatch);
}
