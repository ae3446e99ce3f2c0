using Geofence.Ingest.CheckIns;

namespace Geofence.Host.Tests;

public sealed class CountriesTests
{
    [Fact]
    public void All_249_assigned_ISO_3166_alpha_2_codes_are_known() => Assert.Equal(249, Countries.Count);

    [Theory]
    [InlineData("VN", true)]
    [InlineData("KR", true)]
    [InlineData("GB", true)]
    [InlineData("UK", false)]
    [InlineData("XX", false)]
    [InlineData("vn", false)]
    public void Only_assigned_upper_case_codes_are_nationalities(string code, bool known) => Assert.Equal(known, Countries.IsKnown(code));
}
