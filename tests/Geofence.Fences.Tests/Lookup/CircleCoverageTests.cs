using Geofence.Fences.Tests.Support;
using static Geofence.Fences.Tests.Support.TestFences;

namespace Geofence.Fences.Tests.Lookup;

public class CircleCoverageTests
{
    public static TheoryData<double, double> CentresAndBearings()
    {
        var data = new TheoryData<double, double>();
        foreach (var latitude in new[] { 10.8188, 21.2212, 60.0, -33.9 })
        {
            foreach (var bearing in new[] { 0.0, 45, 90, 135, 180, 225, 270, 315 })
            {
                data.Add(latitude, bearing);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CentresAndBearings))]
    public void A_point_a_few_metres_inside_the_radius_is_inside_and_a_few_metres_beyond_is_outside(double latitude, double bearing)
    {
        var centre = new GeoPoint(latitude, 106.652);
        var snapshot = new FenceSnapshot([AirportCircle("SGN", centre.Latitude, centre.Longitude, 2500)]);

        var inside = GreatCircle.Destination(centre, bearing, 2497);
        var outside = GreatCircle.Destination(centre, bearing, 2503);

        Assert.Equal(["SGN"], snapshot.CodesAt(inside.Latitude, inside.Longitude));
        Assert.Empty(snapshot.CodesAt(outside.Latitude, outside.Longitude));
    }

    [Fact]
    public void The_centre_of_a_circle_is_inside()
    {
        var snapshot = new FenceSnapshot([AirportCircle("HAN", 21.221201, 105.806999, 2500)]);

        Assert.Equal(["HAN"], snapshot.CodesAt(21.221201, 105.806999));
    }

    [Fact]
    public void A_circle_does_not_widen_a_province_or_take_part_in_the_coastal_fallback()
    {
        var snapshot = new FenceSnapshot([SiteCircle("BEACH", 12.0, 109.5, 1000)]);

        var justOutside = GreatCircle.Destination(new GeoPoint(12.0, 109.5), 90, 1500);

        Assert.Empty(snapshot.CodesAt(justOutside.Latitude, justOutside.Longitude));
    }
}
