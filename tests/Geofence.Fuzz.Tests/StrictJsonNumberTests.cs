using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Geofence.Host.Tests;
using Geofence.Testing;

namespace Geofence.Fuzz.Tests;

/// <summary>
/// A number in a body must be a JSON number: the Web defaults would read <c>"21.03"</c> or <c>"NaN"</c> in quotes as a
/// number, which no caller needs and which let the fuzzer's strings through as coordinates.
/// </summary>
[Collection(FuzzRun.OneAtATime)]
public sealed class StrictJsonNumberTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;
    private string feedKey = "";

    public async ValueTask InitializeAsync()
    {
        api = app.Api();
        feedKey = await api.RegisterFeedAsync($"strict-{Guid.NewGuid():N}"[..20]);
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Theory]
    [InlineData("\"21.03\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    public async Task A_number_written_as_a_string_is_400_naming_the_field(string lat)
    {
        var body = $$"""{"pings":[{"subjectId":"d-1","lat":{{lat}},"lon":105.85,"accuracyMeters":12.5,"at":"{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}"}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/locations") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", feedKey);

        using var response = await api.Ingest.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("pings[0].lat: must be a number.", problem.GetProperty("detail").GetString());
    }
}
