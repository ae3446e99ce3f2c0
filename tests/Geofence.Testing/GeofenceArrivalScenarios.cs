using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Geofence.Testing;

/// <summary>
/// Arrivals detected from location feeds, end to end, against the real 34-province boundaries and the built-in
/// airports and seaports. Each test starts its own system, feed and devices.
/// </summary>
public abstract class GeofenceArrivalScenarios
{
    // Real places: a point in Yunnan, China; Sa Pa in Lào Cai (15); central Hanoi (01); Da Nang airport (48).
    protected static readonly (double Lat, double Lon) China = (23.40, 103.70);
    protected static readonly (double Lat, double Lon) SaPa = (22.3364, 103.8438);
    protected static readonly (double Lat, double Lon) Hanoi = (21.0285, 105.8542);
    protected static readonly (double Lat, double Lon) DaNangAirport = (16.0439, 108.1990);

    protected abstract Task<IGeofenceSystem> StartAsync();

    protected static DateTimeOffset MinutesAgo(int minutes) => DateTimeOffset.UtcNow.AddMinutes(-minutes);

    [Fact]
    public async Task A_device_crossing_the_border_into_the_province_gets_exactly_one_push()
    {
        await using var system = await StartAsync();
        await system.Api.ImportRealGeofencesAsync();
        var feed = await system.Api.RegisterFeedAsync(NewId("app"));
        var device = NewId("phone");
        await system.Api.RegisterDeviceAsync(feed, device, pushToken: $"token-{device}", language: "ko");

        await system.Api.PingAsync(feed, new Ping(device, China.Lat, China.Lon, MinutesAgo(90)));
        await system.Api.PingAsync(feed, new Ping(device, SaPa.Lat, SaPa.Lon, MinutesAgo(30)),
            new Ping(device, SaPa.Lat + 0.001, SaPa.Lon, MinutesAgo(20)));

        var notification = Assert.Single(await SettledAsync(system, device));
        Assert.Equal(("sent", "push", "15", "province-entry", "ko"),
            (notification.Status, notification.Channel, notification.ProvinceCode, notification.Trigger, notification.Language));
        await Task.Delay(500);
        Assert.Equal($"token-{device}", Assert.Single(await system.Api.SandboxMessagesForDeviceAsync(device)).Recipient);
    }

    [Fact]
    public async Task A_resident_moving_around_inside_the_province_gets_nothing()
    {
        await using var system = await StartAsync();
        await system.Api.ImportRealGeofencesAsync();
        var feed = await system.Api.RegisterFeedAsync(NewId("wifi"), "wifi");
        var resident = NewId("resident");
        var tourist = NewId("tourist");
        await system.Api.RegisterDeviceAsync(feed, resident, pushToken: $"token-{resident}");
        await system.Api.RegisterDeviceAsync(feed, tourist, pushToken: $"token-{tourist}");

        await system.Api.PingAsync(feed,
            new Ping(resident, Hanoi.Lat, Hanoi.Lon, MinutesAgo(60)),
            new Ping(resident, Hanoi.Lat + 0.02, Hanoi.Lon - 0.03, MinutesAgo(40)),
            new Ping(resident, China.Lat, China.Lon, MinutesAgo(30), AccuracyMeters: 5000), // too imprecise to count
            new Ping(resident, Hanoi.Lat, Hanoi.Lon + 0.01, MinutesAgo(20)));
        // A late ping older than what was already seen is ignored, so coming "back" from it is no crossing.
        await system.Api.PingAsync(feed, new Ping(resident, China.Lat, China.Lon, MinutesAgo(50)));
        await system.Api.PingAsync(feed, new Ping(resident, Hanoi.Lat, Hanoi.Lon, MinutesAgo(15)));
        // A tourist crossing in the same feed proves the pipeline ran while the resident got nothing.
        await system.Api.PingAsync(feed, new Ping(tourist, China.Lat, China.Lon, MinutesAgo(60)), new Ping(tourist, SaPa.Lat, SaPa.Lon, MinutesAgo(10)));

        await SettledAsync(system, tourist);
        await Task.Delay(500);
        Assert.Empty(await system.Api.NotificationsForDeviceAsync(resident));
    }

