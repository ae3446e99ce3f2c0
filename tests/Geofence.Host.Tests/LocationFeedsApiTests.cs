using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Contracts;
using Geofence.Ingest;
using Geofence.Notifier;
using Geofence.Privacy;
using Geofence.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Geofence.Host.Tests.CheckInApiTests;

namespace Geofence.Host.Tests;

/// <summary>What a location feed can post, and every answer it can get.</summary>
public sealed class LocationFeedsApiTests : IAsyncLifetime
{
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;
    private string feedKey = null!;

    public async ValueTask InitializeAsync()
    {
        api = app.Api();
        feedKey = await api.RegisterFeedAsync("tourism-app");
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private static object PingBody(int count, double lat = 21.0285) => new
    {
        pings = Enumerable.Range(0, count).Select(i => new
        {
            subjectId = $"device-{i}", lat, lon = 105.8542, accuracyMeters = 12.5, at = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
        }),
    };

    [Fact]
    public async Task A_feed_registers_once_and_its_key_is_shown_once()
    {
        using var again = api.Admin(HttpMethod.Post, "/api/v1/feeds");
        again.Content = JsonContent.Create(new { feedId = "tourism-app", name = "Again", kind = "app" });
        await AssertProblemAsync(await api.Ingest.SendAsync(again), HttpStatusCode.Conflict);

        using var bad = api.Admin(HttpMethod.Post, "/api/v1/feeds");
        bad.Content = JsonContent.Create(new { feedId = "x", name = "X", kind = "satellite" });
        var problem = await AssertProblemAsync(await api.Ingest.SendAsync(bad), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("kind", out _));
    }

    [Fact]
    public async Task Up_to_a_thousand_pings_are_accepted_with_their_count()
    {
        using var response = await api.PostAsFeedAsync(feedKey, "/api/v1/locations", PingBody(1000));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1000, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task More_than_a_thousand_pings_are_400()
    {
        var problem = await AssertProblemAsync(await api.PostAsFeedAsync(feedKey, "/api/v1/locations", PingBody(1001)), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("pings", out _));
    }

    [Fact]
    public async Task A_bad_ping_is_400_naming_it_by_index_and_nothing_is_accepted()
    {
        var body = JsonSerializer.SerializeToNode(PingBody(3))!;
        body["pings"]![2]!["lat"] = 123;
        body["pings"]![1]!["at"] = "2026-11-28 09:00";

        var problem = await AssertProblemAsync(await api.PostAsFeedAsync(feedKey, "/api/v1/locations", body), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("pings[2].lat", out _), problem.ToString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("pings[1].at", out _), problem.ToString());
    }

    [Fact]
    public async Task A_devices_push_token_and_phone_number_are_stored_encrypted()
    {
        await api.RegisterDeviceAsync(feedKey, "d-encrypted", "fcm-token-in-clear", "ko", "+82 10-2345-6789");

        var stored = await GeofenceApi.EventuallyAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<NotifierDb>().Devices.AsNoTracking()
                .FirstOrDefaultAsync(d => d.DeviceId == "d-encrypted");
        }, device => device is not null, "the Notifier to record the device");

        Assert.DoesNotContain("token-in-clear", stored!.PushToken);
        Assert.DoesNotContain("2345", stored.Phone);
        var cipher = app.Services.GetRequiredService<FieldCipher>();
        Assert.Equal(("fcm-token-in-clear", "+821023456789"), (cipher.Unprotect(stored.PushToken), cipher.Unprotect(stored.Phone)));
    }

    [Fact]
    public async Task A_push_token_with_characters_outside_ASCII_is_400_naming_it()
    {
        var problem = await AssertProblemAsync(await api.PostAsFeedAsync(feedKey, "/api/v1/devices",
            new { deviceId = "d-2", platform = "android", pushToken = "tökén" }), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("pushToken", out _), problem.ToString());
    }

    [Fact]
    public async Task Devices_are_accepted_and_bad_ones_named_by_field()
    {
        using var good = await api.PostAsFeedAsync(feedKey, "/api/v1/devices",
            new { deviceId = "d-1", platform = "ios", pushToken = "apns-token", language = "ja", phone = "+81 90-1234-5678", bluezoneInstalled = false });
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);

        var problem = await AssertProblemAsync(await api.PostAsFeedAsync(feedKey, "/api/v1/devices",
            new { deviceId = "", platform = "windows", phone = "12" }), HttpStatusCode.BadRequest);
        foreach (var field in new[] { "deviceId", "platform", "phone" })
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Province_entries_need_a_known_province_at_that_time_and_a_valid_phone()
    {
        var feedKey = await api.RegisterFeedAsync($"telco-{Guid.NewGuid():N}"[..16], "telco");
        var at = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O");
        using var good = await api.PostAsFeedAsync(feedKey, "/api/v1/province-entries",
            new { entries = new[] { new { phone = "0912345678", provinceCode = "22", at } } });
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);

        var problem = await AssertProblemAsync(await api.PostAsFeedAsync(feedKey, "/api/v1/province-entries",
            new { entries = new[] { new { phone = "0912345678", provinceCode = "99", at }, new { phone = "nope", provinceCode = "22", at } } }),
            HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("entries[0].provinceCode", out _), problem.ToString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("entries[1].phone", out _), problem.ToString());
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z", "before 2000")]
    [InlineData("9999-12-31T23:59:59Z", "future")]
    public async Task A_ping_dated_0001_01_01_or_beyond_the_clock_skew_is_400_naming_it_and_nothing_is_accepted(string at, string why)
    {
        var body = JsonSerializer.SerializeToNode(PingBody(2))!;
        body["pings"]![1]!["at"] = at;

        var problem = await AssertProblemAsync(await api.PostAsFeedAsync(feedKey, "/api/v1/locations", body), HttpStatusCode.BadRequest);

        Assert.Contains(why, problem.GetProperty("errors").GetProperty("pings[1].at")[0].GetString());
    }

