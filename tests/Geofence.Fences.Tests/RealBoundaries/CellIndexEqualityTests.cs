using NetTopologySuite.Geometries;

namespace Geofence.Fences.Tests.RealBoundaries;

/// <summary>
/// The national cell index must answer exactly what the geometric lookup answers (STRtree, then each candidate's
/// locator, and the nearest province within the coastal tolerance), on the real boundaries: random points over
/// Vietnam's box, every boundary vertex, edge midpoints, and points nudged off them. The benchmark compares all
/// 1,000,000 of its points as well.
/// </summary>
public class CellIndexEqualityTests
{
    private const double MinLongitude = 102.14, MaxLongitude = 109.47, MinLatitude = 8.56, MaxLatitude = 23.40;

    [Fact]
    public async Task The_cell_index_answers_what_the_geometric_lookup_answers_without_tolerance()
    {
        var import = await RealProvinceBoundaries.Provinces63OrSkip();
        var snapshot = new FenceSnapshot(import.Fences, new FenceSnapshotOptions { CoastalToleranceMetres = 0 });

        var points = RandomPoints(300_000, seed: 63).Concat(OnAndNearBorders(import.Fences, every: 1)).ToArray();

        Assert.Empty(Differences(snapshot, points, RealProvinceBoundaries.Before));
        Assert.Contains(points, p => snapshot.Lookup(p.Latitude, p.Longitude, RealProvinceBoundaries.Before).Count == 2); // shared edges are hit
    }

    [Fact]
    public async Task The_cell_index_answers_what_the_geometric_lookup_answers_with_the_coastal_tolerance_in_both_sets()
    {
        var snapshot = await RealProvinceBoundaries.BothSetsOrSkip();
        var import63 = await RealProvinceBoundaries.Provinces63OrSkip();
        var import34 = await RealProvinceBoundaries.Provinces34OrSkip();

        // Near borders, and 0.5 to 3 km off them, where the tolerance's edge is.
        var points = RandomPoints(100_000, seed: 34)
            .Concat(OnAndNearBorders(import63.Fences, every: 5))
            .Concat(OnAndNearBorders(import34.Fences, every: 5))
            .ToArray();

        foreach (var at in new[] { RealProvinceBoundaries.Before, RealProvinceBoundaries.After })
        {
            Assert.Empty(Differences(snapshot, points, at));
        }
        Assert.Contains(points, p => snapshot.Lookup(p.Latitude, p.Longitude, RealProvinceBoundaries.After) is [{ ByCoastalTolerance: true }]);
    }

    private static List<string> Differences(FenceSnapshot snapshot, (double Latitude, double Longitude)[] points, DateTimeOffset at)
    {
        var differences = new List<string>();
        foreach (var (latitude, longitude) in points)
        {
            var expected = snapshot.LookupByGeometry(latitude, longitude, at);
            var actual = snapshot.Lookup(latitude, longitude, at);
            if (!expected.SequenceEqual(actual) && differences.Count < 20)
            {
                differences.Add($"({latitude:R}, {longitude:R}) at {at:O}: expected {Describe(expected)}, got {Describe(actual)}");
            }
        }
        return differences;
    }

    private static string Describe(IReadOnlyList<FenceMatch> matches) =>
        matches.Count == 0 ? "none" : string.Join(", ", matches.Select(m => $"{m.Fence.Code}{(m.ByCoastalTolerance ? $" by {m.DistanceOutsideMetres:F1} m" : "")}"));

    private static IEnumerable<(double Latitude, double Longitude)> RandomPoints(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return (MinLatitude + (MaxLatitude - MinLatitude) * random.NextDouble(), MinLongitude + (MaxLongitude - MinLongitude) * random.NextDouble());
        }
    }

    // Vertices, edge midpoints (on the edge up to rounding), a point a hair off each vertex, and points 0.5–3 km away.
    private static IEnumerable<(double Latitude, double Longitude)> OnAndNearBorders(IReadOnlyList<Fence> fences, int every)
    {
        var random = new Random(every);
        foreach (var fence in fences)
        {
            var coordinates = ((PolygonShape)fence.Shape).Area.Coordinates;
            for (var k = 1; k < coordinates.Length; k += every)
            {
                Coordinate a = coordinates[k - 1], b = coordinates[k];
                yield return (a.Y, a.X);
                yield return ((a.Y + b.Y) / 2, (a.X + b.X) / 2);
                yield return (Math.BitIncrement(a.Y), Math.BitDecrement(a.X));
                var away = (0.5 + 2.5 * random.NextDouble()) / 111.2;
                var bearing = 2 * Math.PI * random.NextDouble();
                yield return (a.Y + away * Math.Sin(bearing), a.X + away * Math.Cos(bearing));
            }
        }
    }
}
