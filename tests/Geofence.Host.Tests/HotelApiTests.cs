using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Testing;
using static Geofence.Host.Tests.CheckInApiTests;

namespace Geofence.Host.Tests;

/// <summary>/api/v1/hotels: the department registers hotels and hands out their keys.</summary>
public sealed class HotelApiTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Registering_a_hotel_is_201_with_a_key_that_works_at_ingest()
    {
        var key = await api.RegisterHotelAsync("HOTEL-QN-001", "22");

        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        me.Headers.Add("X-Api-Key", key);
        var answer = await (await api.Ingest.SendAsync(me)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("hotel", "HOTEL-QN-001"), (answer.GetProperty("kind").GetString(), answer.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Registering_an_existing_property_is_409()
    {
        await api.RegisterHotelAsync("HOTEL-QN-002", "22");

        using var response = await RegisterAsync(new { propertyId = "HOTEL-QN-002", name = "Again", provinceCode = "22" });

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("provinceCode", "17")] // Hòa Bình: merged into Phú Thọ on 2025-07-01
    [InlineData("provinceCode", null)]
    [InlineData("propertyId", "has spaces")]
    [InlineData("name", "")]
    public async Task An_invalid_registration_is_400_naming_the_field(string field, string? value)
    {
        var body = JsonSerializer.SerializeToNode(new { propertyId = "HOTEL-OK", name = "Hotel", provinceCode = "22" })!;
        body[field] = value;

        using var response = await RegisterAsync(body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_hotel_key_cannot_register_hotels()
    {
        var key = await api.RegisterHotelAsync("HOTEL-QN-003", "22");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/hotels")
        {
            Content = JsonContent.Create(new { propertyId = "HOTEL-QN-004", name = "Mine", provinceCode = "22" }),
        };
        request.Headers.Add("X-Api-Key", key);

        await AssertProblemAsync(await api.Ingest.SendAsync(request), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Rotating_a_key_retires_the_old_one()
    {
        var oldKey = await api.RegisterHotelAsync("HOTEL-QN-005", "22");

        using var rotate = api.Admin(HttpMethod.Post, "/api/v1/hotels/HOTEL-QN-005/key");
        var newKey = (await (await api.Ingest.SendAsync(rotate)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;

        await GeofenceApi.EventuallyAsync(() => StatusWithAsync(oldKey), s => s == HttpStatusCode.Unauthorized, "old key to stop working");
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(newKey));
    }

    [Fact]
    public async Task Registered_hotels_are_listed_without_their_keys()
    {
        await api.RegisterHotelAsync("HOTEL-QN-006", "22", "Ha Long Bay Hotel");

        using var list = api.Admin(HttpMethod.Get, "/api/v1/hotels");
        var text = await (await api.Ingest.SendAsync(list)).Content.ReadAsStringAsync();

        Assert.Contains("Ha Long Bay Hotel", text);
        Assert.DoesNotContain("gfhotel_", text);
        Assert.DoesNotContain("apiKeyHash", text, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<HttpStatusCode> StatusWithAsync(string key)
    {
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/v1/me");
        me.Headers.Add("X-Api-Key", key);
        return (await api.Ingest.SendAsync(me)).StatusCode;
    }

    private async Task<HttpResponseMessage> RegisterAsync(object body)
    {
        using var request = api.Admin(HttpMethod.Post, "/api/v1/hotels");
        request.Content = JsonContent.Create(body);
        return await api.Ingest.SendAsync(request);
    }
}
