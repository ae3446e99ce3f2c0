using Geofence.Fences.Tests.Support;
using static Geofence.Fences.Tests.Support.TestFences;

namespace Geofence.Fences.Tests.Lookup;

public class CoastalToleranceTests
{
    // Two coastal provinces with 0.04° of sea between them (about 4.2 km at latitude 20°).
    private const string West = "POLYGON ((105.0 20.0, 105.1 20.0, 105.1 20.1, 105.0 20.1, 105.0 20.0))";
    private const string East = "POLYGON ((105.14 20.0, 105.3 20.0, 105.3 20.1, 105.14 20.1, 105.14 20.0))";

    private static GeoPoint EastOfWestCoast(double metres) => GreatCircle.Destination(new GeoPoint(20.05, 105.1), 90, metres);

    [Fact]
    public void A_point_within_the_tolerance_of_the_coast_belongs_to_that_province()
    {
        var snapshot = new FenceSnapshot([Province("W", West)]);
        var boat = EastOfWestCoast(1000);

        var match = Assert.Single(snapshot.Lookup(boat, SomeInstant));

        Assert.Equal("W", match.Fence.Code);
        Assert.True(match.ByCoastalTolerance);
        Assert.InRange(match.DistanceOutsideMetres, 990, 1010);
    }

    [Fact]
    public void A_point_beyond_the_tolerance_belongs_to_no_province()
    {
        var snapshot = new FenceSnapshot([Province("W", West)]);
        var ship = EastOfWestCoast(2100);

        Assert.Empty(snapshot.Lookup(ship, SomeInstant));
    }

    [Fact]
    public void Between_two_provinces_the_nearer_one_wins()
    {
        var snapshot = new FenceSnapshot([Province("W", West), Province("E", East)]);

        Assert.Equal(["W"], snapshot.CodesAt(EastOfWestCoast(1500).Latitude, EastOfWestCoast(1500).Longitude));
        Assert.Equal(["E"], snapshot.CodesAt(EastOfWestCoast(2700).Latitude, EastOfWestCoast(2700).Longitude));
    }

    [Fact]
    public void The_tolerance_is_a_parameter()
    {
        var snapshot = new FenceSnapshot([Province("W", West)], new FenceSnapshotOptions { CoastalToleranceMetres = 5000 });
        var ship = EastOfWestCoast(4000);

        Assert.Equal(["W"], snapshot.CodesAt(ship.Latitude, ship.Longitude));
    }

    [Fact]
    public void A_tolerance_of_zero_turns_the_fallback_off()
    {
        var snapshot = new FenceSnapshot([Province("W", West)], new FenceSnapshotOptions { CoastalToleranceMetres = 0 });
        var boat = EastOfWestCoast(10);

        Assert.Empty(snapshot.Lookup(boat, SomeInstant));
    }

    [Fact]
    public void A_point_inside_a_province_is_not_also_given_a_nearby_one()
    {
        // An island province 0.005° (about 520 m) off the west province's coast.
        var snapshot = new FenceSnapshot([Province("W", West), Province("I", "POLYGON ((105.105 20.04, 105.11 20.04, 105.11 20.06, 105.105 20.06, 105.105 20.04))")]);

        var match = Assert.Single(snapshot.Lookup(20.05, 105.0999, SomeInstant));

        Assert.Equal("W", match.Fence.Code);
        Assert.False(match.ByCoastalTolerance);
        Assert.Equal(0, match.DistanceOutsideMetres);
    }

    [Fact]
    public void A_point_of_entry_does_not_stop_the_fallback_to_the_nearest_province()
    {
        var boat = EastOfWestCoast(800);
        var snapshot = new FenceSnapshot([Province("W", West), AirportCircle("PORT", boat.Latitude, boat.Longitude, 500)]);

        Assert.Equal(["W", "PORT"], snapshot.CodesAt(boat.Latitude, boat.Longitude));
    }

    [Fact]
    public void A_province_that_is_not_valid_at_the_event_time_is_not_a_fallback()
    {
        var snapshot = new FenceSnapshot([Province("W", West, ProvinceReorganisation2025.Before)]);
        var boat = EastOfWestCoast(500);

        Assert.Empty(snapshot.CodesAt(boat.Latitude, boat.Longitude, ProvinceReorganisation2025.EffectiveAt));
        Assert.Equal(["W"], snapshot.CodesAt(boat.Latitude, boat.Longitude, ProvinceReorganisation2025.EffectiveAt.AddDays(-1)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_negative_or_undefined_tolerance_is_refused(double tolerance)
    {
        Assert.Throws<ArgumentException>(() => new FenceSnapshot([], new FenceSnapshotOptions { CoastalToleranceMetres = tolerance }));
    }
}
