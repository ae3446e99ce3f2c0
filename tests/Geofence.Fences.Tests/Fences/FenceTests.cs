using Geofence.Fences.Tests.Support;

namespace Geofence.Fences.Tests.Fences;

public class FenceTests
{
    private const string Square = "POLYGON ((105 20, 106 20, 106 21, 105 21, 105 20))";

    [Fact]
    public void A_province_must_be_a_polygon_or_multipolygon()
    {
        Assert.Throws<ArgumentException>(() => Fence.Province(Guid.NewGuid(), "01", "Hà Nội", TestFences.Wkt("LINESTRING (105 20, 106 21)")));
    }

    [Fact]
    public void A_self_intersecting_area_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new PolygonShape(TestFences.Wkt("POLYGON ((105 20, 106 21, 106 20, 105 21, 105 20))")));

        Assert.Contains("Self-intersection", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_area_with_swapped_latitude_and_longitude_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new PolygonShape(TestFences.Wkt("POLYGON ((20 105, 21 105, 21 106, 20 106, 20 105))")));
    }

    [Fact]
    public void A_fence_keeps_its_own_copy_of_the_geometry()
    {
        var geometry = TestFences.Wkt(Square);
        var fence = Fence.Province(Guid.NewGuid(), "01", "Hà Nội", geometry);

        geometry.Coordinates[0].X = 0;

        Assert.Equal(105, ((PolygonShape)fence.Shape).Area.Coordinates[0].X);
        Assert.Equal(4326, ((PolygonShape)fence.Shape).Area.SRID);
    }

    [Theory]
    [InlineData("", "Hà Nội")]
    [InlineData("01", " ")]
    public void A_fence_needs_a_code_and_a_name(string code, string name)
    {
        Assert.Throws<ArgumentException>(() => Fence.Province(Guid.NewGuid(), code, name, TestFences.Wkt(Square)));
    }

    [Fact]
    public void A_fence_needs_an_id()
    {
        Assert.Throws<ArgumentException>(() => Fence.Province(Guid.Empty, "01", "Hà Nội", TestFences.Wkt(Square)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-10)]
    [InlineData(100_001)]
    [InlineData(double.NaN)]
    public void A_circle_needs_a_sensible_radius(double radiusMetres)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CircleShape(new GeoPoint(21, 105), radiusMetres));
    }

    [Fact]
    public void A_point_of_entry_carries_its_type_and_a_description_without_geometry()
    {
        var fence = Fence.PointOfEntry(Guid.NewGuid(), PointOfEntryType.RailwayStation, "HN-GA", "Ga Hà Nội", new CircleShape(new GeoPoint(21.0245, 105.8412), 300));

        Assert.Equal(PointOfEntryType.RailwayStation, fence.PointOfEntryType);
        Assert.Equal("point-of-entry/railway-station HN-GA Ga Hà Nội [-∞, +∞)", fence.ToString());
    }

    [Theory]
    [InlineData("province", FenceKind.Province)]
    [InlineData("point-of-entry", FenceKind.PointOfEntry)]
    [InlineData("SITE", FenceKind.Site)]
    public void Fence_kinds_have_kebab_case_wire_names(string wireName, FenceKind kind)
    {
        Assert.True(FenceWireNames.TryParseFenceKind(wireName, out var parsed));
        Assert.Equal(kind, parsed);
        Assert.Equal(wireName.ToLowerInvariant(), kind.ToWireName());
    }

    [Fact]
    public void Every_point_of_entry_type_round_trips_through_its_wire_name()
    {
        Assert.All(Enum.GetValues<PointOfEntryType>(), type =>
        {
            Assert.True(FenceWireNames.TryParsePointOfEntryType(type.ToWireName(), out var parsed));
            Assert.Equal(type, parsed);
        });
        Assert.Equal("border-gate", PointOfEntryType.BorderGate.ToWireName());
    }
}
