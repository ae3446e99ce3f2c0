using FsCheck;
using FsCheck.Fluent;
using NetTopologySuite.Geometries;

namespace Geofence.Fences.Tests.Lookup;

/// <summary>The indexed lookup must answer exactly what a brute-force Covers scan over every fence answers.</summary>
public class IndexedLookupPropertyTests
{
    // A coarse grid makes shared edges and vertex hits common, which is where indexes and locators disagree if they do.
    private const double GridStep = 0.01;
    private const int GridSize = 40;

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    private static readonly DateTimeOffset[] Instants =
    [
        ProvinceReorganisation2025.EffectiveAt.AddDays(-1),
        ProvinceReorganisation2025.EffectiveAt,
        ProvinceReorganisation2025.EffectiveAt.AddDays(1),
    ];

    private static readonly ValidityPeriod[] Periods = [ValidityPeriod.Always, ProvinceReorganisation2025.Before, ProvinceReorganisation2025.From];

    [Fact]
    public void The_indexed_lookup_equals_a_brute_force_scan_of_Covers()
    {
        var scenarios =
            from polygons in Gen.Choose(1, 12).SelectMany(n => Gen.ListOf(RandomArea(), n))
            from kinds in Gen.ListOf(Gen.Elements(FenceKind.Province, FenceKind.PointOfEntry, FenceKind.Site), polygons.Count)
            from periods in Gen.ListOf(Gen.Elements(Periods), polygons.Count)
            from points in Gen.ListOf(RandomPoint(polygons), 30)
            from at in Gen.Elements(Instants)
            select new Scenario(polygons.Select((p, i) => ToFence(p, kinds[i], periods[i])).ToArray(), points.ToArray(), at);

        Prop.ForAll(scenarios.ToArbitrary(), scenario =>
        {
            var snapshot = new FenceSnapshot(scenario.Fences, new FenceSnapshotOptions { CoastalToleranceMetres = 0 });
            foreach (var (longitude, latitude) in scenario.Points)
            {
                var point = Wgs84.CreatePoint(new Coordinate(longitude, latitude));
                var expected = scenario.Fences
                    .Where(f => f.Validity.Contains(scenario.At) && ((PolygonShape)f.Shape).Area.Covers(point))
                    .Select(f => f.Id)
                    .Order()
                    .ToArray();
                var matches = snapshot.Lookup(latitude, longitude, scenario.At);
                var actual = matches.Select(m => m.Fence.Id).Order().ToArray();
                if (!expected.SequenceEqual(actual) || !matches.Select(m => m.Fence.Kind).SequenceEqual(matches.Select(m => m.Fence.Kind).Order()))
                {
                    return false;
                }
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static Fence ToFence(Geometry area, FenceKind kind, ValidityPeriod validity)
    {
        var code = Guid.NewGuid().ToString("N")[..6];
        return kind switch
        {
            FenceKind.Province => Fence.Province(Guid.NewGuid(), code, code, area, validity),
            FenceKind.PointOfEntry => Fence.PointOfEntry(Guid.NewGuid(), PointOfEntryType.BusStation, code, code, new PolygonShape(area), validity),
            _ => Fence.Site(Guid.NewGuid(), code, code, new PolygonShape(area), validity),
        };
    }

    private static Gen<Geometry> RandomArea() => Gen.OneOf(RandomRectangle(), RandomStarPolygon());

    private static Gen<Geometry> RandomRectangle() =>
        from x0 in Gen.Choose(0, GridSize - 1)
        from y0 in Gen.Choose(0, GridSize - 1)
        from width in Gen.Choose(1, GridSize - x0)
        from height in Gen.Choose(1, GridSize - y0)
        select (Geometry)Wgs84.CreatePolygon(
        [
            GridCoordinate(x0, y0), GridCoordinate(x0 + width, y0), GridCoordinate(x0 + width, y0 + height),
            GridCoordinate(x0, y0 + height), GridCoordinate(x0, y0),
        ]);

    // Vertices at sorted angles around a centre: a simple (possibly concave) polygon, unless grid rounding breaks it.
    private static Gen<Geometry> RandomStarPolygon() =>
        (from cx in Gen.Choose(8, GridSize - 8)
         from cy in Gen.Choose(8, GridSize - 8)
         from vertexCount in Gen.Choose(3, 9)
         from angles in Gen.ListOf(Gen.Choose(0, 359), vertexCount)
         from radii in Gen.ListOf(Gen.Choose(1, 8), vertexCount)
         select StarPolygon(cx, cy, angles.ToArray(), radii.ToArray()))
        .Where(p => p is { IsEmpty: false, IsValid: true });

    private static Geometry StarPolygon(int cx, int cy, int[] angles, int[] radii)
    {
        var sortedAngles = angles.Distinct().Order().ToArray();
        if (sortedAngles.Length < 3)
        {
            return Polygon.Empty;
        }
        var ring = sortedAngles
            .Select((angle, i) => GridCoordinate(
                cx + (int)Math.Round(radii[i] * Math.Cos(angle * Math.PI / 180)),
                cy + (int)Math.Round(radii[i] * Math.Sin(angle * Math.PI / 180))))
            .ToList();
        ring.Add(ring[0].Copy());
        return ring.Count < 4 ? Polygon.Empty : Wgs84.CreatePolygon(ring.ToArray());
    }

    // Half of the points are grid nodes (often vertices or on edges), half anywhere in the area.
    private static Gen<(double Longitude, double Latitude)> RandomPoint(IReadOnlyList<Geometry> areas)
    {
        var onGrid = from x in Gen.Choose(-1, GridSize + 1)
                     from y in Gen.Choose(-1, GridSize + 1)
                     select (105 + (x * GridStep), 20 + (y * GridStep));
        var vertex = Gen.Elements(areas.SelectMany(a => a.Coordinates).Select(c => (c.X, c.Y)).ToArray());
        var anywhere = from x in Gen.Choose(-100, (GridSize * 1000) + 100)
                       from y in Gen.Choose(-100, (GridSize * 1000) + 100)
                       select (105 + (x * GridStep / 1000), 20 + (y * GridStep / 1000));
        return Gen.OneOf(onGrid, vertex, anywhere);
    }

    private static Coordinate GridCoordinate(int x, int y) => new(105 + (x * GridStep), 20 + (y * GridStep));

    private sealed record Scenario(Fence[] Fences, (double Longitude, double Latitude)[] Points, DateTimeOffset At)
    {
        public override string ToString() =>
            $"at {At:O}; fences: {string.Join(" | ", Fences.Select(f => $"{f.Kind} {f.Validity} {((PolygonShape)f.Shape).Area}"))}; points: {string.Join(" ", Points)}";
    }
}
