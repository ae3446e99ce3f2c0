using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Geofence.Fences.Benchmarks;

/// <summary>The what-if prototype against the snapshot, point by point.</summary>
/// <param name="PointsDiffering">Points whose provinces differ from the snapshot's answer.</param>
/// <param name="BoundaryCellShare">Share of grid cells that need the ray-crossing count.</param>
public sealed record PrototypeCheck(int PointsDiffering, double BoundaryCellShare);

/// <summary>Everything the report is made from.</summary>
public sealed record BenchInputs
{
    public required BenchSettings Settings { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required string LoadAverageAtStart { get; init; }
    public required string LoadAverageAtEnd { get; init; }
    public required LookupData Data { get; init; }
    public required long Vertices { get; init; }
    public required Summary Summary { get; init; }
    public required string[][] SnapshotCodes { get; init; }
    public required string[][] BruteForceCodes { get; init; }
    public PrototypeCheck? Prototype { get; init; }
    public required CellIndexCheck CellIndex { get; init; }
    public PostGisResult? PostGis { get; init; }
    public string? PostGisSkipped { get; init; }
}

/// <summary>The results table, ratios, targets, correctness and profiling breakdown, as console text and markdown.</summary>
public sealed class BenchReport
{
    // Issue 15, target 3: on one core, the 63-province set.
    private const double TargetLookupsPerSecond = 10_000_000;
    private const double TargetCoastalLookupsPerSecond = 3_000_000;
    private const double TargetIndexMegabytes = 200;
    private const double TargetTimesPostGis = 20;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private BenchReport(string console, string markdown, bool complete)
    {
        Console = console;
        Markdown = markdown;
        Complete = complete;
    }

    public string Console { get; }
    public string Markdown { get; }

    /// <summary>False when a method that should have been measured was not (a benchmark failed).</summary>
    public bool Complete { get; }

    private sealed record Row(string Method, string Points, double? LookupsPerSecond, string Spread, string Allocated, string Notes);

    private sealed record Measured(double MeanNs, double MarginNs, double MinNs, double MaxNs, long? AllocatedBytes);

    public static BenchReport Build(BenchInputs x)
    {
        var measured = new Dictionary<string, Measured>();
        foreach (var report in x.Summary.Reports)
        {
            if (report.ResultStatistics is { } s)
            {
                measured[report.BenchmarkCase.Descriptor.WorkloadMethod.Name] = new Measured(
                    s.Mean, s.ConfidenceInterval.Margin, s.Min, s.Max, report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase));
            }
        }
        double? Lps(string method) => measured.TryGetValue(method, out var m) ? 1e9 / m.MeanNs : null;
        string Spread(string method) => measured.TryGetValue(method, out var m)
            ? F($"{m.MeanNs:N0} ns/lookup ± {m.MarginNs:N0} (99.9% CI), min {m.MinNs:N0}")
            : "not measured (benchmark failed, see log)";
        string Allocated(string method) => measured.TryGetValue(method, out var m) && m.AllocatedBytes is { } b ? F($"{b:N0} B") : "n/a";

        var pg = x.PostGis;
        static string BestOf(double[] seconds) =>
            F($"best of {seconds.Length}: ") + string.Join(", ", seconds.Select(s => F($"{s:F2}"))) + " s";

