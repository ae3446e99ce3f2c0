using Geofence.Fences.Tests.Support;

namespace Geofence.Fences.Tests.RealBoundaries;

public class PointOfEntryProvinceTests
{
    public static TheoryData<string> AirportCodes() =>
        new(PointOfEntryCatalogue.Load(GeoDataLocation.RepositoryGeoData).Entries.Where(e => e.Type == PointOfEntryType.Airport).Select(e => e.Code));

    public static TheoryData<string> SeaportCodes() =>
        new(PointOfEntryCatalogue.Load(GeoDataLocation.RepositoryGeoData).Entries.Where(e => e.Type == PointOfEntryType.Seaport).Select(e => e.Code));

    [Theory]
    [MemberData(nameof(AirportCodes))]
    public async Task An_airport_lies_in_its_own_province_in_both_sets(string code)
    {
        await AssertInOwnProvince(code);
    }

    [Theory]
    [MemberData(nameof(SeaportCodes))]
    public async Task A_seaport_lies_in_or_within_the_coastal_tolerance_of_its_own_province_in_both_sets(string code)
    {
        await AssertInOwnProvince(code);
    }

    [Fact]
    public async Task A_ping_at_an_airport_finds_the_province_and_then_the_airport()
    {
        var provinces = await RealProvinceBoundaries.BothSetsOrSkip();
        var snapshot = new FenceSnapshot([.. provinces.Fences, .. PointOfEntryCatalogue.BuiltIn.ToFences()]);

        var matches = snapshot.Lookup(10.8188, 106.652, RealProvinceBoundaries.After);

        Assert.Equal([(FenceKind.Province, "79"), (FenceKind.PointOfEntry, "SGN")], matches.Select(m => (m.Fence.Kind, m.Fence.Code)));
    }

    private static async Task AssertInOwnProvince(string code)
    {
        var snapshot = await RealProvinceBoundaries.BothSetsOrSkip();
        var entry = PointOfEntryCatalogue.Load(GeoDataLocation.RepositoryGeoData).Entries.Single(e => e.Code == code);

        var before = snapshot.Lookup(entry.Location, RealProvinceBoundaries.Before);
        var after = snapshot.Lookup(entry.Location, RealProvinceBoundaries.After);

        Assert.Equal([entry.ProvinceCode63], before.Select(m => m.Fence.Code));
        Assert.Equal([entry.ProvinceCode34], after.Select(m => m.Fence.Code));
    }
}
