using Geofence.Contracts;
using Geofence.Detector.Arrivals;
using Geofence.Fences;
using NetTopologySuite.IO;

namespace Geofence.Detector.Tests;

/// <summary>The arrival rule on two synthetic provinces side by side and an airport circle inside the first.</summary>
public sealed class ArrivalRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly WKTReader Wkt = new();
    private static readonly TimeSpan Reappearance = TimeSpan.FromHours(6);

    private static readonly FenceSnapshot Fences = new([
        Fence.Province(Guid.NewGuid(), "A", "Province A", Wkt.Read("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))")),
        Fence.Province(Guid.NewGuid(), "B", "Province B", Wkt.Read("POLYGON((1 0, 2 0, 2 1, 1 1, 1 0))")),
        Fence.PointOfEntry(Guid.NewGuid(), PointOfEntryType.Airport, "APT", "Airport", new CircleShape(new GeoPoint(0.5, 0.5), 2000)),
    ], new FenceSnapshotOptions { CoastalToleranceMetres = 0 });

    private static LocationPing At(double lat, double lon) => new("s", lat, lon, 10, Now);

    private static SubjectState Was(string? province, bool atEntry = false) =>
        new() { Key = "f/s", LastAt = Now.UtcDateTime.AddMinutes(-5), LastProvinceCode = province, LastAtPointOfEntry = atEntry };

    [Fact]
    public void A_subject_first_seen_deep_inside_a_province_is_a_resident_not_an_arrival() =>
        Assert.Equal(new Sighting("A", null, false), ArrivalRule.Judge(null, At(0.2, 0.2), Fences, Reappearance));

    [Fact]
    public void Coming_in_from_outside_every_province_is_an_arrival() =>
        Assert.True(ArrivalRule.Judge(Was(null), At(0.2, 0.2), Fences, Reappearance).IsArrival);

    [Fact]
    public void Crossing_from_one_province_into_another_is_an_arrival_in_the_second() =>
        Assert.Equal(new Sighting("B", null, true), ArrivalRule.Judge(Was("A"), At(0.5, 1.5), Fences, Reappearance));

    [Fact]
    public void Moving_inside_the_same_province_is_not_an_arrival() =>
        Assert.False(ArrivalRule.Judge(Was("A"), At(0.9, 0.9), Fences, Reappearance).IsArrival);

    [Fact]
    public void A_subject_first_seen_at_a_point_of_entry_has_arrived() =>
        Assert.Equal(new Sighting("A", "APT", true), ArrivalRule.Judge(null, At(0.5, 0.5), Fences, Reappearance));

    [Fact]
    public void Staying_at_the_point_of_entry_is_one_arrival_not_many() =>
        Assert.False(ArrivalRule.Judge(Was("A", atEntry: true), At(0.501, 0.5), Fences, Reappearance).IsArrival);

    [Fact]
    public void A_resident_who_drives_to_the_airport_has_not_arrived() =>
        Assert.False(ArrivalRule.Judge(Was("A"), At(0.5, 0.5), Fences, Reappearance).IsArrival);

    [Fact]
    public void Someone_from_another_province_seen_at_the_airport_has_arrived() =>
        Assert.True(ArrivalRule.Judge(Was("B"), At(0.5, 0.5), Fences, Reappearance).IsArrival);

    [Fact]
    public void Someone_unseen_for_hours_who_reappears_at_the_airport_has_flown_in() =>
        Assert.True(ArrivalRule.Judge(Resting(Was("A"), hours: 7), At(0.5, 0.5), Fences, Reappearance).IsArrival);

    private static SubjectState Resting(SubjectState state, int hours)
    {
        state.LastAt = Now.UtcDateTime.AddHours(-hours);
        return state;
    }

    [Fact]
    public void Leaving_every_province_is_no_arrival_and_remembers_being_outside() =>
        Assert.Equal(new Sighting(null, null, false), ArrivalRule.Judge(Was("A"), At(5, 5), Fences, Reappearance));
}
