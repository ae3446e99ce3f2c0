using System.Net;
using System.Text.Json;
using Geofence.Testing;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// The personal-data export with each service in its own process on RabbitMQ and PostgreSQL: Admin gathers every
/// service's answer over the broker, and a service that is down is named in a 503 rather than left out.
/// </summary>
public sealed class PersonExportTests
{
    [Fact]
    public async Task The_export_gathers_from_every_service_process_and_a_stopped_one_is_named_in_a_503()
    {
        await using var system = await DistributedGeofence.StartAsync();
        var api = system.Api;
        var (propertyId, feedId) = ($"H-{Guid.NewGuid():N}"[..12], $"app-{Guid.NewGuid():N}"[..12]);
        var hotelKey = await api.RegisterHotelAsync(propertyId, "22");
        var feedKey = await api.RegisterFeedAsync(feedId, "app");
        var (phone, deviceId) = (Guests.NewKoreanPhone(), $"dev-{Guid.NewGuid():N}"[..16]);
        await api.CheckInAsync(hotelKey, Guests.CheckIn(propertyId, phone));
        var sent = Assert.Single(await api.SettledNotificationsAsync(phone));
        await api.RegisterDeviceAsync(feedKey, deviceId, $"push-token-{Guid.NewGuid():N}", "ko", phone);
        await GeofenceApi.EventuallyAsync(() => StoredState.NotifierKnowsDeviceAsync(system, deviceId), known => known, "the Notifier to know the device");

        var (status, export) = await ExportAsync(api, phone);

        Assert.Equal(HttpStatusCode.OK, status);
        var services = export.GetProperty("services");
        Assert.Equal(["admin", "dispatcher", "ingest", "notifier"], services.EnumerateObject().Select(s => s.Name));
        Assert.Equal(sent.Id, Assert.Single(services.GetProperty("admin").GetProperty("notifications").EnumerateArray()).GetProperty("notificationId").GetGuid());
        Assert.Equal(sent.Id, Assert.Single(services.GetProperty("dispatcher").GetProperty("sandboxMessages").EnumerateArray()).GetProperty("notificationId").GetGuid());
        Assert.Equal(sent.Id.ToString(), Assert.Single(services.GetProperty("notifier").GetProperty("visits").EnumerateArray()).GetProperty("notificationId").GetString());
        Assert.Equal(deviceId, Assert.Single(services.GetProperty("notifier").GetProperty("devices").EnumerateArray()).GetProperty("deviceId").GetString());
        Assert.True(services.GetProperty("ingest").TryGetProperty("outbox", out _));

        await system.Dispatcher.KillAsync();
        var (downStatus, problem) = await ExportAsync(api, phone);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, downStatus);
        Assert.Equal(["dispatcher"], problem.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("dispatcher", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await system.Dispatcher.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, (await ExportAsync(api, phone)).Status);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ExportAsync(GeofenceApi api, string phone)
    {
        using var request = api.Admin(HttpMethod.Get, $"/api/v1/persons/export?phone={Uri.EscapeDataString(phone)}");
        using var response = await api.AdminClient.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable) Assert.True(response.Headers.RetryAfter is not null, "503 without Retry-After");
        return (response.StatusCode, JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync()));
    }
}
