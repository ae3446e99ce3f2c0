using System.Diagnostics;

namespace Geofence.Fences.Benchmarks;

/// <summary>One snapshot build: how long, and how much memory its cell indexes and the whole snapshot hold.</summary>
/// <param name="Set">Which provinces, with which tolerance.</param>
/// <param name="BuildSeconds">Wall time of the FenceSnapshot constructor (it builds the cell indexes), best of 3.</param>
/// <param name="IndexBytes">Bytes of the cell indexes' own arrays (cells and candidate lists).</param>
/// <param name="AllocatedBytes">Bytes allocated while building the whole snapshot (prepared geometries, STRtrees, cell indexes and their scratch).</param>
/// <param name="Cells">Cells in its grids.</param>
/// <param name="MixedCells">Cells that test geometry (an edge, or the coastal band's edge, crosses them).</param>
public sealed record CellIndexBuild(string Set, double BuildSeconds, long IndexBytes, long AllocatedBytes, long Cells, long MixedCells);

/// <summary>The cell index against the geometric lookup it replaced, on every point, and its builds.</summary>
public sealed record CellIndexCheck(IReadOnlyList<CellIndexBuild> Builds, List<int> DifferingWithoutTolerance, List<int> DifferingCoastal, int PointCount,
    IReadOnlyList<InterleavedTiming> Interleaved);

/// <summary>Best nanoseconds per lookup over rounds that alternate the methods, so that a busy machine slows them alike.</summary>
public sealed record InterleavedTiming(string Method, int Points, double BestNs);

/// <summary>Untimed by BenchmarkDotNet: the cell index's exactness on all points, its memory and build time.</summary>
public static class CellIndexMeasurements
{
    public static async Task<CellIndexCheck> RunAsync(string geoData, LookupData data, TextWriter log)
    {
        var provinces34 = await LookupData.ImportProvincesAsync(geoData, LookupData.Provinces34File, 34, ValidityPeriod.Always);
        var before = await LookupData.ImportProvincesAsync(geoData, LookupData.Provinces63File, 63, ProvinceReorganisation2025.Before);
        var from = await LookupData.ImportProvincesAsync(geoData, LookupData.Provinces34File, 34, ProvinceReorganisation2025.From);

        var builds = new List<CellIndexBuild>
        {
            Build("63 provinces, coastal fallback off", data.Provinces, 0),
            Build("63 provinces, 2 km coastal fallback", data.Provinces, FenceSnapshotOptions.DefaultCoastalToleranceMetres),
            Build("34 provinces, 2 km coastal fallback", provinces34, FenceSnapshotOptions.DefaultCoastalToleranceMetres),
            Build("63 + 34 provinces (each its validity), 2 km coastal fallback", [.. before, .. from], FenceSnapshotOptions.DefaultCoastalToleranceMetres),
        };
        foreach (var b in builds)
        {
            log.WriteLine($"cell index, {b.Set}: built in {b.BuildSeconds:F2} s; index {b.IndexBytes / 1e6:F1} MB, {b.AllocatedBytes / 1e6:F0} MB allocated while building; {b.MixedCells:N0} of {b.Cells:N0} cells test geometry");
        }

        var sw = Stopwatch.StartNew();
        var plain = new FenceSnapshot(data.Provinces, new FenceSnapshotOptions { CoastalToleranceMetres = 0 });
        var coastal = new FenceSnapshot(data.Provinces);
        var differing = LookupMethods.CellIndexDifferences(plain, data.Longitudes, data.Latitudes);
        var differingCoastal = LookupMethods.CellIndexDifferences(coastal, data.Longitudes, data.Latitudes);
        log.WriteLine($"cell index vs geometric lookup on all {data.Longitudes.Length:N0} points: {differing.Count} mismatches (fallback off), {differingCoastal.Count} (2 km fallback); checked in {sw.Elapsed.TotalSeconds:F1} s");

        // A cross-check of BenchmarkDotNet's figures that survives a shared machine: the methods alternate within each round.
        (string Name, int Points, Func<long> Run)[] methods =
        [
            ("cell index, fallback off", LookupBenchmarks.SnapshotBatch, () => LookupMethods.Snapshot(plain, data.Longitudes, data.Latitudes, LookupBenchmarks.SnapshotBatch)),
            ("former lookup, fallback off", LookupBenchmarks.SnapshotBatch, () => LookupMethods.SnapshotByGeometry(plain, data.Longitudes, data.Latitudes, LookupBenchmarks.SnapshotBatch)),
            ("cell index, 2 km fallback", LookupBenchmarks.SnapshotBatch, () => LookupMethods.Snapshot(coastal, data.Longitudes, data.Latitudes, LookupBenchmarks.SnapshotBatch)),
            ("former lookup, 2 km fallback", LookupBenchmarks.ByGeometryCoastalBatch, () => LookupMethods.SnapshotByGeometry(coastal, data.Longitudes, data.Latitudes, LookupBenchmarks.ByGeometryCoastalBatch)),
        ];
        var best = methods.Select(_ => double.MaxValue).ToArray();
        for (var round = 0; round < 5; round++)
        {
            for (var m = 0; m < methods.Length; m++)
            {
                var timer = Stopwatch.StartNew();
                GC.KeepAlive(methods[m].Run());
                best[m] = Math.Min(best[m], timer.Elapsed.TotalNanoseconds / methods[m].Points);
            }
        }
        var interleaved = methods.Select((m, i) => new InterleavedTiming(m.Name, m.Points, best[i])).ToList();
        foreach (var t in interleaved)
        {
            log.WriteLine($"interleaved, best of 5 rounds: {t.Method}: {t.BestNs:N1} ns/lookup, {1e9 / t.BestNs:N0} lookups/s");
        }
        return new CellIndexCheck(builds, differing, differingCoastal, data.Longitudes.Length, interleaved);
    }

    private static CellIndexBuild Build(string set, IReadOnlyList<Fence> fences, double tolerance)
    {
        var options = new FenceSnapshotOptions { CoastalToleranceMetres = tolerance };
        var seconds = double.MaxValue;
        FenceSnapshot? snapshot = null;
        long bytes = 0;
        for (var run = 0; run < 3; run++)
        {
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            snapshot = new FenceSnapshot(fences, options);
            seconds = Math.Min(seconds, sw.Elapsed.TotalSeconds);
            bytes = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        }
        var indexes = snapshot!.CellIndexes.ToList();
        return new CellIndexBuild(set, seconds, indexes.Sum(i => i.Bytes), bytes, indexes.Sum(i => (long)i.CellCount), indexes.Sum(i => (long)i.MixedCellCount));
    }
}