        var rows = new List<Row>
        {
            new("Snapshot: FenceSnapshot.Lookup (cell index), coastal fallback off (same question as ST_Covers)",
                F($"{LookupBenchmarks.SnapshotBatch:N0}"), Lps(nameof(LookupBenchmarks.Snapshot)),
                Spread(nameof(LookupBenchmarks.Snapshot)), Allocated(nameof(LookupBenchmarks.Snapshot)), "BenchmarkDotNet, mean"),
            new("Snapshot (cell index), default options (2 km coastal fallback)",
                F($"{LookupBenchmarks.SnapshotBatch:N0}"), Lps(nameof(LookupBenchmarks.SnapshotCoastal2km)),
                Spread(nameof(LookupBenchmarks.SnapshotCoastal2km)), Allocated(nameof(LookupBenchmarks.SnapshotCoastal2km)),
                "BenchmarkDotNet, mean; only cells near the band's edge measure a distance"),
            new("Baseline: the former lookup (STRtree + locators), coastal fallback off",
                F($"{LookupBenchmarks.SnapshotBatch:N0}"), Lps(nameof(LookupBenchmarks.SnapshotByGeometry)),
                Spread(nameof(LookupBenchmarks.SnapshotByGeometry)), Allocated(nameof(LookupBenchmarks.SnapshotByGeometry)), "BenchmarkDotNet, mean"),
            new("The former lookup, 2 km coastal fallback",
                F($"{LookupBenchmarks.ByGeometryCoastalBatch:N0}"), Lps(nameof(LookupBenchmarks.SnapshotByGeometryCoastal2km)),
                Spread(nameof(LookupBenchmarks.SnapshotByGeometryCoastal2km)), Allocated(nameof(LookupBenchmarks.SnapshotByGeometryCoastal2km)),
                "BenchmarkDotNet, mean; points outside every province pay a distance search"),
            new("Brute force: 63 × Geometry.Covers(point)",
                F($"{LookupBenchmarks.BruteForceBatch:N0}"), Lps(nameof(LookupBenchmarks.BruteForceCovers)),
                Spread(nameof(LookupBenchmarks.BruteForceCovers)), Allocated(nameof(LookupBenchmarks.BruteForceCovers)), "BenchmarkDotNet, mean"),
        };
        if (pg is null)
        {
            rows.Add(new("PostGIS ST_Covers", "-", null, $"not measured: {x.PostGisSkipped}", "-", ""));
        }
        else
        {
            rows.Add(new("PostGIS ST_Covers, set join, GiST on provinces + points (planner loops over provinces)",
                F($"{pg.PointCount:N0}"), pg.BothIndexedLookupsPerSecond, BestOf(pg.BothIndexed.Seconds), "server",
                F($"fastest PostGIS answer; needs the points indexed first: +{pg.PointIndexSeconds:F2} s, {pg.BothIndexedWithIndexBuildLookupsPerSecond:N0} lookups/s counting it")));
            rows.Add(new("PostGIS ST_Covers, set join, GiST on provinces only (planner loops over points)",
                F($"{pg.PointCount:N0}"), pg.ProvincesIndexedLookupsPerSecond, BestOf(pg.ProvincesIndexed.Seconds), "server",
                "each probe re-reads a ~1,600-vertex polygon"));
            rows.Add(pg.PerPointLookupsPerSecond is { } perPoint
                ? new("PostGIS ST_Covers, one prepared query per point",
                    F($"{pg.PerPointSample:N0}"), perPoint, BestOf(pg.PerPointSeconds), "server",
                    "sequential round trips on one connection, like a stream of pings")
                : new("PostGIS ST_Covers, one prepared query per point", "-", null, "skipped (--per-point 0)", "-", ""));
        }

        var snapshotLps = Lps(nameof(LookupBenchmarks.Snapshot));
        var coastalLps = Lps(nameof(LookupBenchmarks.SnapshotCoastal2km));
        var bruteLps = Lps(nameof(LookupBenchmarks.BruteForceCovers));
        var byGeometryLps = Lps(nameof(LookupBenchmarks.SnapshotByGeometry));
        var byGeometryCoastalLps = Lps(nameof(LookupBenchmarks.SnapshotByGeometryCoastal2km));
        var ratios = new List<(string Name, double? Value)>
        {
            ("cell index / former lookup (coastal fallback off)", snapshotLps / byGeometryLps),
            ("cell index / former lookup (2 km coastal fallback)", coastalLps / byGeometryCoastalLps),
            ("snapshot / brute force", snapshotLps / bruteLps),
            ("snapshot / PostGIS (set join, fastest: provinces + points indexed)", snapshotLps / pg?.FastestJoinLookupsPerSecond),
            ("snapshot / PostGIS (set join, provinces indexed only)", snapshotLps / pg?.ProvincesIndexedLookupsPerSecond),
            ("snapshot / PostGIS (per point)", snapshotLps / pg?.PerPointLookupsPerSecond),
            ("snapshot with 2 km fallback / PostGIS (set join, fastest)", coastalLps / pg?.FastestJoinLookupsPerSecond),
            ("snapshot with 2 km fallback / PostGIS (per point)", coastalLps / pg?.PerPointLookupsPerSecond),
        };

