using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Geofence.Fences.Benchmarks;

/// <summary>
/// The point-lookup methods being compared, each as a loop over a batch of points returning the number of
/// (point, province) matches, so the work cannot be optimised away and the counts can be checked against each other.
/// </summary>
public static class LookupMethods
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), PolygonShape.Wgs84Srid);

    /// <summary>This project's <see cref="FenceSnapshot.Lookup(double, double, DateTimeOffset)"/>, as a caller uses it.</summary>
    public static long Snapshot(FenceSnapshot snapshot, double[] longitudes, double[] latitudes, int count)
    {
        long matches = 0;
        for (var i = 0; i < count; i++)
        {
            matches += snapshot.Lookup(latitudes[i], longitudes[i], LookupData.At).Count;
        }
        return matches;
    }

    /// <summary>The snapshot's geometric lookup (STRtree, then each candidate's locator), which the cell index replaced: the baseline.</summary>
    public static long SnapshotByGeometry(FenceSnapshot snapshot, double[] longitudes, double[] latitudes, int count)
    {
        long matches = 0;
        for (var i = 0; i < count; i++)
        {
            matches += snapshot.LookupByGeometry(latitudes[i], longitudes[i], LookupData.At).Count;
        }
        return matches;
    }

    /// <summary>Points where the cell index and the geometric lookup answer differently (fences, order, coastal flag or distance).</summary>
    public static List<int> CellIndexDifferences(FenceSnapshot snapshot, double[] longitudes, double[] latitudes)
    {
        var differing = new List<int>();
        for (var i = 0; i < longitudes.Length; i++)
        {
            if (!snapshot.Lookup(latitudes[i], longitudes[i], LookupData.At).SequenceEqual(snapshot.LookupByGeometry(latitudes[i], longitudes[i], LookupData.At)))
            {
                differing.Add(i);
            }
        }
        return differing;
    }

    /// <summary>The brute-force comparison: every one of the 63 province geometries, <c>Geometry.Covers(point)</c>, no index.</summary>
    public static long BruteForce(Geometry[] areas, double[] longitudes, double[] latitudes, int count)
    {
        long matches = 0;
        for (var i = 0; i < count; i++)
        {
            var point = Wgs84.CreatePoint(new Coordinate(longitudes[i], latitudes[i]));
            foreach (var area in areas)
            {
                if (area.Covers(point))
                {
                    matches++;
                }
            }
        }
        return matches;
    }

    /// <summary>Per point, the codes of the provinces the snapshot answers (for the correctness comparison).</summary>
    public static string[][] SnapshotCodes(FenceSnapshot snapshot, double[] longitudes, double[] latitudes)
    {
        var codes = new string[longitudes.Length][];
        for (var i = 0; i < codes.Length; i++)
        {
            var found = snapshot.Lookup(latitudes[i], longitudes[i], LookupData.At);
            codes[i] = found.Count == 0 ? [] : [.. found.Select(m => m.Fence.Code).Order(StringComparer.Ordinal)];
        }
        return codes;
    }

    /// <summary>Per point, the codes of the provinces whose geometry Covers it (brute force), for the first <paramref name="count"/> points.</summary>
    public static string[][] BruteForceCodes(IReadOnlyList<Fence> provinces, double[] longitudes, double[] latitudes, int count)
    {
        var codes = new string[count][];
        for (var i = 0; i < count; i++)
        {
            var point = Wgs84.CreatePoint(new Coordinate(longitudes[i], latitudes[i]));
            codes[i] = [.. provinces.Where(p => ((PolygonShape)p.Shape).Area.Covers(point)).Select(p => p.Code).Order(StringComparer.Ordinal)];
        }
        return codes;
    }
}

/// <summary>
/// The pieces <see cref="FenceSnapshot.Lookup(double, double, DateTimeOffset)"/> is made of, rebuilt from the same
/// NetTopologySuite classes (the snapshot's own are internal), so the profile can say where its time goes.
/// </summary>
public sealed class LookupParts
{
    private readonly STRtree<int> _tree = new();
    private readonly Envelope[] _envelopes;
    private readonly IndexedPointInAreaLocator[] _locators;

    /// <summary>Indexes <paramref name="areas"/> the way the snapshot does (STRtree of envelopes, one locator per area).</summary>
    public LookupParts(Geometry[] areas)
    {
        _envelopes = [.. areas.Select(a => a.EnvelopeInternal)];
        _locators = new IndexedPointInAreaLocator[areas.Length];
        for (var i = 0; i < areas.Length; i++)
        {
            _tree.Insert(_envelopes[i], i);
            _locators[i] = new IndexedPointInAreaLocator(areas[i]);
            _ = _locators[i].Locate(_envelopes[i].Centre); // builds the edge index, as the snapshot does
        }
        _tree.Build();
    }

    /// <summary>Only the STRtree query: how many envelopes hold the point.</summary>
    public long TreeOnly(double[] longitudes, double[] latitudes, int count)
    {
        long candidates = 0;
        for (var i = 0; i < count; i++)
        {
            candidates += _tree.Query(new Envelope(longitudes[i], longitudes[i], latitudes[i], latitudes[i])).Count;
        }
        return candidates;
    }

    /// <summary>STRtree query, then the point-in-area locator on each candidate: the snapshot without its own bookkeeping.</summary>
    public long TreeAndLocator(double[] longitudes, double[] latitudes, int count)
    {
        long matches = 0;
        for (var i = 0; i < count; i++)
        {
            var coordinate = new Coordinate(longitudes[i], latitudes[i]);
            foreach (var candidate in _tree.Query(new Envelope(coordinate)))
            {
                if (_locators[candidate].Locate(coordinate) != Location.Exterior)
                {
                    matches++;
                }
            }
        }
        return matches;
    }

    /// <summary>No tree: a linear scan of the 63 envelopes (a flat array), then the locator on each envelope hit.</summary>
    public long EnvelopeScanAndLocator(double[] longitudes, double[] latitudes, int count)
    {
        long matches = 0;
        for (var i = 0; i < count; i++)
        {
            double x = longitudes[i], y = latitudes[i];
            Coordinate? coordinate = null;
            for (var j = 0; j < _envelopes.Length; j++)
            {
                var e = _envelopes[j];
                if (x >= e.MinX && x <= e.MaxX && y >= e.MinY && y <= e.MaxY
                    && _locators[j].Locate(coordinate ??= new Coordinate(x, y)) != Location.Exterior)
                {
                    matches++;
                }
            }
        }
        return matches;
    }
}