    [Fact]
    public async Task A_device_first_seen_at_the_airport_gets_one_push_however_long_it_stays()
    {
        await using var system = await StartAsync();
        await system.Api.ImportRealGeofencesAsync();
        var feed = await system.Api.RegisterFeedAsync(NewId("wifi"), "wifi");
        var device = NewId("traveller");
        await system.Api.RegisterDeviceAsync(feed, device, pushToken: $"token-{device}", language: "fr");

        await system.Api.PingAsync(feed, new Ping(device, DaNangAirport.Lat, DaNangAirport.Lon, MinutesAgo(30)));
        await system.Api.PingAsync(feed, new Ping(device, DaNangAirport.Lat + 0.001, DaNangAirport.Lon, MinutesAgo(25)),
            new Ping(device, DaNangAirport.Lat, DaNangAirport.Lon + 0.001, MinutesAgo(20)));

        var notification = Assert.Single(await SettledAsync(system, device));
        Assert.Equal(("48", "fr"), (notification.ProvinceCode, notification.Language));
        Assert.StartsWith("Bienvenue à Da Nang", notification.Text);
        await Task.Delay(500);
        Assert.Single(await system.Api.NotificationsForDeviceAsync(device));
    }

    [Fact]
    public async Task A_tourist_who_lands_and_then_checks_in_gets_one_message_across_both_sources()
    {
        await using var system = await StartAsync();
        await system.Api.ImportRealGeofencesAsync();
        var feed = await system.Api.RegisterFeedAsync(NewId("app"));
        var device = NewId("lander");
        var phone = Guests.NewKoreanPhone();
        await system.Api.RegisterDeviceAsync(feed, device, pushToken: $"token-{device}", language: "ko", phone: phone);
        var propertyId = $"HOTEL-{Guid.NewGuid():N}"[..20];
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "48");

        await system.Api.PingAsync(feed, new Ping(device, DaNangAirport.Lat, DaNangAirport.Lon, MinutesAgo(120)));
        var landed = Assert.Single(await SettledAsync(system, device));
        await system.Api.CheckInAsync(hotel, Guests.CheckIn(propertyId, phone, checkedInAt: MinutesAgo(30).ToString("O")));
        await Task.Delay(1000);

        Assert.Equal(landed.Id, Assert.Single(await system.Api.NotificationsAsync(phone)).Id);
        Assert.Equal("push", landed.Channel);
    }

    [Fact]
    public async Task A_telecom_province_entry_becomes_an_sms_and_a_merged_province_code_counts_under_its_new_unit()
    {
        await using var system = await StartAsync();
        var telco = await system.Api.RegisterFeedAsync(NewId("telco"), "telco");
        var phone = Guests.NewVietnamesePhone();

        using var response = await system.Api.PostAsFeedAsync(telco, "/api/v1/province-entries", new
        {
            entries = new[] { new { phone, provinceCode = "49", at = MinutesAgo(5).ToString("O") } }, // Quảng Nam, now part of Đà Nẵng
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        var notification = Assert.Single(await system.Api.SettledNotificationsAsync(phone));
        Assert.Equal(("sms", "48", "province-entry"), (notification.Channel, notification.ProvinceCode, notification.Trigger));
    }

    [Fact]
    public async Task A_device_that_already_has_Bluezone_is_recorded_as_suppressed_and_sent_nothing()
    {
        await using var system = await StartAsync();
        await system.Api.ImportRealGeofencesAsync();
        var feed = await system.Api.RegisterFeedAsync(NewId("app"));
        var device = NewId("installed");
        await system.Api.RegisterDeviceAsync(feed, device, pushToken: $"token-{device}", bluezoneInstalled: true);

        await system.Api.PingAsync(feed, new Ping(device, DaNangAirport.Lat, DaNangAirport.Lon, MinutesAgo(10)));

        var notification = Assert.Single(await SettledAsync(system, device));
        Assert.Equal(("suppressed", "already-installed"), (notification.Status, notification.Reason));
        Assert.Empty(await system.Api.SandboxMessagesForDeviceAsync(device));
    }

    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    protected static Task<NotificationItem[]> SettledAsync(IGeofenceSystem system, string deviceId) =>
        GeofenceApi.EventuallyAsync(() => system.Api.NotificationsForDeviceAsync(deviceId),
            items => items.Length > 0 && items.All(n => n.Status is "sent" or "suppressed" or "failed"), $"a settled notification for device {deviceId}");
}