        List<string> TargetsFor(double? lps, double perSecond) =>
        [
            Target($"≥ {perSecond:N0} lookups/s on one core", lps, perSecond, v => F($"{v:N0} lookups/s")),
            Target($"≥ {TargetTimesPostGis:0}× PostGIS (set join, its fastest plan)", lps / pg?.FastestJoinLookupsPerSecond, TargetTimesPostGis, v => F($"{v:N1}×")),
            Target($"≥ {TargetTimesPostGis:0}× PostGIS (set join, provinces indexed only)", lps / pg?.ProvincesIndexedLookupsPerSecond, TargetTimesPostGis, v => F($"{v:N1}×")),
            Target($"≥ {TargetTimesPostGis:0}× PostGIS (per point)", lps / pg?.PerPointLookupsPerSecond, TargetTimesPostGis, v => F($"{v:N1}×")),
        ];
        var bothSets = x.CellIndex.Builds[^1];
        var targets = TargetsFor(snapshotLps, TargetLookupsPerSecond);
        targets.Add(Target("answers identical to the former lookup on every point (mismatches = 0)", -x.CellIndex.DifferingWithoutTolerance.Count, 0, v => F($"{Math.Abs(v):N0} mismatches")));
        targets.Add(Target($"< {TargetIndexMegabytes:0} MB for the 63 + 34 sets' cell indexes", TargetIndexMegabytes - bothSets.IndexBytes / 1e6, 1e-9, v => F($"{TargetIndexMegabytes - v:N1} MB")));
        var targetsCoastal = TargetsFor(coastalLps, TargetCoastalLookupsPerSecond);
        targetsCoastal.Add(Target("answers identical to the former lookup on every point (mismatches = 0)", -x.CellIndex.DifferingCoastal.Count, 0, v => F($"{Math.Abs(v):N0} mismatches")));

        var correctness = Correctness(x);
        var breakdown = x.Settings.Breakdown ? Breakdown(measured, x.Prototype) : [];
        var environment = Environment(x);

        var complete = rows.Take(5).All(r => r.LookupsPerSecond is not null)
            && (!x.Settings.Breakdown || breakdown.Count > 0)
            && (pg is null || pg.BothIndexed.Seconds.Length > 0);

        return new BenchReport(
            Render(plain: true, x, rows, ratios, targets, targetsCoastal, correctness, breakdown, environment),
            Render(plain: false, x, rows, ratios, targets, targetsCoastal, correctness, breakdown, environment),
            complete);
    }

    private static string Target(string name, double? measured, double threshold, Func<double, string> show) =>
        measured is { } v
            ? $"{name}: {(v >= threshold ? "MET" : "NOT MET")} (measured {show(v)})"
            : $"{name}: NOT MEASURED";

