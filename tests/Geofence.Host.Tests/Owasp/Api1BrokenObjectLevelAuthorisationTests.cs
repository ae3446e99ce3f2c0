using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Testing;
using static Geofence.Host.Tests.Owasp.Callers;

namespace Geofence.Host.Tests.Owasp;

/// <summary>
/// OWASP API1:2023, broken object-level authorisation. A hotel's key acts only for its own property and a feed's key
/// only as its own feed: the owner comes from the key, never from the request, and every endpoint that names another
/// property or feed in its path is admin-only. Province scope: there is one province (one department's deployment)
/// until the multi-province model of issue 13 lands, so an admin key sees everything; there is no per-province admin yet.
/// </summary>
public sealed class Api1BrokenObjectLevelAuthorisationTests : IAsyncLifetime
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
    public async Task A_hotel_key_cannot_post_a_checkin_for_another_property()
    {
        var (hotelA, hotelB) = (NewId("HOTEL-A"), NewId("HOTEL-B"));
        var keyA = await api.RegisterHotelAsync(hotelA);
        await api.RegisterHotelAsync(hotelB);

        using var response = await api.PostCheckInAsync(keyA, Guests.CheckIn(hotelB, Guests.NewKoreanPhone()));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(hotelA, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("GET", "/api/v1/hotels/{other}/keys")]
    [InlineData("POST", "/api/v1/hotels/{other}/keys")]
    [InlineData("POST", "/api/v1/hotels/{other}/key")]
    [InlineData("DELETE", "/api/v1/hotels/{other}/keys/00000000-0000-0000-0000-000000000001")]
    [InlineData("GET", "/api/v1/hotels/{own}/keys")]
    public async Task A_hotel_key_cannot_read_or_change_any_hotels_keys(string method, string path)
    {
        var (own, other) = (NewId("HOTEL-A"), NewId("HOTEL-B"));
        var key = await api.RegisterHotelAsync(own);
        var otherKey = await api.RegisterHotelAsync(other);

        using var response = await SendAsync(api.Ingest, new HttpMethod(method), path.Replace("{other}", other).Replace("{own}", own), key);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api.Ingest, HttpMethod.Get, "/api/v1/me", otherKey)).StatusCode); // nothing was rotated
    }

    [Fact]
    public async Task A_feed_key_acts_only_as_its_own_feed_and_cannot_touch_another_feeds_keys()
    {
        var (feedA, feedB) = (NewId("feed-a"), NewId("feed-b"));
        var keyA = await api.RegisterFeedAsync(feedA);
        var keyB = await api.RegisterFeedAsync(feedB);

        var me = await (await SendAsync(api.Ingest, HttpMethod.Get, "/api/v1/me", keyA)).Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(("feed", feedA), (me.GetProperty("kind").GetString(), me.GetProperty("id").GetString()));

        foreach (var (method, path) in new[] { ("GET", $"/api/v1/feeds/{feedB}/keys"), ("POST", $"/api/v1/feeds/{feedB}/keys"),
                     ("DELETE", $"/api/v1/feeds/{feedB}/keys/{Guid.NewGuid()}"), ("GET", $"/api/v1/feeds/{feedA}/keys") })
        {
            using var response = await SendAsync(api.Ingest, new HttpMethod(method), path, keyA);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(api.Ingest, HttpMethod.Get, "/api/v1/me", keyB)).StatusCode);
    }

    [Theory]
    [InlineData("hotel")]
    [InlineData("app")]
    [InlineData("telco")]
    public async Task Hotel_and_feed_keys_cannot_call_admin_endpoints(string caller)
    {
        var key = caller == "hotel" ? await api.RegisterHotelAsync(NewId("HOTEL")) : await api.RegisterFeedAsync(NewId("feed"), caller);

        foreach (var (method, path) in new[] { ("GET", "/api/v1/hotels"), ("GET", "/api/v1/feeds"), ("GET", "/api/v1/admin-keys"),
                     ("POST", "/api/v1/admin-keys"), ("GET", "/api/v1/notifications"), ("GET", "/api/v1/opt-outs"),
                     ("GET", "/api/v1/sandbox/messages"), ("GET", "/api/v1/policy"), ("GET", "/api/v1/campaigns") })
        {
            using var response = await SendAsync(api.Ingest, new HttpMethod(method), path, key, method == "POST" ? new { name = "mine now" } : null);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{caller} {method} {path}: {response.StatusCode}");
        }
    }
}
