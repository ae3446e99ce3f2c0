using System.Collections.ObjectModel;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace Geofence.Fences;

/// <summary>
/// The national cell index for the polygon provinces valid in one period: a uniform lon/lat grid whose cells are
/// classified once, when the snapshot is built, as inside one province or outside all (answered by one array read)
/// or mixed (a province edge, or the coastal band's edge, crosses it), where only the few candidate provinces the
/// cell lists are tested, with the same locators and distances as the geometric lookup. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Exact, not approximate. Cells are found with one monotone mapping, <see cref="Column"/> and <see cref="Row"/>,
/// for points and for edge end points alike, so every point lying on an edge maps to a cell within that edge's
/// bounding-box cell range, which is marked. An unmarked cell (as a closed real rectangle between its first and last
/// double) holds no boundary point, nor does the run of unmarked cells it belongs to in its row: the run is wholly
/// inside or wholly outside each province, and locating one centre says which. For the coastal tolerance every edge's
/// bounding box is widened by more than the tolerance can reach, so a cell outside all provinces that no widened box
/// touches has no province within the tolerance, and a cell that one touches lists the provinces that may be.
/// </remarks>
internal sealed class ProvinceCells
{
    /// <summary>Cell side in degrees: about 550 m; 10 M cells over Vietnam with its islands, most in uniform blocks.</summary>
    public const double DefaultCellDegrees = 0.005;

