using System.Net;
using System.Text.Json;
using Geofence.Notifier;
using Geofence.Privacy;
using Geofence.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Geofence.Host.Tests.CheckInApiTests;

namespace Geofence.Host.Tests;

/// <summary>GET /api/v1/persons/export: everything held about a number, gathered from every service over the bus.</summary>
public sealed class PersonExportTests : IAsyncLifetime
{
    private static readonly string[] Services = ["admin", "dispatcher", "ingest", "notifier"];
    private readonly EmbeddedGeofence app = new();
    private GeofenceApi api = null!;

    public ValueTask InitializeAsync()
    {
        api = app.Api();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..12];

    private async Task<(JsonElement Export, string Text)> ExportAsync(string phone)
    {
        using var request = api.Admin(HttpMethod.Get, $"/api/v1/persons/export?phone={Uri.EscapeDataString(phone)}");
        using var response = await api.AdminClient.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return (JsonSerializer.Deserialize<JsonElement>(text), text);
    }

    private static JsonElement[] Rows(JsonElement export, string service, string table) =>
        [.. export.GetProperty("services").GetProperty(service).GetProperty(table).EnumerateArray()];

    private static IEnumerable<(string Service, string Table, int Rows)> Tables(JsonElement export) =>
        export.GetProperty("services").EnumerateObject().SelectMany(s => s.Value.EnumerateObject()
            .Select(t => (s.Name, t.Name, t.Value.GetArrayLength())));