    private static List<string> Correctness(BenchInputs x)
    {
        var lines = new List<string>();
        var snap = x.SnapshotCodes;
        var inside = snap.Count(c => c.Length > 0);
        var several = snap.Count(c => c.Length > 1);
        lines.Add(F($"snapshot: {inside:N0} of {snap.Length:N0} points ({100.0 * inside / snap.Length:F2} %) lie in a province; {several:N0} in more than one (on a shared border)"));

        var ci = x.CellIndex;
        lines.Add(F($"cell index vs the former geometric lookup, all {ci.PointCount:N0} points (fences, order, coastal flag and distance): mismatches = {ci.DifferingWithoutTolerance.Count} with the fallback off, {ci.DifferingCoastal.Count} with the 2 km fallback"));
        foreach (var i in ci.DifferingWithoutTolerance.Concat(ci.DifferingCoastal).Take(10))
        {
            lines.Add(F($"  differs at point {i}: lat {x.Data.Latitudes[i]:R}, lon {x.Data.Longitudes[i]:R}"));
        }
        foreach (var t in ci.Interleaved)
        {
            lines.Add(F($"interleaved rounds (host process, best of 5): {t.Method}: {t.BestNs:N1} ns/lookup, {1e9 / t.BestNs:N0} lookups/s"));
        }
        foreach (var b in ci.Builds)
        {
            lines.Add(F($"cell index, {b.Set}: built in {b.BuildSeconds:F2} s (best of 3); index {b.IndexBytes / 1e6:F1} MB, {b.AllocatedBytes / 1e6:F0} MB allocated while building; {b.MixedCells:N0} of {b.Cells:N0} cells ({(double)b.MixedCells / b.Cells:P1}) test geometry"));
        }

        var bruteCount = x.BruteForceCodes.Length;
        lines.Add(CompareLine($"first {bruteCount:N0} points, (point, province) matches", "snapshot", snap, "brute force", x.BruteForceCodes, bruteCount, out _));

        if (x.PostGis is { } pg)
        {
            lines.Add(CompareLine($"all {snap.Length:N0} points, (point, province) matches", "snapshot", snap, "PostGIS", pg.CodesPerPoint, snap.Length, out var differing));
            lines.Add(F($"PostGIS set-join count(*) = {pg.BothIndexed.Matches:N0} with the points indexed, {pg.ProvincesIndexed.Matches:N0} without (the listing above: {pg.CodesPerPoint.Sum(c => (long)c.Length):N0})"));
            foreach (var i in differing.Take(10))
            {
                lines.Add(F($"  differs at point {i}: lat {x.Data.Latitudes[i]:R}, lon {x.Data.Longitudes[i]:R}: snapshot [{string.Join(",", snap[i])}], PostGIS [{string.Join(",", pg.CodesPerPoint[i])}]"));
            }
            if (pg.PerPointSample > 0)
            {
                var snapSample = snap.Take(pg.PerPointSample).Sum(c => (long)c.Length);
                lines.Add(F($"first {pg.PerPointSample:N0} points, per-point queries: PostGIS {pg.PerPointMatches:N0} matches, snapshot {snapSample:N0} (difference {pg.PerPointMatches - snapSample:+#;-#;0})"));
            }
            lines.Add(F($"geometry round trip: PostGIS stores {pg.StoredVertices:N0} vertices (NTS: {x.Vertices:N0}); ST_IsValid false for {pg.InvalidGeometries} of 63"));
        }
        return lines;
    }

    private static string CompareLine(string what, string aName, string[][] a, string bName, string[][] b, int count, out List<int> differing)
    {
        differing = [];
        long aTotal = 0, bTotal = 0;
        for (var i = 0; i < count; i++)
        {
            aTotal += a[i].Length;
            bTotal += b[i].Length;
            if (!a[i].SequenceEqual(b[i], StringComparer.Ordinal))
            {
                differing.Add(i);
            }
        }
        return F($"{what}: {aName} {aTotal:N0}, {bName} {bTotal:N0}, difference {bTotal - aTotal:+#;-#;0}; points answered differently: {differing.Count}");
    }

    private static List<string> Breakdown(Dictionary<string, Measured> m, PrototypeCheck? prototypeCheck)
    {
        if (!m.TryGetValue(nameof(LookupBenchmarks.StrTreeOnly), out var tree)
            || !m.TryGetValue(nameof(LookupBenchmarks.StrTreeAndLocator), out var treeLoc)
            || !m.TryGetValue(nameof(LookupBenchmarks.EnvelopeScanAndLocator), out var scanLoc)
            || !m.TryGetValue(nameof(LookupBenchmarks.SnapshotByGeometry), out var snap))
        {
            return [];
        }
        string B(Measured x) => x.AllocatedBytes is { } b ? F($"{b:N0} B") : "n/a";
        string Share(double ns, double marginNs) =>
            ns <= marginNs ? F($"within noise ({ns:N0} ± {marginNs:N0} ns)") : F($"{ns / snap.MeanNs:P0} ({ns:N0} ns)");
        return
        [
            F($"STRtree query only:                       {tree.MeanNs,7:N0} ns/lookup, {B(tree)} allocated"),
            F($"STRtree + IndexedPointInAreaLocator:      {treeLoc.MeanNs,7:N0} ns/lookup, {B(treeLoc)} allocated"),
            F($"envelope scan (63) + locator, no STRtree: {scanLoc.MeanNs,7:N0} ns/lookup, {B(scanLoc)} allocated"),
            F($"former lookup (fallback off):             {snap.MeanNs,7:N0} ns/lookup, {B(snap)} allocated"),
            $"=> of a lookup: STRtree {Share(tree.MeanNs, tree.MarginNs)}, point-in-area locator {Share(treeLoc.MeanNs - tree.MeanNs, treeLoc.MarginNs + tree.MarginNs)}, "
                + $"snapshot's own bookkeeping (validation, List<FenceMatch>, sort) {Share(snap.MeanNs - treeLoc.MeanNs, snap.MarginNs + treeLoc.MarginNs)}",
            "   (differences of separately measured means: a share smaller than its confidence margin reads \"within noise\")",
            .. (m.TryGetValue(nameof(LookupBenchmarks.PrototypeGrid), out var proto) && prototypeCheck is { } check
                ? new[]
                {
                    "",
                    F($"what-if prototype (not the product): envelope scan + per-province 128×128 grid of inside/outside/boundary cells + y-band ray crossing for boundary cells"),
                    F($"  {proto.MeanNs,7:N0} ns/lookup ({1e9 / proto.MeanNs:N0} lookups/s), {B(proto)} allocated: {snap.MeanNs / proto.MeanNs:N1}× the former lookup; boundary cells {check.BoundaryCellShare:P1}"),
                    check.PointsDiffering == 0
                        ? F($"  answers identical to the snapshot's for all points")
                        : F($"  answers differ from the snapshot's for {check.PointsDiffering:N0} points"),
                }
                : []),
        ];
    }

