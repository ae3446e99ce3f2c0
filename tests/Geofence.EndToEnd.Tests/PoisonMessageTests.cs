using System.Net.Http.Json;
using System.Text.Json;
using Geofence.Privacy;
using Geofence.Testing;

namespace Geofence.EndToEnd.Tests;

public sealed class PoisonMessageTests
{
    [Fact]
    public async Task A_message_the_dispatcher_cannot_handle_is_retried_then_parked_in_the_error_queue_not_dropped()
    {
        await using var virtualHost = await TestInfrastructure.CreateVirtualHostAsync();
        await using var database = await TestInfrastructure.CreateDatabaseAsync();
        var environment = virtualHost.BusSettings.Concat(database.DatabaseSettings).ToDictionary();
        environment["Auth__BootstrapAdminKey"] = $"test-admin-{Guid.NewGuid():N}";
        environment["Privacy__PhoneHashKey"] = "test-phone-key";
        environment["Bus__Retry__Limit"] = "2";
        environment["Bus__Retry__MinInterval"] = "00:00:00.050";
        environment["Bus__Retry__MaxInterval"] = "00:00:00.200";
        await using var dispatcher = await ServiceProcess.StartAsync("Geofence.Dispatcher", environment);

        // A command sealed under another Privacy__PhoneHashKey (a misconfigured Notifier), published as any MassTransit
        // service would publish it: no retry can open it.
        var poison = new
        {
            messageId = Guid.NewGuid(),
            messageType = new[] { "urn:message:Geofence.Contracts:SendNotification" },
            message = new
            {
                notificationId = Guid.NewGuid(), personKey = "k", language = "en", trigger = "checkin", provinceCode = "22",
                propertyId = (string?)null, createdAt = DateTimeOffset.UtcNow,
                phone = new FieldCipher("another-phone-key").Protect("+84901234567"), smsText = "hello", smsTextParts = 1,
            },
        };
        var published = await virtualHost.Management.PostAsJsonAsync(
            $"exchanges/{virtualHost.Name}/{Uri.EscapeDataString("Geofence.Contracts:SendNotification")}/publish", new
            {
                properties = new { content_type = "application/vnd.masstransit+json", delivery_mode = 2 },
                routing_key = "",
                payload = JsonSerializer.Serialize(poison),
                payload_encoding = "string",
            });
        Assert.True((await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("routed").GetBoolean());

        var parked = await GeofenceApi.EventuallyAsync(() => BrokerQueues.PeekAsync(virtualHost, "send-notification_error"),
            m => m is not null, "the poison message in send-notification_error");
        var headers = parked!.Value.GetProperty("properties").GetProperty("headers");
        // MassTransit names the innermost exception: AES-GCM's refusal under FieldCipher's "cannot be decrypted".
        Assert.Contains("authentication tag did not match", headers.GetProperty("MT-Fault-Message").GetString());
        Assert.Equal(2, headers.GetProperty("MT-Fault-RetryCount").GetInt32());
        Assert.Null(await BrokerQueues.PeekAsync(virtualHost, "send-notification"));
    }
}