    private async Task NotifierSeesAsync(Func<NotifierDb, Task<bool>> probe, string what) =>
        await GeofenceApi.EventuallyAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await probe(scope.ServiceProvider.GetRequiredService<NotifierDb>());
        }, seen => seen, what);

    [Fact]
    public async Task A_guest_checked_in_messaged_opted_out_and_with_a_device_finds_each_in_the_export_and_nothing_of_another_number()
    {
        var hotel = NewId("H");
        var hotelKey = await api.RegisterHotelAsync(hotel, "22");
        var feedKey = await api.RegisterFeedAsync(NewId("app"));
        var (phone, other) = (Guests.NewKoreanPhone(), Guests.NewKoreanPhone());
        var (deviceId, pushToken) = (NewId("dev"), $"fcm-token-{Guid.NewGuid():N}");
        await api.CheckInAsync(hotelKey, Guests.CheckIn(hotel, phone));
        await api.CheckInAsync(hotelKey, Guests.CheckIn(hotel, other));
        var sent = Assert.Single(await api.SettledNotificationsAsync(phone));
        var othersNotification = Assert.Single(await api.SettledNotificationsAsync(other)).Id;
        await api.RegisterDeviceAsync(feedKey, deviceId, pushToken, "ko", phone);
        (await api.RecordOptOutAsync(phone, "asked at the front desk")).EnsureSuccessStatusCode();
        var personKey = app.Services.GetRequiredService<PersonKeys>().ForPhone(phone);
        await NotifierSeesAsync(db => db.Devices.AnyAsync(d => d.DeviceId == deviceId), "the Notifier to know the device");
        await NotifierSeesAsync(db => db.OptOuts.WhereActive().AnyAsync(o => o.PersonKey == personKey), "the Notifier to see the opt-out");

        var (export, text) = await ExportAsync(phone);

        Assert.Equal(phone, export.GetProperty("phone").GetString());
        Assert.Equal(personKey, export.GetProperty("personKey").GetString());
        Assert.Equal(Services, export.GetProperty("services").EnumerateObject().Select(s => s.Name));
        var notification = Assert.Single(Rows(export, "admin", "notifications"));
        Assert.Equal((sent.Id, sent.Status, sent.Channel), (notification.GetProperty("notificationId").GetGuid(),
            notification.GetProperty("status").GetString(), notification.GetProperty("channel").GetString()));
        Assert.Equal("asked at the front desk", Assert.Single(Rows(export, "admin", "optOuts")).GetProperty("note").GetString());
        Assert.Equal(sent.Id, Assert.Single(Rows(export, "dispatcher", "sandboxMessages")).GetProperty("notificationId").GetGuid());
        Assert.Contains(Rows(export, "dispatcher", "deliveries"), d => d.GetProperty("notificationId").GetGuid() == sent.Id);
        Assert.Equal(sent.Id.ToString(), Assert.Single(Rows(export, "notifier", "visits")).GetProperty("notificationId").GetString());
        Assert.True(Assert.Single(Rows(export, "notifier", "optOuts")).GetProperty("isActive").GetBoolean());
        var device = Assert.Single(Rows(export, "notifier", "devices"));
        Assert.Equal((deviceId, $"…{pushToken[^4..]}", "held (encrypted)"),
            (device.GetProperty("deviceId").GetString(), device.GetProperty("pushToken").GetString(), device.GetProperty("phone").GetString()));
        Assert.DoesNotContain(pushToken, text, StringComparison.Ordinal);
        Assert.Equal(1, text.Split(phone).Length - 1); // the number asked about, once, at the top
        foreach (var secret in new[] { other, app.Services.GetRequiredService<PersonKeys>().ForPhone(other), othersNotification.ToString() })
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task After_erasure_the_export_holds_only_the_opt_out_kept_as_a_bare_marker()
    {
        var hotel = NewId("H");
        var hotelKey = await api.RegisterHotelAsync(hotel, "22");
        var phone = Guests.NewKoreanPhone();
        await api.CheckInAsync(hotelKey, Guests.CheckIn(hotel, phone));
        await api.SettledNotificationsAsync(phone);
        (await api.RecordOptOutAsync(phone, "a note to erase")).EnsureSuccessStatusCode();
        var personKey = app.Services.GetRequiredService<PersonKeys>().ForPhone(phone);
        await NotifierSeesAsync(db => db.OptOuts.WhereActive().AnyAsync(o => o.PersonKey == personKey), "the Notifier to see the opt-out");
        Assert.Contains(Tables((await ExportAsync(phone)).Export), t => t.Table == "notifications" && t.Rows == 1);

        using (var erase = api.Admin(HttpMethod.Delete, $"/api/v1/persons?phone={Uri.EscapeDataString(phone)}"))
        using (var erasing = await api.AdminClient.SendAsync(erase))
        {
            Assert.Equal(HttpStatusCode.Accepted, erasing.StatusCode);
            await GeofenceApi.EventuallyAsync(async () =>
            {
                using var get = api.Admin(HttpMethod.Get, erasing.Headers.Location!.ToString());
                using var status = await api.AdminClient.SendAsync(get);
                return JsonSerializer.Deserialize<JsonElement>(await status.Content.ReadAsStringAsync()).GetProperty("complete").GetBoolean();
            }, complete => complete, "every service to confirm the erasure");
        }

        var (export, _) = await ExportAsync(phone);
        Assert.Equal([("admin", "optOuts", 1), ("notifier", "optOuts", 1)], Tables(export).Where(t => t.Rows > 0).OrderBy(t => t.Service));
        Assert.Equal(JsonValueKind.Null, Assert.Single(Rows(export, "admin", "optOuts")).GetProperty("note").ValueKind);
    }

    [Fact]
    public async Task An_unknown_number_gets_every_service_and_table_empty()
    {
        var (export, _) = await ExportAsync(Guests.NewKoreanPhone());

        Assert.Equal(Services, export.GetProperty("services").EnumerateObject().Select(s => s.Name));
        Assert.Contains(Tables(export), t => (t.Service, t.Table) == ("notifier", "devices"));
        Assert.All(Tables(export), t => Assert.Equal(0, t.Rows));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?phone=12")]
    [InlineData("?phone=%2B84%2090%20CALL%20NOW")]
    public async Task Exporting_without_a_valid_number_is_400_naming_phone(string query)
    {
        using var request = api.Admin(HttpMethod.Get, $"/api/v1/persons/export{query}");
        var problem = await AssertProblemAsync(await api.AdminClient.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("phone", out _), problem.ToString());
    }

    [Fact]
    public async Task A_hotel_key_may_not_export_a_person()
    {
        var hotelKey = await api.RegisterHotelAsync(NewId("H"), "22");
        using var asHotel = new HttpRequestMessage(HttpMethod.Get, "/api/v1/persons/export?phone=%2B84901234567");
        asHotel.Headers.Add("X-Api-Key", hotelKey);
        using var refused = await api.AdminClient.SendAsync(asHotel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
