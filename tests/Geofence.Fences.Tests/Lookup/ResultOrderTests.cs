using Geofence.Fences.Tests.Support;
using static Geofence.Fences.Tests.Support.TestFences;

namespace Geofence.Fences.Tests.Lookup;

public class ResultOrderTests
{
    [Fact]
    public void Provinces_come_first_then_points_of_entry_then_sites()
    {
        // Given in the opposite order on purpose.
        var snapshot = new FenceSnapshot(
        [
            SitePolygon("OLD-QUARTER", "POLYGON ((105.84 21.02, 105.86 21.02, 105.86 21.04, 105.84 21.04, 105.84 21.02))"),
            SiteCircle("HOAN-KIEM", 21.0285, 105.8542, 500),
            AirportCircle("ZZZ", 21.0285, 105.8542, 5000),
            Province("01", "POLYGON ((105 20.5, 106.2 20.5, 106.2 21.5, 105 21.5, 105 20.5))"),
        ]);

        Assert.Equal(["01", "ZZZ", "HOAN-KIEM", "OLD-QUARTER"], snapshot.CodesAt(21.0285, 105.8542));
    }

    [Fact]
    public void A_match_tells_which_fence_and_kind_it_is()
    {
        var province = Province("01", "POLYGON ((105 20.5, 106.2 20.5, 106.2 21.5, 105 21.5, 105 20.5))");
        var snapshot = new FenceSnapshot([province]);

        var match = Assert.Single(snapshot.Lookup(new GeoPoint(21.0285, 105.8542), SomeInstant));

        Assert.Same(province, match.Fence);
        Assert.Equal(FenceKind.Province, match.Fence.Kind);
    }
}
