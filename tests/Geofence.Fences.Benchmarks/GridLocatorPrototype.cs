using NetTopologySuite.Algorithm;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace Geofence.Fences.Benchmarks;

/// <summary>
/// What-if for <c>src/Geofence.Fences/Lookup</c>, measured beside the real snapshot; the product does not use it.
/// A flat scan of the envelopes instead of the STRtree, then per province a grid whose cells are classified once
/// as inside, outside or boundary: a point in an inside or outside cell (most points) is answered without touching
/// an edge; only a point in a boundary cell counts ray crossings, over the edges of its horizontal band only
/// (NTS's <see cref="RayCrossingCounter"/>, so a point on an edge or vertex is inside, as with Covers).
/// Exact, not approximate: see <see cref="ProvinceGrid"/>.
/// </summary>
public sealed class GridLocatorPrototype
{
    private readonly double[] _minX, _maxX, _minY, _maxY;
    private readonly ProvinceGrid[] _grids;

    public GridLocatorPrototype(Geometry[] areas, int cellsPerSide = 128, int bands = 256)
    {
        _grids = [.. areas.Select(a => new ProvinceGrid(a, cellsPerSide, bands))];
        _minX = [.. areas.Select(a => a.EnvelopeInternal.MinX)];
        _maxX = [.. areas.Select(a => a.EnvelopeInternal.MaxX)];
        _minY = [.. areas.Select(a => a.EnvelopeInternal.MinY)];
        _maxY = [.. areas.Select(a => a.EnvelopeInternal.MaxY)];
    }

    /// <summary>Share of grid cells (all provinces) that are boundary cells.</summary>
    public double BoundaryCellShare => _grids.Average(g => g.BoundaryCellShare);

    /// <summary>(point, province) matches, as <see cref="LookupMethods.Snapshot"/> counts them.</summary>
    public long Count(double[] longitudes, double[] latitudes, int count)
    {
        long matches = 0;
        for (var i = 0; i < count; i++)
        {
            double x = longitudes[i], y = latitudes[i];
            for (var j = 0; j < _grids.Length; j++)
            {
                if (x >= _minX[j] && x <= _maxX[j] && y >= _minY[j] && y <= _maxY[j] && _grids[j].Covers(x, y))
                {
                    matches++;
                }
            }
        }
        return matches;
    }

    /// <summary>Per point, the indexes (into the areas) of the provinces covering it, for the exactness check.</summary>
    public int[][] Covering(double[] longitudes, double[] latitudes)
    {
        var result = new int[longitudes.Length][];
        var found = new List<int>();
        for (var i = 0; i < result.Length; i++)
        {
            found.Clear();
            double x = longitudes[i], y = latitudes[i];
            for (var j = 0; j < _grids.Length; j++)
            {
                if (x >= _minX[j] && x <= _maxX[j] && y >= _minY[j] && y <= _maxY[j] && _grids[j].Covers(x, y))
                {
                    found.Add(j);
                }
            }
            result[i] = [.. found];
        }
        return result;
    }

    /// <summary>
    /// One province. Cells and bands are found with the same monotone mapping for points and for edge end points,
    /// so every point lying on an edge maps to a cell within that edge's bounding-box cell range, which is marked
    /// boundary. A cell no edge marks therefore holds no boundary point: it is wholly inside or wholly outside,
    /// and locating its centre once says which. Likewise every edge whose y-range holds a point's y is in that
    /// point's band, which is all the ray-crossing count needs.
    /// </summary>
    private sealed class ProvinceGrid
    {
        private const byte Outside = 0, Inside = 1, Boundary = 2;

        private readonly double _minX, _minY, _cellWidth, _cellHeight, _bandHeight;
        private readonly int _n, _bands;
        private readonly byte[] _cells;
        private readonly int[] _bandStart; // edges of band b: [_bandStart[b], _bandStart[b + 1])
        private readonly Coordinate[] _from, _to;