    /// <summary>At most this many cells (before the uniform blocks are folded): bounds the build's time and memory.</summary>
    public const double MaxCells = 16_000_000;

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), PolygonShape.Wgs84Srid);
    private static readonly IReadOnlyList<FenceMatch> NoMatch = new ReadOnlyCollection<FenceMatch>([]);

    private readonly IndexedPolygonFence[] _provinces;
    private readonly double _tolerance;
    private readonly double _minX, _minY, _perDegree;
    private readonly int _columns, _rows;

    // Two levels, so that the common case reads a small, cache-resident array: a block of Block × Block cells that all
    // answer the same is one entry v >= 0 in _blocks; otherwise _blocks holds ~b and the cells are
    // _cells[b * Block² ..], where v >= 0 is the answer _answers[v] (0: no province, 1 + i: province i alone) and
    // v < 0 the mixed cell ~v.
    private const int BlockShift = 3, Block = 1 << BlockShift, BlockMask = Block - 1;
    private readonly int _blockColumns;
    private readonly int[] _blocks;
    private readonly int[] _cells;
    private readonly IReadOnlyList<FenceMatch>[] _answers;
    private readonly int[][] _coverCandidates;

    // Per province, its edges by row of cells: those of row r are [_rowStart[p][r], _rowStart[p][r + 1]) of _from[p] and
    // _to[p]. A mixed cell counts ray crossings over its row's edges only: every edge whose y-range holds the point's y
    // is among them, which is all NTS's RayCrossingCounter needs (IndexedPointInAreaLocator feeds it the same edges,
    // found through an interval tree over the whole province).
    private readonly int[][] _rowStart;
    private readonly Coordinate[][] _from, _to;
    private readonly int[][] _coastCandidates;

    /// <param name="provinces">The polygon provinces valid in the period (none overlap in good data; overlaps stay exact).</param>
    /// <param name="toleranceMetres">The coastal tolerance; 0 for none.</param>
    /// <param name="cellDegrees">Cell side in degrees.</param>
    public ProvinceCells(IReadOnlyList<IndexedPolygonFence> provinces, double toleranceMetres, double cellDegrees = DefaultCellDegrees)
    {
        _provinces = [.. provinces];
        _tolerance = toleranceMetres;
        _answers = [NoMatch, .. _provinces.Select(p => new ReadOnlyCollection<FenceMatch>([new FenceMatch(p.Fence, false, 0)]))];
        if (_provinces.Length == 0)
        {
            (_blocks, _cells, _coverCandidates, _coastCandidates, _rowStart, _from, _to) = ([], [], [], [], [], [], []);
            return;
        }

        // The grid covers every province widened by the tolerance's reach and one cell, so a point off the grid is far from all.
        var bounds = new Envelope();
        foreach (var province in _provinces)
        {
            bounds.ExpandToInclude(province.Envelope);
        }
        var (reachX, reachY) = Reach(bounds);
        bounds.ExpandBy(reachX, reachY);
        // Provinces spread over a continent would need billions of cells: coarser cells then (still exact, slower).
        cellDegrees = Math.Max(cellDegrees, Math.Sqrt(bounds.Area / MaxCells));
        _perDegree = 1 / cellDegrees;
        bounds.ExpandBy(cellDegrees);
        (_minX, _minY) = (bounds.MinX, bounds.MinY);
        _blockColumns = ((int)Math.Ceiling(bounds.Width * _perDegree) >> BlockShift) + 1;
        var blockRows = ((int)Math.Ceiling(bounds.Height * _perDegree) >> BlockShift) + 1;
        (_columns, _rows) = (_blockColumns * Block, blockRows * Block);
        var cells = new int[checked(_columns * _rows)];

        // (cell, province) pairs: the province has an edge in the cell / may be within the tolerance of a point in it.
        var edgeCells = new List<long>();
        var nearCells = new List<long>();
        // The last province that marked each cell: a province's edges come one after another, so this drops most repeats.
        var edgeStamp = new int[cells.Length];
        var nearStamp = _tolerance > 0 ? new int[cells.Length] : [];
        Array.Fill(edgeStamp, -1);
        Array.Fill(nearStamp, -1);
        for (var p = 0; p < _provinces.Length; p++)
        {
            foreach (var (from, to) in Edges(_provinces[p].Area))
            {
                double minX = Math.Min(from.X, to.X), maxX = Math.Max(from.X, to.X), minY = Math.Min(from.Y, to.Y), maxY = Math.Max(from.Y, to.Y);
                Mark(edgeCells, edgeStamp, p, minX, maxX, minY, maxY);
                if (_tolerance > 0)
                {
                    MarkNear(nearCells, nearStamp, p, from, to);
                }
            }
        }
        var onEdge = Group(edgeCells);
        var near = Group(nearCells);

        const int Unclassified = int.MinValue;
        foreach (var cell in onEdge.Keys)
        {
            cells[cell] = Unclassified;
        }

        // Runs of unmarked cells in a row share one answer: locate one centre per run.
        for (var row = 0; row < _rows; row++)
        {
            var column = 0;
            while (column < _columns)
            {
                if (cells[row * _columns + column] == Unclassified)
                {
                    column++;
                    continue;
                }
                var end = column;
                while (end < _columns && cells[row * _columns + end] != Unclassified)
                {
                    end++;
                }
                var covering = CoveringAtACentre(row, column, end);
                for (var c = column; c < end; c++)
                {
                    cells[row * _columns + c] = covering switch
                    {
                        null => Unclassified, // no centre fell inside its own cell: test everything there
                        [] => 0,
                        [var only] => 1 + only,
                        _ => Unclassified,
                    };
                    if (covering is { Length: > 1 } || covering is null)
                    {
                        onEdge.TryAdd(row * _columns + c, []);
                    }
                }
                column = end;
            }
        }

        // Mixed cells: deduplicated candidate lists.
        var mixed = new Dictionary<string, int>();
        var cover = new List<int[]>();
        var coast = new List<int[]>();
        foreach (var cell in onEdge.Keys.Concat(near.Keys).Distinct())
        {
            var state = cells[cell];
            if (state > 0)
            {
                continue; // wholly inside one province: the tolerance does not apply
            }
            int[] coverHere;
            if (state == Unclassified)
            {
                // Provinces with an edge here, and any other that wholly covers the cell (overlapping data).
                var withEdge = onEdge[cell];
                coverHere = [.. withEdge.Concat(CoveringAt(cell, withEdge) ?? Enumerable.Range(0, _provinces.Length)).Distinct().Order()];
            }
            else
            {
                coverHere = [];
            }
            var coastHere = _tolerance > 0 && near.TryGetValue(cell, out var n) ? n.ToArray() : [];
            if (coverHere.Length == 0 && coastHere.Length == 0)
            {
                cells[cell] = 0;
                continue;
            }
            var key = string.Join(',', coverHere) + ";" + string.Join(',', coastHere);
            if (!mixed.TryGetValue(key, out var index))
            {
                index = cover.Count;
                mixed.Add(key, index);
                cover.Add(coverHere);
                coast.Add(coastHere);
            }
            cells[cell] = ~index;
        }
        _coverCandidates = [.. cover];
        _coastCandidates = [.. coast];
        (_blocks, _cells) = Compress(cells, _columns, _blockColumns, blockRows);
        (_rowStart, _from, _to) = (new int[_provinces.Length][], new Coordinate[_provinces.Length][], new Coordinate[_provinces.Length][]);
        for (var p = 0; p < _provinces.Length; p++)
        {
            (_rowStart[p], _from[p], _to[p]) = EdgesByRow(_provinces[p].Area);
        }
    }

    private (int[] RowStart, Coordinate[] From, Coordinate[] To) EdgesByRow(Geometry area)
    {
        var perRow = new List<(Coordinate From, Coordinate To)>?[_rows];
        foreach (var (from, to) in Edges(area))
        {
            for (int row = Row(Math.Min(from.Y, to.Y)), last = Row(Math.Max(from.Y, to.Y)); row <= last; row++)
            {
                (perRow[row] ??= []).Add((from, to));
            }
        }
        var rowStart = new int[_rows + 1];
        for (var row = 0; row < _rows; row++)
        {
            rowStart[row + 1] = rowStart[row] + (perRow[row]?.Count ?? 0);
        }
        var edges = perRow.Where(l => l is not null).SelectMany(l => l!).ToArray();
        return (rowStart, [.. edges.Select(e => e.From)], [.. edges.Select(e => e.To)]);
    }

    // Covers semantics, as the province's locator answers: a point on an edge or vertex is inside.
    private bool Covers(int province, int row, double latitude, double longitude)
    {
        var counter = new RayCrossingCounter(new Coordinate(longitude, latitude));
        Coordinate[] from = _from[province], to = _to[province];
        for (int k = _rowStart[province][row], end = _rowStart[province][row + 1]; k < end; k++)
        {
            counter.CountSegment(from[k], to[k]);
            if (counter.IsOnSegment)
            {
                return true;
            }
        }
        return counter.Location != Location.Exterior;
    }

    private static (int[] Blocks, int[] Cells) Compress(int[] cells, int columns, int blockColumns, int blockRows)
    {
        var blocks = new int[blockColumns * blockRows];
        var kept = new List<int>();
        for (var by = 0; by < blockRows; by++)
        {
            for (var bx = 0; bx < blockColumns; bx++)
            {
                var first = cells[by * Block * columns + bx * Block];
                var uniform = first >= 0;
                for (var i = 0; i < Block * Block && uniform; i++)
                {
                    uniform = cells[(by * Block + (i >> BlockShift)) * columns + bx * Block + (i & BlockMask)] == first;
                }
                if (uniform)
                {
                    blocks[by * blockColumns + bx] = first;
                    continue;
                }
                blocks[by * blockColumns + bx] = ~(kept.Count >> (2 * BlockShift));
                for (var i = 0; i < Block * Block; i++)
                {
                    kept.Add(cells[(by * Block + (i >> BlockShift)) * columns + bx * Block + (i & BlockMask)]);
                }
            }
        }
        return (blocks, [.. kept]);
    }

    /// <summary>Cells in the grid.</summary>
    public int CellCount => _columns * _rows;

    /// <summary>Cells that test geometry (an edge or the coastal band's edge crosses them).</summary>
    public int MixedCellCount => _cells.Count(v => v < 0);

    /// <summary>Bytes held by the index itself (the prepared geometries it shares with the snapshot not counted).</summary>
    public long Bytes => 4L * (_blocks.Length + _cells.Length) + _rowStart.Sum(r => 4L * r.Length) + _from.Sum(f => 16L * f.Length) + _coverCandidates.Sum(c => 32L + 4 * c.Length) + _coastCandidates.Sum(c => 32L + 4 * c.Length);

    /// <summary>The provinces covering the point, or else the nearest within the tolerance; same answer as the geometric lookup.</summary>
    public IReadOnlyList<FenceMatch> Lookup(double latitude, double longitude)
    {
        double x = (longitude - _minX) * _perDegree, y = (latitude - _minY) * _perDegree;
        if (!(x >= 0 && x < _columns && y >= 0 && y < _rows))
        {
            return NoMatch;
        }
        int column = (int)x, row = (int)y;
        var state = _blocks[(row >> BlockShift) * _blockColumns + (column >> BlockShift)];
        if (state < 0)
        {
            state = _cells[(~state << (2 * BlockShift)) + ((row & BlockMask) << BlockShift) + (column & BlockMask)];
        }
        return state >= 0 ? _answers[state] : Mixed(~state, row, latitude, longitude);
    }

    private IReadOnlyList<FenceMatch> Mixed(int index, int row, double latitude, double longitude)
    {
        List<FenceMatch>? matches = null;
        var last = -1;
        foreach (var p in _coverCandidates[index])
        {
            if (Covers(p, row, latitude, longitude))
            {
                if (last >= 0)
                {
                    matches ??= [_answers[1 + last][0]];
                    matches.Add(_answers[1 + p][0]);
                }
                last = p;
            }
        }
        if (matches is not null)
        {
            matches.Sort(FenceSnapshot.ResultOrder);
            return matches;
        }
        if (last >= 0)
        {
            return _answers[1 + last];
        }
        var candidates = _coastCandidates[index];
        if (candidates.Length == 0)
        {
            return NoMatch;
        }

        // As FenceSnapshot's geometric fallback: provinces whose bounds reach the widened point, nearest within the tolerance.
        var around = GreatCircle.EnvelopeAround(latitude, longitude, _tolerance);
        var point = Wgs84.CreatePoint(new Coordinate(longitude, latitude));
        FenceMatch? nearest = null;
        foreach (var p in candidates)
        {
            var province = _provinces[p];
            if (!province.Envelope.Intersects(around))
            {
                continue;
            }
            var match = new FenceMatch(province.Fence, ByCoastalTolerance: true, province.DistanceMetresFrom(point));
            if (match.DistanceOutsideMetres <= _tolerance && (nearest is not { } best || FenceSnapshot.IsNearer(match, best)))
            {
                nearest = match;
            }
        }
        return nearest is { } found ? [found] : NoMatch;
    }

    // The same mapping for points and edges (monotone in the coordinate) is what keeps the index exact.
    private int Column(double longitude) => Math.Clamp((int)Math.Floor((longitude - _minX) * _perDegree), 0, _columns - 1);

    private int Row(double latitude) => Math.Clamp((int)Math.Floor((latitude - _minY) * _perDegree), 0, _rows - 1);

    private void Mark(List<long> pairs, int[] stamp, int province, double minX, double maxX, double minY, double maxY)
    {
        int x0 = Column(minX), x1 = Column(maxX), y0 = Row(minY), y1 = Row(maxY);
        for (var row = y0; row <= y1; row++)
        {
            for (var column = x0; column <= x1; column++)
            {
                Add(pairs, stamp, row * _columns + column, province);
            }
        }
    }

    private static void Add(List<long> pairs, int[] stamp, int cell, int province)
    {
        if (stamp[cell] != province)
        {
            stamp[cell] = province;
            pairs.Add(((long)cell << 24) | (uint)province);
        }
    }

    // The cells within the tolerance's reach of the edge: its widened bounding box, less the cells whose rectangle is
    // farther than the reach from the edge (in degrees with longitude scaled by the reach's cosine, so conservatively).
    private void MarkNear(List<long> pairs, int[] stamp, int province, Coordinate from, Coordinate to)
    {
        double minX = Math.Min(from.X, to.X), maxX = Math.Max(from.X, to.X), minY = Math.Min(from.Y, to.Y), maxY = Math.Max(from.Y, to.Y);
        var (rx, ry) = Reach(new Envelope(minX, maxX, minY, maxY));
        var scale = ry / rx;
        int x0 = Column(minX - rx), x1 = Column(maxX + rx), y0 = Row(minY - ry), y1 = Row(maxY + ry);
        const double Slack = 1e-9; // a cell's doubles lie within its nominal rectangle up to rounding
        for (var row = y0; row <= y1; row++)
        {
            double south = _minY + row / _perDegree - Slack, north = _minY + (row + 1) / _perDegree + Slack;
            for (var column = x0; column <= x1; column++)
            {
                double left = _minX + column / _perDegree - Slack, right = _minX + (column + 1) / _perDegree + Slack;
                var touchesBox = right >= minX && left <= maxX && north >= minY && south <= maxY;
                var cell = row * _columns + column;
                if (stamp[cell] != province && (touchesBox || RectangleToSegment(left, right, south, north, from, to, scale) <= ry))
                {
                    Add(pairs, stamp, cell, province);
                }
            }
        }
    }

    // Apart from a crossing (caught by the bounding-box test), the distance between a rectangle and a segment is
    // reached at a corner of one or an end of the other.
    private static double RectangleToSegment(double left, double right, double south, double north, Coordinate from, Coordinate to, double scale)
    {
        double ax = from.X * scale, ay = from.Y, bx = to.X * scale, by = to.Y;
        double l = left * scale, r = right * scale;
        var d = Math.Min(
            Math.Min(PointToSegment(l, south, ax, ay, bx, by), PointToSegment(r, south, ax, ay, bx, by)),
            Math.Min(PointToSegment(l, north, ax, ay, bx, by), PointToSegment(r, north, ax, ay, bx, by)));
        return Math.Min(d, Math.Min(PointToRectangle(ax, ay, l, r, south, north), PointToRectangle(bx, by, l, r, south, north)));
    }

    private static double PointToSegment(double px, double py, double ax, double ay, double bx, double by)
    {
        double dx = bx - ax, dy = by - ay, length2 = dx * dx + dy * dy;
        var t = length2 == 0 ? 0 : Math.Clamp(((px - ax) * dx + (py - ay) * dy) / length2, 0, 1);
        return Math.Sqrt(Math.Pow(px - (ax + t * dx), 2) + Math.Pow(py - (ay + t * dy), 2));
    }

    private static double PointToRectangle(double px, double py, double left, double right, double south, double north)
    {
        double dx = Math.Max(Math.Max(left - px, 0), px - right), dy = Math.Max(Math.Max(south - py, 0), py - north);
        return Math.Sqrt(dx * dx + dy * dy);
    }

    private static Dictionary<int, List<int>> Group(List<long> pairs)
    {
        pairs.Sort();
        var grouped = new Dictionary<int, List<int>>();
        long previous = -1;
        foreach (var pair in pairs)
        {
            if (pair == previous)
            {
                continue;
            }
            previous = pair;
            var cell = (int)(pair >> 24);
            if (!grouped.TryGetValue(cell, out var list))
            {
                grouped.Add(cell, list = []);
            }
            list.Add((int)(pair & 0xFF_FFFF));
        }
        return grouped;
    }

    // The provinces covering the centre of one of the cells [from, to) of a row; null when no centre maps back to its cell.
    private int[]? CoveringAtACentre(int row, int from, int to)
    {
        for (var column = from; column < to; column++)
        {
            if (CoveringAt(row * _columns + column, []) is { } covering)
            {
                return covering;
            }
        }
        return null;
    }

    // The provinces (except those in skip) covering the cell's centre, or null when the centre does not map back to the cell.
    private int[]? CoveringAt(int cell, List<int> skip)
    {
        int row = cell / _columns, column = cell % _columns;
        double x = _minX + (column + 0.5) / _perDegree, y = _minY + (row + 0.5) / _perDegree;
        if (Column(x) != column || Row(y) != row)
        {
            return null;
        }
        var found = new List<int>();
        for (var p = 0; p < _provinces.Length; p++)
        {
            if (!skip.Contains(p) && _provinces[p].Envelope.Covers(x, y) && _provinces[p].Covers(y, x))
            {
                found.Add(p);
            }
        }
        return [.. found];
    }

    private static IEnumerable<(Coordinate From, Coordinate To)> Edges(Geometry area)
    {
        for (var g = 0; g < area.NumGeometries; g++)
        {
            var polygon = (Polygon)area.GetGeometryN(g);
            foreach (var ring in new[] { polygon.Shell }.Concat(polygon.Holes))
            {
                var c = ring.Coordinates;
                for (var k = 1; k < c.Length; k++)
                {
                    yield return (c[k - 1], c[k]);
                }
            }
        }
    }

    /// <summary>
    /// Degrees of longitude and latitude beyond which no point is within the tolerance of anything in the envelope:
    /// the tolerance as an arc, widened by 5 % (the fallback measures haversine to a point found in degree space),
    /// longitude divided by the cosine at the envelope's latitude farthest from the equator.
    /// </summary>
    private (double X, double Y) Reach(Envelope envelope)
    {
        if (_tolerance <= 0)
        {
            return (0, 0);
        }
        var y = 1.05 * _tolerance / GreatCircle.EarthRadiusMetres * (180 / Math.PI);
        var farthest = Math.Min(89, Math.Max(Math.Abs(envelope.MinY), Math.Abs(envelope.MaxY)) + y);
        return (y / Math.Cos(farthest * Math.PI / 180), y);
    }
}
