namespace Geofence.Fences.Tests.RealBoundaries;

public class ProvinceImportTests
{
    [Fact]
    public async Task The_63_province_boundaries_import_with_their_codes_and_Vietnamese_names()
    {
        var result = await RealProvinceBoundaries.Provinces63OrSkip();

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(63, result.Fences.Count);
        var catalogue = ProvinceCatalogue.BuiltIn.Provinces63;
        Assert.All(result.Fences, f => Assert.Equal(catalogue[f.Code].NameVi, f.Name));
        Assert.All(result.Fences, f => Assert.Equal(ProvinceReorganisation2025.Before, f.Validity));
    }

    [Fact]
    public async Task The_34_province_boundaries_import_with_their_codes_and_Vietnamese_names()
    {
        var result = await RealProvinceBoundaries.Provinces34OrSkip();

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(34, result.Fences.Count);
        var catalogue = ProvinceCatalogue.BuiltIn.Provinces34;
        Assert.All(result.Fences, f => Assert.Equal(catalogue[f.Code].NameVi, f.Name));
        Assert.All(result.Fences, f => Assert.Equal(ProvinceReorganisation2025.From, f.Validity));
    }
}