        public ProvinceGrid(Geometry area, int n, int bands)
        {
            var e = area.EnvelopeInternal;
            (_minX, _minY, _n, _bands) = (e.MinX, e.MinY, n, bands);
            _cellWidth = e.Width / n;
            _cellHeight = e.Height / n;
            _bandHeight = e.Height / bands;

            var edges = new List<(Coordinate From, Coordinate To)>();
            for (var g = 0; g < area.NumGeometries; g++)
            {
                var polygon = (Polygon)area.GetGeometryN(g);
                foreach (var ring in new[] { polygon.Shell }.Concat(polygon.Holes))
                {
                    var c = ring.Coordinates;
                    for (var k = 1; k < c.Length; k++)
                    {
                        edges.Add((c[k - 1], c[k]));
                    }
                }
            }

            _cells = new byte[n * n];
            foreach (var (from, to) in edges)
            {
                int x0 = Cell(Math.Min(from.X, to.X), _minX, _cellWidth, n), x1 = Cell(Math.Max(from.X, to.X), _minX, _cellWidth, n);
                int y0 = Cell(Math.Min(from.Y, to.Y), _minY, _cellHeight, n), y1 = Cell(Math.Max(from.Y, to.Y), _minY, _cellHeight, n);
                for (var cy = y0; cy <= y1; cy++)
                {
                    for (var cx = x0; cx <= x1; cx++)
                    {
                        _cells[cy * n + cx] = Boundary;
                    }
                }
            }
            var locator = new IndexedPointInAreaLocator(area);
            for (var cy = 0; cy < n; cy++)
            {
                for (var cx = 0; cx < n; cx++)
                {
                    if (_cells[cy * n + cx] == Boundary)
                    {
                        continue;
                    }
                    var centre = new Coordinate(_minX + (cx + 0.5) * _cellWidth, _minY + (cy + 0.5) * _cellHeight);
                    if (Cell(centre.X, _minX, _cellWidth, n) != cx || Cell(centre.Y, _minY, _cellHeight, n) != cy)
                    {
                        _cells[cy * n + cx] = Boundary; // cannot happen for sane sizes; stay exact regardless
                        continue;
                    }
                    _cells[cy * n + cx] = locator.Locate(centre) == Location.Exterior ? Outside : Inside;
                }
            }

            var perBand = new List<(Coordinate, Coordinate)>[bands];
            for (var b = 0; b < bands; b++)
            {
                perBand[b] = [];
            }
            foreach (var edge in edges)
            {
                int b0 = Cell(Math.Min(edge.From.Y, edge.To.Y), _minY, _bandHeight, bands), b1 = Cell(Math.Max(edge.From.Y, edge.To.Y), _minY, _bandHeight, bands);
                for (var b = b0; b <= b1; b++)
                {
                    perBand[b].Add(edge);
                }
            }
            _bandStart = new int[bands + 1];
            for (var b = 0; b < bands; b++)
            {
                _bandStart[b + 1] = _bandStart[b] + perBand[b].Count;
            }
            _from = [.. perBand.SelectMany(l => l.Select(p => p.Item1))];
            _to = [.. perBand.SelectMany(l => l.Select(p => p.Item2))];
        }

        public double BoundaryCellShare => _cells.Count(c => c == Boundary) / (double)_cells.Length;

        /// <summary>For a point inside the envelope.</summary>
        public bool Covers(double x, double y)
        {
            var state = _cells[Cell(y, _minY, _cellHeight, _n) * _n + Cell(x, _minX, _cellWidth, _n)];
            if (state != Boundary)
            {
                return state == Inside;
            }
            var band = Cell(y, _minY, _bandHeight, _bands);
            var counter = new RayCrossingCounter(new Coordinate(x, y));
            for (var k = _bandStart[band]; k < _bandStart[band + 1]; k++)
            {
                counter.CountSegment(_from[k], _to[k]);
                if (counter.IsOnSegment)
                {
                    return true;
                }
            }
            return counter.Location != Location.Exterior;
        }

        // Monotone in v, clamped: the same mapping for points and edges keeps the construction exact.
        private static int Cell(double v, double min, double size, int count) =>
            Math.Clamp((int)Math.Floor((v - min) / size), 0, count - 1);
    }
}
