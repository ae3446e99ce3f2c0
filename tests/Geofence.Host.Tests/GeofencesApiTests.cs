using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Geofence.Testing;
using static Geofence.Host.Tests.CheckInApiTests;

namespace Geofence.Host.Tests;

/// <summary>/api/v1/geofences: the department's fences, in and out as GeoJSON.</summary>
public sealed class GeofencesApiTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;
    private HttpClient client = null!;

    private const string TwoProvinces = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"ma":"A1","ten":"Tỉnh A"},"geometry":{"type":"Polygon","coordinates":[[[105,20],[106,20],[106,21],[105,21],[105,20]]]}},
          {"type":"Feature","properties":{"ma":"B2","ten":"Tỉnh B"},"geometry":{"type":"Polygon","coordinates":[[[106,20],[107,20],[107,21],[106,21],[106,20]]]}}]}
        """;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        client = api.Ingest;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Importing_a_GeoJSON_province_set_is_201_and_lookups_answer_from_it_province_first()
    {
        var imported = await ImportAsync(TwoProvinces, "kind=province&codeProperty=ma&nameProperty=ten");
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        Assert.Equal(2, (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        await CreateAsync("""{"type":"Feature","properties":{"kind":"point-of-entry","entryType":"airport","code":"XAP","name":"Airport X","radiusMeters":3000},"geometry":{"type":"Point","coordinates":[105.5,20.5]}}""");

        var items = await LookupAsync("lat=20.5&lon=105.5");

        Assert.Equal(["province:A1", "point-of-entry:XAP"], items.Select(i => $"{i.GetProperty("kind").GetString()}:{i.GetProperty("code").GetString()}"));
        Assert.Empty(await LookupAsync("lat=10&lon=100"));
    }

    [Fact]
    public async Task Re_importing_the_same_set_replaces_the_fences_instead_of_adding_more()
    {
        await ImportAsync(TwoProvinces, "kind=province&codeProperty=ma&nameProperty=ten");
        await ImportAsync(TwoProvinces, "kind=province&codeProperty=ma&nameProperty=ten");

        using var list = api.Admin(HttpMethod.Get, "/api/v1/geofences?kind=province");
        var collection = await (await client.SendAsync(list)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, collection.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task Validity_periods_decide_which_set_answers_by_event_time()
    {
        await ImportAsync(TwoProvinces, "kind=province&codeProperty=ma&nameProperty=ten&validTo=2025-07-01T00:00:00%2B07:00");
        await ImportAsync(TwoProvinces.Replace("A1", "N1"), "kind=province&codeProperty=ma&nameProperty=ten&validFrom=2025-07-01T00:00:00%2B07:00");

        var before = await LookupAsync("lat=20.5&lon=105.5&at=2025-06-30T12:00:00%2B07:00");
        var after = await LookupAsync("lat=20.5&lon=105.5&at=2025-07-01T12:00:00%2B07:00");

        Assert.Equal("A1", Assert.Single(before).GetProperty("code").GetString());
        Assert.Equal("N1", Assert.Single(after).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ma":"X1","ten":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}""", "features[0]")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ma":"X1","ten":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}]}""", "features[0]")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ma":"X1","ten":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[200,0],[200,1],[0,1],[0,0]]]}}]}""", "features[0]")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ten":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}""", "features[0]")]
    [InlineData("""{"type":"Feature","properties":{}}""", "file")]
    public async Task An_invalid_import_is_400_naming_the_feature_and_imports_nothing(string geoJson, string field)
    {
        var response = await ImportAsync(geoJson, "kind=province&codeProperty=ma&nameProperty=ten");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty(await LookupAsync("lat=0.5&lon=0.5"));
    }

    [Fact]
    public async Task Import_parameters_are_checked_before_the_file()
    {
        var problem = await AssertProblemAsync(await ImportAsync(TwoProvinces, "kind=planet"), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("kind", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("codeProperty", out _));
    }

    [Fact]
    public async Task An_import_in_an_unsupported_format_is_415()
    {
        using var request = api.Admin(HttpMethod.Post, "/api/v1/geofences/import?kind=province&codeProperty=ma&nameProperty=ten");
        request.Content = new StringContent("code,name\n1,x", Encoding.UTF8, "text/csv");

        await AssertProblemAsync(await client.SendAsync(request), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_fence_can_be_created_read_replaced_and_deleted()
    {
        var created = await CreateAsync("""{"type":"Feature","properties":{"kind":"site","code":"HLB","name":"Vịnh Hạ Long","radiusMeters":5000},"geometry":{"type":"Point","coordinates":[107.08,20.91]}}""");
        var id = created.GetProperty("id").GetString();

        using var get = api.Admin(HttpMethod.Get, $"/api/v1/geofences/{id}");
        Assert.Equal("Vịnh Hạ Long", (await (await client.SendAsync(get)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("properties").GetProperty("name").GetString());

        using var put = api.Admin(HttpMethod.Put, $"/api/v1/geofences/{id}");
        put.Content = new StringContent("""{"type":"Feature","properties":{"kind":"site","code":"HLB","name":"Ha Long Bay","radiusMeters":8000},"geometry":{"type":"Point","coordinates":[107.08,20.91]}}""", Encoding.UTF8, "application/geo+json");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);
        Assert.Equal("Ha Long Bay", Assert.Single(await LookupAsync("lat=20.95&lon=107.08")).GetProperty("name").GetString());

        using var delete = api.Admin(HttpMethod.Delete, $"/api/v1/geofences/{id}");
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(delete)).StatusCode);
        using var gone = api.Admin(HttpMethod.Get, $"/api/v1/geofences/{id}");
        await AssertProblemAsync(await client.SendAsync(gone), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"type":"Feature","properties":{"kind":"moon","code":"X","name":"X"},"geometry":{"type":"Point","coordinates":[1,1]}}""", "properties.kind")]
    [InlineData("""{"type":"Feature","properties":{"kind":"site","name":"X","radiusMeters":10},"geometry":{"type":"Point","coordinates":[1,1]}}""", "properties.code")]
    [InlineData("""{"type":"Feature","properties":{"kind":"site","code":"X","name":"X"},"geometry":{"type":"Point","coordinates":[1,1]}}""", "properties.radiusMeters")]
    [InlineData("""{"type":"Feature","properties":{"kind":"province","code":"X","name":"X","radiusMeters":10},"geometry":{"type":"Point","coordinates":[1,1]}}""", "geometry")]
    [InlineData("""{"type":"Feature","properties":{"kind":"point-of-entry","code":"X","name":"X","radiusMeters":10},"geometry":{"type":"Point","coordinates":[1,1]}}""", "properties.entryType")]
    public async Task An_invalid_fence_is_400_naming_the_property(string feature, string field)
    {
        using var request = api.Admin(HttpMethod.Post, "/api/v1/geofences");
        request.Content = new StringContent(feature, Encoding.UTF8, "application/geo+json");

        var problem = await AssertProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData("lon=105", "lat")]
    [InlineData("lat=91&lon=105", "lat")]
    [InlineData("lat=20&lon=105&at=yesterday", "at")]
    public async Task A_bad_lookup_is_400_naming_the_parameter(string query, string field)
    {
        using var request = api.Admin(HttpMethod.Get, $"/api/v1/geofences/lookup?{query}");
        var problem = await AssertProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_built_in_airports_and_seaports_load_as_points_of_entry()
    {
        using var request = api.Admin(HttpMethod.Post, "/api/v1/geofences/points-of-entry/builtin");
        var answer = await (await client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(answer.GetProperty("imported").GetInt32() >= 30);
        Assert.Contains(await LookupAsync("lat=16.0439&lon=108.1990"), i => i.GetProperty("code").GetString() == "DAD");
    }

    private async Task<HttpResponseMessage> ImportAsync(string geoJson, string query)
    {
        using var request = api.Admin(HttpMethod.Post, $"/api/v1/geofences/import?{query}");
        request.Content = new StringContent(geoJson, Encoding.UTF8, "application/geo+json");
        return await client.SendAsync(request);
    }

    private async Task<JsonElement> CreateAsync(string feature)
    {
        using var request = api.Admin(HttpMethod.Post, "/api/v1/geofences");
        request.Content = new StringContent(feature, Encoding.UTF8, "application/geo+json");
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement[]> LookupAsync(string query)
    {
        using var request = api.Admin(HttpMethod.Get, $"/api/v1/geofences/lookup?{query}");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToArray();
    }
}
