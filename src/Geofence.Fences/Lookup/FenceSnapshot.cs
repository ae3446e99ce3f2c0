using System.Collections.ObjectModel;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Geofence.Fences;

/// <summary>
/// An immutable, indexed set of fences answering "which fences cover this point at this time?".
/// Built once (all indexing happens in the constructor); afterwards every member is thread-safe and lock-free.
/// To change fences, build a new snapshot and swap it in with <see cref="FenceSnapshotHolder"/>.
/// Polygon provinces are answered from a national cell index per validity period (<see cref="ProvinceCells"/>),
/// built here, off the hot path; other fences from an STRtree of their envelopes.
/// </summary>
public sealed class FenceSnapshot
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), PolygonShape.Wgs84Srid);

    // Every fence: the geometric lookup, kept as the reference the cell index is checked against.
    private readonly STRtree<IndexedFence> _index = new();

    // Fences the cell index does not answer (points of entry, sites, circle provinces); null when there are none.
    private readonly STRtree<IndexedFence>? _others;

    // The cell index for the provinces valid in [_periodStarts[i - 1], _periodStarts[i]) is _periodCells[i].
    private readonly long[] _periodStarts;
    private readonly ProvinceCells[] _periodCells;

    /// <summary>Indexes <paramref name="fences"/>.</summary>
    /// <exception cref="ArgumentException">Two fences share an id, or the tolerance is negative or not finite.</exception>
    public FenceSnapshot(IEnumerable<Fence> fences, FenceSnapshotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fences);
        options ??= new FenceSnapshotOptions();
        if (!(options.CoastalToleranceMetres >= 0 && double.IsFinite(options.CoastalToleranceMetres)))
        {
            throw new ArgumentException($"Coastal tolerance must be a finite, non-negative number of metres; got {options.CoastalToleranceMetres}.", nameof(options));
        }
        CoastalToleranceMetres = options.CoastalToleranceMetres;

        var list = fences.ToArray();
        var ids = new HashSet<Guid>();
        var provinces = new List<IndexedPolygonFence>();
        var others = new STRtree<IndexedFence>();
        foreach (var fence in list)
        {
            ArgumentNullException.ThrowIfNull(fence, nameof(fences));
            if (!ids.Add(fence.Id))
            {
                throw new ArgumentException($"Fence id {fence.Id} appears more than once.", nameof(fences));
            }
            var measuresDistance = fence.Kind == FenceKind.Province && CoastalToleranceMetres > 0;
            var indexed = IndexedFence.For(fence, measuresDistance);
            _index.Insert(indexed.Envelope, indexed);
            if (indexed is IndexedPolygonFence { Fence.Kind: FenceKind.Province } province)
            {
                provinces.Add(province);
            }
            else
            {
                others.Insert(indexed.Envelope, indexed);
            }
        }
        // STRtree builds lazily on first query; building here makes later queries read-only.
        _index.Build();
        if (others.Count > 0)
        {
            others.Build();
            _others = others;
        }
        (_periodStarts, _periodCells) = BuildCells(provinces, CoastalToleranceMetres);
        Fences = new ReadOnlyCollection<Fence>(list);
    }

    // One cell index per period in which the set of valid provinces is constant (the 63 before 2025-07-01, the 34 after).
    private static (long[] Starts, ProvinceCells[] Cells) BuildCells(List<IndexedPolygonFence> provinces, double tolerance)
    {
        var starts = provinces
            .SelectMany(p => new[] { p.Fence.Validity.From, p.Fence.Validity.To })
            .OfType<DateTimeOffset>()
            .Select(t => t.UtcTicks)
            .Distinct()
            .Order()
            .ToArray();
        var built = new Dictionary<string, ProvinceCells>();
        var cells = new ProvinceCells[starts.Length + 1];
        for (var i = 0; i < cells.Length; i++)
        {
            var at = new DateTimeOffset(i == 0 ? DateTimeOffset.MinValue.UtcTicks : starts[i - 1], TimeSpan.Zero);
            var valid = provinces.Where(p => p.Fence.Validity.Contains(at)).ToList();
            var key = string.Join(',', valid.Select(p => p.Fence.Id));
            if (!built.TryGetValue(key, out var index))
            {
                built.Add(key, index = new ProvinceCells(valid, tolerance));
            }
            cells[i] = index;
        }
        return (starts, cells);
    }

    /// <summary>The cell indexes, one per distinct set of valid provinces (for measurements).</summary>
    internal IEnumerable<ProvinceCells> CellIndexes => _periodCells.Distinct();

    /// <summary>A snapshot with no fences.</summary>
    public static FenceSnapshot Empty { get; } = new([]);

    /// <summary>All fences in the snapshot, whatever their validity.</summary>
    public IReadOnlyList<Fence> Fences { get; }

    /// <summary>See <see cref="FenceSnapshotOptions.CoastalToleranceMetres"/>.</summary>
    public double CoastalToleranceMetres { get; }

    /// <summary>Same as <see cref="Lookup(double, double, DateTimeOffset)"/>.</summary>
    public IReadOnlyList<FenceMatch> Lookup(GeoPoint position, DateTimeOffset at) =>
        Lookup(position.Latitude, position.Longitude, at);

    /// <summary>
    /// The fences valid at <paramref name="at"/> that cover the point (a point on an edge or vertex is inside),
    /// ordered provinces first, then points of entry, then sites, then by code.
    /// When no province covers the point, the nearest province within the coastal tolerance is added
    /// (<see cref="FenceMatch.ByCoastalTolerance"/>).
    /// </summary>
    /// <param name="latitude">WGS84 latitude in degrees.</param>
    /// <param name="longitude">WGS84 longitude in degrees.</param>
    /// <param name="at">The event time (when the position was observed), compared with each fence's half-open validity.</param>
    /// <exception cref="ArgumentOutOfRangeException">Latitude or longitude out of range.</exception>
    public IReadOnlyList<FenceMatch> Lookup(double latitude, double longitude, DateTimeOffset at)
    {
        _ = new GeoPoint(latitude, longitude); // throws when out of range

        var period = 0;
        var ticks = at.UtcTicks;
        while (period < _periodStarts.Length && ticks >= _periodStarts[period])
        {
            period++;
        }
        var provinces = _periodCells[period].Lookup(latitude, longitude);
        if (_others is null)
        {
            return provinces;
        }

        var matches = new List<FenceMatch>(provinces);
        var provinceCovers = provinces.Count > 0 && !provinces[0].ByCoastalTolerance;
        foreach (var candidate in _others.Query(new Envelope(longitude, longitude, latitude, latitude)))
        {
            if (candidate.Fence.Validity.Contains(at) && candidate.Covers(latitude, longitude))
            {
                matches.Add(new FenceMatch(candidate.Fence, ByCoastalTolerance: false, DistanceOutsideMetres: 0));
                provinceCovers |= candidate.Fence.Kind == FenceKind.Province;
            }
        }
        if (provinceCovers)
        {
            // A circle province covers the point: the coastal fallback does not apply.
            matches.RemoveAll(m => m.ByCoastalTolerance);
        }
        matches.Sort(ResultOrder);
        return matches;
    }

    /// <summary>
    /// The same answer as <see cref="Lookup(double, double, DateTimeOffset)"/> from the geometries alone (an STRtree
    /// of envelopes, then each candidate's locator): the reference the cell index is tested and measured against.
    /// </summary>
    internal IReadOnlyList<FenceMatch> LookupByGeometry(double latitude, double longitude, DateTimeOffset at)
    {
        _ = new GeoPoint(latitude, longitude); // throws when out of range

        var matches = new List<FenceMatch>();
        foreach (var candidate in _index.Query(new Envelope(longitude, longitude, latitude, latitude)))
        {
            if (candidate.Fence.Validity.Contains(at) && candidate.Covers(latitude, longitude))
            {
                matches.Add(new FenceMatch(candidate.Fence, ByCoastalTolerance: false, DistanceOutsideMetres: 0));
            }
        }

        if (CoastalToleranceMetres > 0 && !matches.Exists(m => m.Fence.Kind == FenceKind.Province)
            && FindNearestProvinceWithinTolerance(latitude, longitude, at) is { } coastal)
        {
            matches.Add(coastal);
        }

        matches.Sort(ResultOrder);
        return matches;
    }

    private FenceMatch? FindNearestProvinceWithinTolerance(double latitude, double longitude, DateTimeOffset at)
    {
        var point = Wgs84.CreatePoint(new Coordinate(longitude, latitude));
        FenceMatch? nearest = null;
        // Only provinces whose bounds, widened by the tolerance, reach the point can be near enough.
        foreach (var candidate in _index.Query(GreatCircle.EnvelopeAround(latitude, longitude, CoastalToleranceMetres)))
        {
            if (candidate is not IndexedPolygonFence { Fence.Kind: FenceKind.Province } province || !province.Fence.Validity.Contains(at))
            {
                continue;
            }
            var match = new FenceMatch(province.Fence, ByCoastalTolerance: true, province.DistanceMetresFrom(point));
            if (match.DistanceOutsideMetres <= CoastalToleranceMetres && (nearest is not { } best || IsNearer(match, best)))
            {
                nearest = match;
            }
        }
        return nearest;
    }

    // Ties (a point equidistant from two coasts) go to the lower code, so the answer does not depend on index order.
    internal static bool IsNearer(FenceMatch a, FenceMatch b) =>
        a.DistanceOutsideMetres < b.DistanceOutsideMetres
        || (a.DistanceOutsideMetres == b.DistanceOutsideMetres && ResultOrder(a, b) < 0);

    internal static int ResultOrder(FenceMatch a, FenceMatch b)
    {
        var byKind = a.Fence.Kind.CompareTo(b.Fence.Kind);
        if (byKind != 0)
        {
            return byKind;
        }
        var byCode = string.CompareOrdinal(a.Fence.Code, b.Fence.Code);
        return byCode != 0 ? byCode : a.Fence.Id.CompareTo(b.Fence.Id);
    }
}
