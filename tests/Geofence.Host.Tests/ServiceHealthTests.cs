using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Ingest;
using Geofence.Ingest.Hotels;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.Testing;
using Geofence.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;
using static Geofence.Host.Tests.CheckInApiTests;

namespace Geofence.Host.Tests;

public sealed class ServiceHealthTests
{
    [Fact]
    public async Task A_running_system_is_live_and_ready_and_serves_its_openapi_document()
    {
        await using var app = new EmbeddedGeofence();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/checkins", openApi);
        Assert.Contains("/api/v1/hotels", openApi);
    }

    [Fact]
    public async Task When_the_bus_cannot_take_checkins_ingest_answers_503_with_retry_after_and_is_not_ready()
    {
        // A broker address nothing listens on, and no room in the outbox for a backlog.
        await using var app = new EmbeddedGeofence(new Dictionary<string, string>
        {
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:RabbitMq:Host"] = "127.0.0.1",
            ["Bus:RabbitMq:Port"] = "1",
            ["Ingest:MaxUnpublished"] = "0",
        });
        var client = app.CreateClient();
        var key = ApiKey.New("gfhotel");
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IngestDb>();
            db.Hotels.Add(new KnownHotel { PropertyId = "HOTEL-DOWN", ProvinceCode = "22", ApiKeyHash = ApiKey.Hash(key) });
            await db.SaveChangesAsync();
        }
        var api = new GeofenceApi(client, client, client, app.AdminKey);

        using var response = await api.PostCheckInAsync(key, Guests.CheckIn("HOTEL-DOWN", Guests.NewKoreanPhone()));

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_provider_refusing_our_credentials_makes_readiness_degraded_naming_the_provider_and_its_code()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var app = new EmbeddedGeofence(new Dictionary<string, string>
        {
            ["Channels:Sms:Provider"] = "Twilio",
            ["Channels:Twilio:AccountSid"] = twilio.AccountSid,
            ["Channels:Twilio:AuthToken"] = "not-the-auth-token",
            ["Channels:Twilio:From"] = "GEOFENCE",
            ["Channels:Twilio:BaseUrl"] = twilio.Server.BaseUrl,
        });
        var api = app.Api();
        var client = app.CreateClient();
        var healthy = await client.GetFromJsonAsync<JsonElement>("/health/ready");
        var hotel = await api.RegisterHotelAsync("HOTEL-BADCREDS", "22");
        var phone = Guests.NewKoreanPhone();

        await api.CheckInAsync(hotel, Guests.CheckIn("HOTEL-BADCREDS", phone));
        Assert.Equal("failed", Assert.Single(await api.SettledNotificationsAsync(phone)).Status);
        using var degraded = await client.GetAsync("/health/ready");

        Assert.Equal("Healthy", healthy.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        var report = await degraded.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        var providers = report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "providers");
        Assert.Contains("twilio refuses every message (20003)", providers.GetProperty("description").GetString());
    }
}
