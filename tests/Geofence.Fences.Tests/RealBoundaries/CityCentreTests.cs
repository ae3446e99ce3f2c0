namespace Geofence.Fences.Tests.RealBoundaries;

public class CityCentreTests
{
    // City centres: latitude, longitude, province code before 2025-07-01, province code from 2025-07-01.
    public static TheoryData<string, double, double, string, string> CityCentres() => new()
    {
        { "Hà Nội", 21.0285, 105.8542, "01", "01" },
        { "TP Hồ Chí Minh", 10.7769, 106.7009, "79", "79" },
        { "Đà Nẵng", 16.0544, 108.2022, "48", "48" },
        { "Hội An", 15.8801, 108.3380, "49", "48" },
        { "Hạ Long", 20.9560, 107.0720, "22", "22" },
        { "Nha Trang", 12.2451, 109.1880, "56", "56" },
        { "Cần Thơ", 10.0452, 105.7469, "92", "92" },
        { "Sa Pa", 22.3364, 103.8438, "10", "15" },
        { "Phú Quốc (Dương Đông)", 10.2270, 103.9670, "91", "91" },
        { "Côn Sơn", 8.6830, 106.6070, "77", "79" },
        { "Huế", 16.4637, 107.5909, "46", "46" },
        { "Đà Lạt", 11.9404, 108.4583, "68", "68" },
        { "Vinh", 18.6796, 105.6813, "40", "40" },
        { "Hải Phòng", 20.8449, 106.6881, "31", "31" },
        { "Hải Dương", 20.9373, 106.3146, "30", "31" },
        { "Pleiku", 13.9833, 108.0000, "64", "52" },
        { "Buôn Ma Thuột", 12.6667, 108.0500, "66", "66" },
        { "Vũng Tàu", 10.3460, 107.0843, "77", "79" },
        { "Thủ Dầu Một", 10.9804, 106.6519, "74", "79" },
        { "Biên Hòa", 10.9574, 106.8429, "75", "75" },
        { "Long Xuyên", 10.3864, 105.4350, "89", "91" },
        { "Hà Giang", 22.8233, 104.9836, "02", "08" },
        { "Điện Biên Phủ", 21.3860, 103.0230, "11", "11" },
        { "Đồng Hới", 17.4689, 106.6222, "44", "44" },
        { "Đông Hà", 16.8163, 107.1003, "45", "44" },
        { "Tuy Hòa", 13.0955, 109.3009, "54", "66" },
        { "Cà Mau", 9.1769, 105.1524, "96", "96" },
    };

    [Theory]
    [MemberData(nameof(CityCentres))]
    public async Task A_city_centre_resolves_to_its_province_in_both_sets(string city, double latitude, double longitude, string code63, string code34)
    {
        var snapshot = await RealProvinceBoundaries.BothSetsOrSkip();

        Assert.True(ProvinceCatalogue.BuiltIn.MergedInto[code63] == code34, $"{city}: the expected codes disagree with province-merge-2025.csv");
        Assert.Equal([code63], ProvinceCodes(snapshot, latitude, longitude, RealProvinceBoundaries.Before));
        Assert.Equal([code34], ProvinceCodes(snapshot, latitude, longitude, RealProvinceBoundaries.After));
    }

    [Theory]
    [InlineData("Vientiane", 17.9757, 102.6331)]
    [InlineData("Phnom Penh", 11.5564, 104.9282)]
    [InlineData("Nanning", 22.8170, 108.3665)]
    public async Task A_foreign_capital_is_outside_every_province(string city, double latitude, double longitude)
    {
        var snapshot = await RealProvinceBoundaries.BothSetsOrSkip();

        Assert.True(snapshot.Lookup(latitude, longitude, RealProvinceBoundaries.Before).Count == 0, city);
        Assert.True(snapshot.Lookup(latitude, longitude, RealProvinceBoundaries.After).Count == 0, city);
    }

    [Fact]
    public async Task Hoi_An_answers_Quang_Nam_until_the_reorganisation_instant_and_Da_Nang_from_it()
    {
        var snapshot = await RealProvinceBoundaries.BothSetsOrSkip();
        var effective = ProvinceReorganisation2025.EffectiveAt;

        Assert.Equal(["49"], ProvinceCodes(snapshot, 15.8801, 108.3380, effective.AddSeconds(-1)));
        Assert.Equal(["48"], ProvinceCodes(snapshot, 15.8801, 108.3380, effective));
        Assert.Equal("Quảng Nam", snapshot.Lookup(15.8801, 108.3380, effective.AddSeconds(-1))[0].Fence.Name);
        Assert.Equal("Đà Nẵng", snapshot.Lookup(15.8801, 108.3380, effective)[0].Fence.Name);
    }

    private static string[] ProvinceCodes(FenceSnapshot snapshot, double latitude, double longitude, DateTimeOffset at) =>
        snapshot.Lookup(latitude, longitude, at).Where(m => m.Fence.Kind == FenceKind.Province).Select(m => m.Fence.Code).ToArray();
}
