using System.Collections.ObjectModel;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Geofence.Fences;

/// <summary>
/// An immutable, indexed set of fences answering "which fences cover this point at this time?".
/// Built once (all indexing happens in the constructor); afterwards every member is thread-safe and lock-free.
/// To change fences, build a new snapshot and swap it in with <see cref="FenceSnapshotHolder"/>.
/// </summary>
public sealed class FenceSnapshot
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), PolygonShape.Wgs84Srid);

    private readonly STRtree<IndexedFence> _index = new();

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
        }
        // STRtree builds lazily on first query; building here makes later queries read-only.
        _index.Build();
        Fences = new ReadOnlyCollection<Fence>(list);
    }

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
    private static bool IsNearer(FenceMatch a, FenceMatch b) =>
        a.DistanceOutsideMetres < b.DistanceOutsideMetres
        || (a.DistanceOutsideMetres == b.DistanceOutsideMetres && ResultOrder(a, b) < 0);

    private static int ResultOrder(FenceMatch a, FenceMatch b)
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