    private static List<string> Environment(BenchInputs x)
    {
        var lines = new List<string>
        {
            F($"run started {x.StartedAt:yyyy-MM-dd HH:mm:ss zzz}, {System.Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}"),
            $"load average (/proc/loadavg) at start: {x.LoadAverageAtStart}; at end: {x.LoadAverageAtEnd}",
            F($"points: {x.Data.Longitudes.Length:N0} uniform in the mainland box lon {LookupData.MinLongitude}–{LookupData.MaxLongitude}, lat {LookupData.MinLatitude}–{LookupData.MaxLatitude} (SplitMix64, seed 0x{LookupData.Seed:X}); each method times a prefix of this sequence"),
            F($"provinces: {x.Data.Provinces.Count} from {LookupData.Provinces63File}, {x.Vertices:N0} vertices"),
            $"in-process: BenchmarkDotNet {typeof(Summary).Assembly.GetName().Version}, one process per method, single thread, workstation non-concurrent GC, "
                + (x.Settings.Quick ? "QUICK job (1 warm-up, 3 iterations)" : "3 warm-ups + 10 iterations")
                + (x.Settings.Cpu is { } cpu ? $", pinned to CPU {cpu}" : ", not pinned"),
        };
        if (x.PostGis is { } pg)
        {
            lines.Add($"PostGIS: PostgreSQL {pg.ServerVersion}, {pg.PostGisVersion}; loopback TCP; max_parallel_workers_per_gather = 0 (one core), jit = off; provinces geometry(MultiPolygon,4326), points geometry(Point,4326), GiST indexes");
        }
        return lines;
    }

