namespace Geofence.Fences.Tests.Fences;

public class GreatCircleTests
{
    [Fact]
    public void A_degree_of_latitude_is_about_111_km()
    {
        Assert.Equal(111_195.08, GreatCircle.DistanceMetres(20, 105, 21, 105), precision: 2);
    }

    [Fact]
    public void Hanoi_to_Ho_Chi_Minh_City_is_within_half_a_percent_of_the_ellipsoidal_distance()
    {
        // 1,138,049.9 m on the WGS84 ellipsoid (PROJ geod).
        var metres = GreatCircle.DistanceMetres(new GeoPoint(21.0285, 105.8542), new GeoPoint(10.7769, 106.7009));

        Assert.InRange(metres, 1_138_049.9 * 0.995, 1_138_049.9 * 1.005);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    [InlineData(60)]
    [InlineData(-45)]
    public void Going_a_distance_and_measuring_it_back_agree(double latitude)
    {
        var start = new GeoPoint(latitude, 106);
        foreach (var bearing in new[] { 0.0, 60, 90, 200, 300 })
        {
            var end = GreatCircle.Destination(start, bearing, 2500);

            Assert.Equal(2500, GreatCircle.DistanceMetres(start, end), precision: 6);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    [InlineData(60)]
    [InlineData(89.99)]
    public void The_envelope_around_a_point_contains_every_point_at_the_radius(double latitude)
    {
        var centre = new GeoPoint(latitude, 106);
        var envelope = GreatCircle.EnvelopeAround(centre.Latitude, centre.Longitude, 5000);

        for (var bearing = 0; bearing < 360; bearing += 5)
        {
            var rim = GreatCircle.Destination(centre, bearing, 5000);
            Assert.True(envelope.Contains(rim.Longitude, rim.Latitude), $"bearing {bearing}: {rim} outside {envelope}");
        }
    }

    [Fact]
    public void The_envelope_is_wider_in_longitude_than_in_latitude_away_from_the_equator()
    {
        var envelope = GreatCircle.EnvelopeAround(21, 106, 5000);

        Assert.Equal(envelope.Height / Math.Cos(21 * Math.PI / 180), envelope.Width, precision: 6);
    }
}
