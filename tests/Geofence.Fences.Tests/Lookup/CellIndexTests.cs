using Geofence.Fences.Tests.Support;

namespace Geofence.Fences.Tests.Lookup;

/// <summary>The national cell index on shapes the real boundaries do not have.</summary>
public class CellIndexTests
{
    [Fact]
    public void Provinces_on_opposite_sides_of_the_world_get_coarser_cells_and_the_same_answers()
    {
        var snapshot = new FenceSnapshot(
        [
            TestFences.Province("HN", "POLYGON((105.7 20.9, 106.0 20.9, 106.0 21.2, 105.7 21.2, 105.7 20.9))"),
            TestFences.Province("BA", "POLYGON((-58.6 -34.8, -58.3 -34.8, -58.3 -34.5, -58.6 -34.5, -58.6 -34.8))"),
        ]);

        Assert.All(snapshot.CellIndexes, index => Assert.True(index.CellCount <= ProvinceCells.MaxCells + 1_000_000, $"{index.CellCount} cells"));
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var (latitude, longitude) = i % 2 == 0
                ? (20.85 + 0.4 * random.NextDouble(), 105.65 + 0.4 * random.NextDouble())
                : (-34.85 + 0.4 * random.NextDouble(), -58.65 + 0.4 * random.NextDouble());
            Assert.Equal(snapshot.LookupByGeometry(latitude, longitude, TestFences.SomeInstant), snapshot.Lookup(latitude, longitude, TestFences.SomeInstant));
        }
        Assert.Equal(["HN"], snapshot.CodesAt(21.0, 105.8));
        Assert.Equal(["BA"], snapshot.CodesAt(-34.6, -58.4));
    }

    [Fact]
    public void A_point_of_entry_inside_a_province_is_answered_beside_the_province_from_the_cell_index()
    {
        var snapshot = new FenceSnapshot(
        [
            TestFences.Province("HN", "POLYGON((105.7 20.9, 106.0 20.9, 106.0 21.2, 105.7 21.2, 105.7 20.9))"),
            TestFences.AirportCircle("HAN", 21.0, 105.8, 3000),
        ]);

        Assert.Equal(["HN", "HAN"], snapshot.CodesAt(21.0, 105.8));
        Assert.Equal(["HN"], snapshot.CodesAt(21.15, 105.95));
        Assert.Equal(snapshot.LookupByGeometry(20.895, 105.8, TestFences.SomeInstant), snapshot.Lookup(20.895, 105.8, TestFences.SomeInstant)); // coastal
    }
}
