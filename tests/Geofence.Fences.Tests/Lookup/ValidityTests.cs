using Geofence.Fences.Tests.Support;
using static Geofence.Fences.Tests.Support.TestFences;

namespace Geofence.Fences.Tests.Lookup;

public class ValidityTests
{
    private const string Square = "POLYGON ((105 20, 106 20, 106 21, 105 21, 105 20))";
    private static readonly DateTimeOffset Boundary = ProvinceReorganisation2025.EffectiveAt;

    private static FenceSnapshot OldAndNewProvince() => new(
    [
        Province("OLD", Square, ProvinceReorganisation2025.Before),
        Province("NEW", Square, ProvinceReorganisation2025.From),
    ]);

    [Fact]
    public void Before_the_boundary_instant_only_the_old_province_answers()
    {
        Assert.Equal(["OLD"], OldAndNewProvince().CodesAt(20.5, 105.5, Boundary.AddTicks(-1)));
    }

    [Fact]
    public void At_the_boundary_instant_only_the_new_province_answers()
    {
        Assert.Equal(["NEW"], OldAndNewProvince().CodesAt(20.5, 105.5, Boundary));
    }

    [Fact]
    public void After_the_boundary_instant_only_the_new_province_answers()
    {
        Assert.Equal(["NEW"], OldAndNewProvince().CodesAt(20.5, 105.5, Boundary.AddYears(1)));
    }

    [Fact]
    public void The_same_instant_written_in_UTC_is_compared_as_an_instant()
    {
        var sameInstantInUtc = new DateTimeOffset(2025, 6, 30, 17, 0, 0, TimeSpan.Zero);

        Assert.Equal(["NEW"], OldAndNewProvince().CodesAt(20.5, 105.5, sameInstantInUtc));
        Assert.Equal(["OLD"], OldAndNewProvince().CodesAt(20.5, 105.5, sameInstantInUtc.AddSeconds(-1)));
    }

    [Fact]
    public void A_fence_valid_in_a_closed_period_answers_only_inside_it()
    {
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(7));
        var to = from.AddDays(10);
        var festival = new FenceSnapshot([SitePolygon("FESTIVAL", Square, new ValidityPeriod(from, to))]);

        Assert.Empty(festival.CodesAt(20.5, 105.5, from.AddTicks(-1)));
        Assert.Equal(["FESTIVAL"], festival.CodesAt(20.5, 105.5, from));
        Assert.Equal(["FESTIVAL"], festival.CodesAt(20.5, 105.5, to.AddTicks(-1)));
        Assert.Empty(festival.CodesAt(20.5, 105.5, to));
    }
}