    [Fact]
    public async Task A_string_where_a_number_is_expected_is_400_naming_the_path_as_written_without_dotnet_types()
    {
        var body = JsonSerializer.SerializeToNode(PingBody(3))!;
        body["pings"]![2]!["lat"] = "north";

        var problem = await AssertProblemAsync(await api.PostAsFeedAsync(feedKey, "/api/v1/locations", body), HttpStatusCode.BadRequest);

        Assert.Equal("pings[2].lat: must be a number.", problem.GetProperty("detail").GetString());
        AssertNamesNoDotnetType(problem.ToString());
    }

    [Fact]
    public async Task An_app_feed_posting_province_entries_is_403_and_nothing_is_accepted()
    {
        var phone = Guests.NewVietnamesePhone();
        var problem = await AssertProblemAsync(await api.PostAsFeedAsync(feedKey, "/api/v1/province-entries",
            new { entries = new[] { new { phone, provinceCode = "22", at = DateTimeOffset.UtcNow.ToString("O") } } }), HttpStatusCode.Forbidden);

        Assert.Contains("telco", problem.GetProperty("detail").GetString());
        await Task.Delay(500);
        Assert.Empty(await api.NotificationsAsync(phone));
    }

    [Fact]
    public async Task A_telecom_entry_days_old_is_accepted_and_recorded_as_suppressed_stale_and_nothing_is_sent()
    {
        var telcoKey = await api.RegisterFeedAsync($"telco-{Guid.NewGuid():N}"[..16], "telco");
        var phone = Guests.NewVietnamesePhone();

        using var response = await api.PostAsFeedAsync(telcoKey, "/api/v1/province-entries",
            new { entries = new[] { new { phone, provinceCode = "22", at = DateTimeOffset.UtcNow.AddDays(-4).ToString("O") } } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var notification = Assert.Single(await api.SettledNotificationsAsync(phone));
        Assert.Equal(("suppressed", "stale"), (notification.Status, notification.Reason));
        Assert.Empty(await api.SandboxMessagesAsync(phone));
    }

    [Fact]
    public async Task A_telco_feed_over_its_rate_of_entries_is_429_with_Retry_After_counting_entries_not_requests()
    {
        await using var limited = new EmbeddedGeofence(new Dictionary<string, string>
        {
            ["RateLimits:TelcoEntriesPerSecond"] = "1", ["RateLimits:TelcoEntriesBurst"] = "3",
        });
        var limitedApi = limited.Api();
        var telcoKey = await limitedApi.RegisterFeedAsync("telco-limited", "telco");
        object Entries(int count) => new
        {
            entries = Enumerable.Range(0, count).Select(_ => new
            {
                phone = Guests.NewVietnamesePhone(), provinceCode = "22", at = DateTimeOffset.UtcNow.AddDays(-4).ToString("O"),
            }),
        };

        using (var accepted = await limitedApi.PostAsFeedAsync(telcoKey, "/api/v1/province-entries", Entries(3)))
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        using var refused = await limitedApi.PostAsFeedAsync(telcoKey, "/api/v1/province-entries", Entries(3));

        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task An_install_report_is_accepted_and_published_for_the_device_of_that_feed()
    {
        using var response = await api.PostAsFeedAsync(feedKey, "/api/v1/devices/d-installed/bluezone-installed", new { });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("d-installed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deviceId").GetString());
        await using var scope = app.Services.CreateAsyncScope();
        var reports = (await scope.ServiceProvider.GetRequiredService<IngestDb>().Outbox.AsNoTracking()
                .Where(m => m.Contract.EndsWith(":BluezoneInstallReported")).ToListAsync())
            .Select(m => (BluezoneInstallReported)m.Deserialize(out _)).ToList();
        var report = Assert.Single(reports, r => r.DeviceId == "d-installed");
        Assert.Equal("tourism-app", report.FeedId);
        Assert.Null(report.PersonKey); // Ingest keeps no devices: the Notifier finds the device's person
    }

    [Fact]
    public async Task An_install_report_for_a_bad_device_id_is_400_naming_it_and_without_a_feed_key_401()
    {
        foreach (var deviceId in new[] { new string('d', 129), "%20", "d%01" })
        {
            var problem = await AssertProblemAsync(await api.PostAsFeedAsync(feedKey, $"/api/v1/devices/{deviceId}/bluezone-installed", new { }),
                HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("deviceId", out _), problem.ToString());
        }
        await AssertProblemAsync(await api.PostAsFeedAsync("not-a-key", "/api/v1/devices/d-1/bluezone-installed", new { }), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await api.Ingest.PostAsync("/api/v1/devices/d-1/bluezone-installed", null), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Feed_endpoints_refuse_hotel_keys_and_missing_keys()
    {
        var hotelKey = await api.RegisterHotelAsync("HOTEL-FEEDS", "22");

        await AssertProblemAsync(await api.PostAsFeedAsync(hotelKey, "/api/v1/locations", PingBody(1)), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await api.Ingest.PostAsJsonAsync("/api/v1/locations", PingBody(1)), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await api.PostAsFeedAsync(feedKey, "/api/v1/checkins", Guests.CheckIn("HOTEL-FEEDS", Guests.NewKoreanPhone())),
            HttpStatusCode.Forbidden);
    }
}
