using Geofence.Fences.Tests.Support;
using static Geofence.Fences.Tests.Support.TestFences;

namespace Geofence.Fences.Tests.Lookup;

public class PolygonCoverageTests
{
    private static readonly FenceSnapshot TwoNeighbours = new(
    [
        Province("01", "POLYGON ((105 20, 106 20, 106 21, 105 21, 105 20))"),
        Province("02", "POLYGON ((106 20, 107 20, 107 21, 106 21, 106 20))"),
    ], new FenceSnapshotOptions { CoastalToleranceMetres = 0 });

    [Fact]
    public void A_point_inside_a_province_finds_that_province()
    {
        Assert.Equal(["01"], TwoNeighbours.CodesAt(20.5, 105.5));
    }

    [Fact]
    public void A_point_on_a_shared_edge_is_inside_both_provinces()
    {
        Assert.Equal(["01", "02"], TwoNeighbours.CodesAt(20.5, 106));
    }

    [Fact]
    public void A_point_on_a_shared_vertex_is_inside_both_provinces()
    {
        Assert.Equal(["01", "02"], TwoNeighbours.CodesAt(21, 106));
    }

    [Fact]
    public void A_point_on_an_outer_vertex_is_inside()
    {
        Assert.Equal(["01"], TwoNeighbours.CodesAt(20, 105));
    }

    [Fact]
    public void A_point_just_outside_an_edge_is_outside()
    {
        Assert.Empty(TwoNeighbours.CodesAt(20.5, 104.999999));
    }

    [Fact]
    public void A_point_in_a_hole_is_outside_but_the_hole_edge_is_inside()
    {
        var withLake = new FenceSnapshot(
            [Province("01", "POLYGON ((105 20, 106 20, 106 21, 105 21, 105 20), (105.4 20.4, 105.6 20.4, 105.6 20.6, 105.4 20.6, 105.4 20.4))")],
            new FenceSnapshotOptions { CoastalToleranceMetres = 0 });

        Assert.Empty(withLake.CodesAt(20.5, 105.5));
        Assert.Equal(["01"], withLake.CodesAt(20.4, 105.5));
        Assert.Equal(["01"], withLake.CodesAt(20.3, 105.5));
    }

    [Fact]
    public void A_hole_filled_by_another_province_answers_only_that_province()
    {
        var enclave = new FenceSnapshot(
        [
            Province("01", "POLYGON ((105 20, 106 20, 106 21, 105 21, 105 20), (105.4 20.4, 105.6 20.4, 105.6 20.6, 105.4 20.6, 105.4 20.4))"),
            Province("02", "POLYGON ((105.4 20.4, 105.6 20.4, 105.6 20.6, 105.4 20.6, 105.4 20.4))"),
        ], new FenceSnapshotOptions { CoastalToleranceMetres = 0 });

        Assert.Equal(["02"], enclave.CodesAt(20.5, 105.5));
    }

    [Fact]
    public void Every_part_of_a_multipolygon_counts_and_the_sea_between_does_not()
    {
        var islands = new FenceSnapshot(
            [Province("91", "MULTIPOLYGON (((103.9 10.1, 104.1 10.1, 104.1 10.4, 103.9 10.4, 103.9 10.1)), ((104.8 10.0, 105.2 10.0, 105.2 10.3, 104.8 10.3, 104.8 10.0)))")],
            new FenceSnapshotOptions { CoastalToleranceMetres = 0 });

        Assert.Equal(["91"], islands.CodesAt(10.2, 104.0));
        Assert.Equal(["91"], islands.CodesAt(10.1, 105.0));
        Assert.Empty(islands.CodesAt(10.2, 104.5));
    }

    [Fact]
    public void An_empty_snapshot_finds_nothing()
    {
        Assert.Empty(FenceSnapshot.Empty.CodesAt(21, 105));
    }

    [Theory]
    [InlineData(91, 105)]
    [InlineData(-91, 105)]
    [InlineData(21, 181)]
    [InlineData(double.NaN, 105)]
    public void A_position_out_of_range_is_refused(double latitude, double longitude)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TwoNeighbours.Lookup(latitude, longitude, SomeInstant));
    }

    [Fact]
    public void Two_fences_with_one_id_are_refused()
    {
        var id = Guid.NewGuid();
        var square = Wkt("POLYGON ((105 20, 106 20, 106 21, 105 21, 105 20))");

        Assert.Throws<ArgumentException>(() => new FenceSnapshot([Fence.Province(id, "01", "A", square), Fence.Province(id, "02", "B", square)]));
    }
}
