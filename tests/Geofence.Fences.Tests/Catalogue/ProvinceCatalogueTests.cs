using System.Text;
using Geofence.Fences.Tests.Support;

namespace Geofence.Fences.Tests.Catalogue;

public class ProvinceCatalogueTests
{
    private static readonly ProvinceCatalogue Catalogue = ProvinceCatalogue.BuiltIn;

    [Fact]
    public void The_built_in_catalogue_lists_63_old_and_34_new_provinces()
    {
        Assert.Equal(63, Catalogue.Provinces63.Count);
        Assert.Equal(34, Catalogue.Provinces34.Count);
        Assert.Equal(63, Catalogue.MergedInto.Count);
    }

    [Fact]
    public void Provinces_carry_Vietnamese_and_ASCII_names_type_and_ISO_code()
    {
        Assert.Equal(new Province("01", "Hà Nội", "Ha Noi", "Thành phố Hà Nội", ProvinceType.Municipality, "VN-HN"), Catalogue.Provinces63["01"]);
        Assert.Equal("VN-32", Catalogue.Provinces63["54"].IsoCode);
        Assert.Equal(new Province("15", "Lào Cai", "Lao Cai", "Tỉnh Lào Cai", ProvinceType.Province, null), Catalogue.Provinces34["15"]);
    }

    [Theory]
    [InlineData("10", "15")] // Lào Cai merged into the unit centred in Yên Bái, which keeps code 15
    [InlineData("49", "48")] // Quảng Nam into Đà Nẵng
    [InlineData("89", "91")] // An Giang takes Kiên Giang's code
    [InlineData("77", "79")] // Bà Rịa - Vũng Tàu into Hồ Chí Minh
    [InlineData("46", "46")] // Huế unchanged
    public void Each_old_province_maps_to_the_new_unit_it_became_part_of(string oldCode, string newCode)
    {
        Assert.Equal(newCode, Catalogue.MergedInto[oldCode]);
    }

    [Fact]
    public void The_set_in_force_follows_the_event_time()
    {
        Assert.Same(Catalogue.Provinces63, Catalogue.ProvincesAt(ProvinceReorganisation2025.EffectiveAt.AddTicks(-1)));
        Assert.Same(Catalogue.Provinces34, Catalogue.ProvincesAt(ProvinceReorganisation2025.EffectiveAt));
    }

    [Fact]
    public void The_embedded_catalogue_is_the_one_in_the_repository_geo_data_folder()
    {
        var fromFiles = ProvinceCatalogue.Load(GeoDataLocation.RepositoryGeoData);

        Assert.Equal(fromFiles.Provinces63.OrderBy(p => p.Key), Catalogue.Provinces63.OrderBy(p => p.Key));
        Assert.Equal(fromFiles.Provinces34.OrderBy(p => p.Key), Catalogue.Provinces34.OrderBy(p => p.Key));
        Assert.Equal(fromFiles.MergedInto.OrderBy(p => p.Key), Catalogue.MergedInto.OrderBy(p => p.Key));
    }

    [Fact]
    public void A_merge_table_naming_an_unknown_code_is_refused_with_its_line()
    {
        const string provinces63 = "code,name_vi,name_ascii,iso_3166_2,type\n01,Hà Nội,Ha Noi,VN-HN,municipality\n";
        const string provinces34 = "code,name_vi,name_ascii,type\n01,Hà Nội,Ha Noi,municipality\n";
        const string merge = "old_code,new_code\n01,01\n02,08\n";

        var error = Assert.Throws<InvalidDataException>(() =>
            ProvinceCatalogue.Load(new StringReader(provinces63), new StringReader(provinces34), new StringReader(merge)));

        Assert.Equal("province-merge-2025.csv line 3: 02 → 08 names a code missing from the province lists", error.Message);
    }

    [Fact]
    public void An_unknown_province_type_is_refused()
    {
        const string provinces63 = "code,name_vi,name_ascii,iso_3166_2,type\n01,Hà Nội,Ha Noi,VN-HN,city\n";

        var error = Assert.Throws<InvalidDataException>(() =>
            ProvinceCatalogue.Load(new StringReader(provinces63), new StringReader("code,name_vi,name_ascii,type\n"), new StringReader("old_code,new_code\n")));

        Assert.Contains("line 2: unknown type 'city'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_normalised_to_precomposed_Unicode()
    {
        var decomposed = "Hà Nội".Normalize(NormalizationForm.FormD);
        var provinces63 = $"code,name_vi,name_ascii,iso_3166_2,type\n01,{decomposed},Ha Noi,VN-HN,municipality\n";

        var catalogue = ProvinceCatalogue.Load(new StringReader(provinces63), new StringReader("code,name_vi,name_ascii,type\n01,Hà Nội,Ha Noi,municipality\n"), new StringReader("old_code,new_code\n01,01\n"));

        Assert.Equal("Hà Nội", catalogue.Provinces63["01"].NameVi);
    }
}
