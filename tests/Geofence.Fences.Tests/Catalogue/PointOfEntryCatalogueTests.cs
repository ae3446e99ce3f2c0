using Geofence.Fences.Tests.Support;

namespace Geofence.Fences.Tests.Catalogue;

public class PointOfEntryCatalogueTests
{
    private static readonly PointOfEntryCatalogue Catalogue = PointOfEntryCatalogue.BuiltIn;

    [Fact]
    public void The_built_in_list_has_the_airports_and_seaports_with_provinces_in_both_sets()
    {
        Assert.Equal(23, Catalogue.Entries.Count(e => e.Type == PointOfEntryType.Airport));
        Assert.Equal(14, Catalogue.Entries.Count(e => e.Type == PointOfEntryType.Seaport));
        var provinces = ProvinceCatalogue.BuiltIn;
        Assert.All(Catalogue.Entries, e =>
        {
            Assert.Contains(e.ProvinceCode63, provinces.Provinces63.Keys);
            Assert.Equal(provinces.MergedInto[e.ProvinceCode63], e.ProvinceCode34);
        });
    }

    [Theory]
    [InlineData("SGN", 2500)]
    [InlineData("DLI", 1500)]
    [InlineData("VCL", 1000)]
    [InlineData("WPI-57680", 1500)]
    public void The_radius_follows_the_size_of_the_facility(string code, double radiusMetres)
    {
        Assert.Equal(radiusMetres, Catalogue.Entries.Single(e => e.Code == code).RadiusMetres);
    }

    [Fact]
    public void A_facility_not_yet_operational_gets_no_fence()
    {
        var longThanh = Catalogue.Entries.Single(e => e.Code == "LTH");

        Assert.False(longThanh.IsOperational);
        Assert.DoesNotContain(Catalogue.ToFences(), f => f.Code == "LTH");
        Assert.Equal(Catalogue.Entries.Count - 1, Catalogue.ToFences().Count);
    }

    [Fact]
    public void Fences_are_circles_with_the_same_id_on_every_load()
    {
        var first = PointOfEntryCatalogue.Load(GeoDataLocation.RepositoryGeoData).ToFences();
        var second = PointOfEntryCatalogue.Load(GeoDataLocation.RepositoryGeoData).ToFences();

        Assert.Equal(first.Select(f => f.Id), second.Select(f => f.Id));
        Assert.Equal(first.Count, first.Select(f => f.Id).Distinct().Count());
        var noiBai = first.Single(f => f.Code == "HAN");
        Assert.Equal(PointOfEntryType.Airport, noiBai.PointOfEntryType);
        Assert.Equal(new CircleShape(new GeoPoint(21.221201, 105.806999), 2500), noiBai.Shape);
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_and_quotes()
    {
        const string csv = """
            type,code,name,latitude,longitude,radius_m,province_code_63,province_code_34,status,note
            seaport,WPI-1,"Port, Inner",10.5,106.5,1500,79,79,operational,"position ""suspect"", see WPI"
            """;

        var entry = Assert.Single(PointOfEntryCatalogue.Load(new StringReader(csv)).Entries);

        Assert.Equal("Port, Inner", entry.Name);
        Assert.Equal("position \"suspect\", see WPI", entry.Note);
    }

    [Theory]
    [InlineData("seaport,WPI-1,Port,10.5,106.5,1500,79,79,operational", "line 2: 9 fields, but the header has 10")]
    [InlineData("ferry,WPI-1,Port,10.5,106.5,1500,79,79,operational,", "line 2: unknown point-of-entry type 'ferry'")]
    [InlineData("seaport,WPI-1,Port,106.5,10.5,1500,79,79,operational,", "line 2: Latitude must be within [-90, 90]")]
    [InlineData("seaport,WPI-1,Port,10.5,106.5,wide,79,79,operational,", "line 2: column radius_m is not a number: 'wide'")]
    [InlineData("seaport,WPI-1,\"Port,10.5,106.5,1500,79,79,operational,", "line 2: a quoted field is not closed")]
    public void A_malformed_row_is_refused_with_its_line(string row, string message)
    {
        var csv = "type,code,name,latitude,longitude,radius_m,province_code_63,province_code_34,status,note\n" + row + "\n";

        var error = Assert.Throws<InvalidDataException>(() => PointOfEntryCatalogue.Load(new StringReader(csv)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