    private static string Render(bool plain, BenchInputs x, List<Row> rows, List<(string Name, double? Value)> ratios,
        List<string> targets, List<string> targetsCoastal, List<string> correctness, List<string> breakdown, List<string> environment)
    {
        var sb = new StringBuilder();
        string Lps(double? v) => v is { } d ? F($"{d:N0}") : "n/a";
        string Ratio(double? v) => v is { } d ? F($"{d:N1}×") : "n/a";
        string[] header = ["Method", "Points timed", "Lookups/s", "Spread", "Allocated/lookup", "Notes"];
        var cells = rows.Select(r => new[] { r.Method, r.Points, Lps(r.LookupsPerSecond), r.Spread, r.Allocated, r.Notes }).ToList();

        if (plain)
        {
            sb.AppendLine("=== Point lookups, 63 provinces: results ===");
            AppendAligned(sb, header, cells);
            sb.AppendLine();
            sb.AppendLine("Ratios (lookups/s, measured in this run):");
            var width = ratios.Max(r => r.Name.Length);
            foreach (var (name, value) in ratios)
            {
                sb.AppendLine($"  {name.PadRight(width)}  {Ratio(value),8}");
            }
            sb.AppendLine();
            sb.AppendLine("target: ≥ 10,000,000 lookups/s on one core, ≥ 20× PostGIS  (snapshot, coastal fallback off)");
            targets.ForEach(t => sb.AppendLine("  " + t));
            sb.AppendLine("with default options (2 km coastal fallback): ≥ 3,000,000 lookups/s on one core");
            targetsCoastal.ForEach(t => sb.AppendLine("  " + t));
            sb.AppendLine();
            sb.AppendLine("Correctness (same points):");
            correctness.ForEach(l => sb.AppendLine("  " + l));
            if (breakdown.Count > 0)
            {
                sb.AppendLine();
                sb.AppendLine("Profile breakdown (same NTS classes the snapshot uses, same points):");
                breakdown.ForEach(l => sb.AppendLine("  " + l));
            }
            if (x.PostGis is { } pg)
            {
                foreach (var join in new[] { pg.BothIndexed, pg.ProvincesIndexed })
                {
                    sb.AppendLine();
                    sb.AppendLine($"PostGIS set-join plan, {join.Setup}:");
                    sb.AppendLine(join.Plan);
                }
            }
            sb.AppendLine();
            sb.AppendLine("Environment:");
            environment.ForEach(l => sb.AppendLine("  " + l));
            return sb.ToString();
        }

        sb.AppendLine("# Point lookups on the 63-province set");
        sb.AppendLine();
        sb.AppendLine("FenceSnapshot vs brute-force `Geometry.Covers` vs PostGIS `ST_Covers`, on the same points in the same run.");
        sb.AppendLine("Absolute figures depend on the machine and its load; the ratios are what the run shows.");
        sb.AppendLine();
        sb.AppendLine("| " + string.Join(" | ", header) + " |");
        sb.AppendLine("|" + string.Join("|", header.Select((_, i) => i is 1 or 2 ? "---:" : "---")) + "|");
        foreach (var c in cells)
        {
            sb.AppendLine("| " + string.Join(" | ", c.Select(Md)) + " |");
        }
        sb.AppendLine();
        sb.AppendLine("| Ratio | Value |");
        sb.AppendLine("|---|---:|");
        foreach (var (name, value) in ratios)
        {
            sb.AppendLine($"| {Md(name)} | {Ratio(value)} |");
        }
        sb.AppendLine();
        sb.AppendLine("## Targets");
        sb.AppendLine();
        sb.AppendLine("target: ≥ 10,000,000 lookups/s on one core, ≥ 20× PostGIS (snapshot, coastal fallback off):");
        sb.AppendLine();
        targets.ForEach(t => sb.AppendLine("- " + Md(t)));
        sb.AppendLine();
        sb.AppendLine("With default options (2 km coastal fallback): ≥ 3,000,000 lookups/s on one core:");
        sb.AppendLine();
        targetsCoastal.ForEach(t => sb.AppendLine("- " + Md(t)));
        sb.AppendLine();
        sb.AppendLine("## Correctness");
        sb.AppendLine();
        correctness.ForEach(l => sb.AppendLine(l.StartsWith("  ", StringComparison.Ordinal) ? "  - " + Md(l.Trim()) : "- " + Md(l)));
        if (breakdown.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Profile breakdown");
            sb.AppendLine();
            sb.AppendLine("The pieces of `FenceSnapshot.Lookup`, rebuilt from the same NetTopologySuite classes, on the same points:");
            sb.AppendLine();
            sb.AppendLine("```");
            breakdown.ForEach(l => sb.AppendLine(l));
            sb.AppendLine("```");
        }
        if (x.PostGis is { } postGis)
        {
            sb.AppendLine();
            sb.AppendLine("## PostGIS set-join plans");
            foreach (var join in new[] { postGis.BothIndexed, postGis.ProvincesIndexed })
            {
                sb.AppendLine();
                sb.AppendLine($"{join.Setup}:");
                sb.AppendLine();
                sb.AppendLine("```");
                sb.AppendLine(join.Plan);
                sb.AppendLine("```");
            }
        }
        sb.AppendLine();
        sb.AppendLine("## Environment");
        sb.AppendLine();
        environment.ForEach(l => sb.AppendLine("- " + Md(l)));
        return sb.ToString();
    }

    private static void AppendAligned(StringBuilder sb, string[] header, List<string[]> cells)
    {
        var all = new List<string[]> { header };
        all.AddRange(cells);
        var widths = Enumerable.Range(0, header.Length).Select(i => all.Max(r => r[i].Length)).ToArray();
        foreach (var (row, n) in all.Select((r, n) => (r, n)))
        {
            sb.AppendLine(string.Join("  ", row.Select((c, i) => i is 1 or 2 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
            if (n == 0)
            {
                sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }
    }

    private static string Md(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private static string F(FormattableString s) => s.ToString(Invariant);
}
