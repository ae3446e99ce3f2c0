using System.Net;
using System.Security.Cryptography;
using System.Text;
using Geofence.Privacy;
using Geofence.Testing;
using Geofence.Testing.Providers;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// Every service in its own process on RabbitMQ and PostgreSQL, with the Dispatcher configured for the real providers
/// and those pointed at fakes on 127.0.0.1 that enforce each provider's contract.
/// </summary>
public sealed class ProviderDeliveryTests
{
    private const string StatusCallbackUrl = ProviderSettings.TwilioStatusCallbackUrl;

    private static Dictionary<string, string> Twilio(FakeTwilio twilio) =>
        ProviderSettings.Merge(ProviderSettings.Twilio(twilio), ProviderSettings.FastRetry());

    private static Dictionary<string, string> Fcm(FakeFcm fcm, FakeTwilio twilio) =>
        ProviderSettings.Merge(Twilio(twilio), ProviderSettings.Fcm(fcm));

    private static Dictionary<string, string> NotificationHubs(FakeNotificationHub hub, FakeTwilio twilio) =>
        ProviderSettings.Merge(Twilio(twilio), ProviderSettings.NotificationHubs(hub));

    private static string NewPropertyId() => $"H-{Guid.NewGuid():N}"[..12];

    private static Task<NotificationItem[]> FinalAsync(DistributedGeofence system, string phone, string status) =>
        GeofenceApi.EventuallyAsync(() => system.Api.NotificationsAsync(phone), items => items.Any(n => n.Status == status),
            $"a {status} notification for {phone}");

    private static HttpRequestMessage StatusCallback(string authToken, Dictionary<string, string> form)
    {
        var data = new StringBuilder(StatusCallbackUrl);
        foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal)) data.Append(key).Append(value);
        var signature = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/receipts/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return request;
    }

    [Fact]
    public async Task A_checkin_becomes_one_Twilio_SMS_whose_signed_receipt_turns_the_report_to_delivered_while_a_forged_one_is_refused()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: Twilio(twilio));
        var propertyId = NewPropertyId();
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        var phone = Guests.NewKoreanPhone();

        await system.Api.CheckInAsync(hotel, Guests.CheckIn(propertyId, phone));

        var sent = Assert.Single(await FinalAsync(system, phone, "sent"));
        Assert.Equal(("sms", "twilio"), (sent.Channel, sent.Provider));
        var sms = Assert.Single(twilio.Accepted, m => m["To"] == phone);
        Assert.Equal(StatusCallbackUrl, sms["StatusCallback"]);
        var form = new Dictionary<string, string> { ["MessageSid"] = twilio.SidsByNumber[phone], ["MessageStatus"] = "delivered", ["To"] = phone };

        using var forged = await system.Api.Dispatcher.SendAsync(StatusCallback("not-the-auth-token", form));
        using var signed = await system.Api.Dispatcher.SendAsync(StatusCallback(twilio.AuthToken, form));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.OK), (forged.StatusCode, signed.StatusCode));
        Assert.Equal("delivered", Assert.Single(await FinalAsync(system, phone, "delivered")).Status);
    }

    [Fact]
    public async Task A_device_is_pushed_through_FCM_and_a_dead_token_falls_back_to_SMS_and_is_never_pushed_again()
    {
        await using var fcm = await FakeFcm.StartAsync();
        await using var twilio = await FakeTwilio.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: Fcm(fcm, twilio));
        var feed = await system.Api.RegisterFeedAsync($"feed-{Guid.NewGuid():N}"[..16]);
        var (livePhone, deadPhone) = (Guests.NewKoreanPhone(), Guests.NewKoreanPhone());
        var (liveToken, deadToken) = ($"tok-live-{Guid.NewGuid():N}", $"tok-dead-{Guid.NewGuid():N}");
        fcm.DeadTokens.Add(deadToken);
        await system.Api.RegisterDeviceAsync(feed, "device-live", liveToken, "ko", livePhone);
        await system.Api.RegisterDeviceAsync(feed, "device-dead", deadToken, "ko", deadPhone);
        // Registrations and check-ins travel on different queues: the check-ins wait until the Notifier knows both devices.
        foreach (var device in new[] { "device-live", "device-dead" })
            await GeofenceApi.EventuallyAsync(() => StoredState.NotifierKnowsDeviceAsync(system, device), known => known, $"the Notifier to know {device}");
        var (hotel22, hotel48) = (NewPropertyId(), NewPropertyId());
        var key22 = await system.Api.RegisterHotelAsync(hotel22, "22");
        var key48 = await system.Api.RegisterHotelAsync(hotel48, "48");

        await system.Api.CheckInAsync(key22, Guests.CheckIn(hotel22, livePhone));
        await system.Api.CheckInAsync(key22, Guests.CheckIn(hotel22, deadPhone));

        var pushed = Assert.Single(await FinalAsync(system, livePhone, "sent"));
        Assert.Equal(("push", "fcm"), (pushed.Channel, pushed.Provider));
        Assert.Single(fcm.Delivered, m => m["token"]?.GetValue<string>() == liveToken);
        var fellBack = Assert.Single(await FinalAsync(system, deadPhone, "sent"));
        Assert.Equal(("sms", "twilio"), (fellBack.Channel, fellBack.Provider));
        var fcmRequests = fcm.Server.Requests;

        // Another province is another visit, once the Notifier has dropped the dead token.
        await GeofenceApi.EventuallyAsync(() => StoredState.NotifierKnowsDeviceAsync(system, "device-dead"), known => !known,
            "the Notifier to drop the dead token");
        await system.Api.CheckInAsync(key48, Guests.CheckIn(hotel48, deadPhone));

        await GeofenceApi.EventuallyAsync(() => system.Api.NotificationsAsync(deadPhone), items => items.Count(n => n.Status == "sent") == 2,
            "a second notification for the guest with the dead token");
        Assert.Equal(2, twilio.Accepted.Count(m => m["To"] == deadPhone));
        Assert.Equal(fcmRequests, fcm.Server.Requests);
    }

    [Fact]
    public async Task A_device_is_pushed_once_through_Notification_Hubs_after_the_hub_answers_503_and_throttles_with_Retry_After()
    {
        await using var hub = await FakeNotificationHub.StartAsync();
        await using var twilio = await FakeTwilio.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: NotificationHubs(hub, twilio));
        var feed = await system.Api.RegisterFeedAsync($"feed-{Guid.NewGuid():N}"[..16]);
        var (phone, handle, deviceId) = (Guests.NewKoreanPhone(), $"fcm-handle-{Guid.NewGuid():N}", $"device-nh-{Guid.NewGuid():N}"[..24]);
        await system.Api.RegisterDeviceAsync(feed, deviceId, handle, "ko", phone);
        await GeofenceApi.EventuallyAsync(() => StoredState.NotifierKnowsDeviceAsync(system, deviceId), known => known, "the Notifier to know the device");
        var propertyId = NewPropertyId();
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        hub.Server.Reply(503, retryAfter: "1");
        hub.Server.Reply(403, retryAfter: "1"); // Notification Hubs' throttle

        await system.Api.CheckInAsync(hotel, Guests.CheckIn(propertyId, phone));

        var pushed = Assert.Single(await FinalAsync(system, phone, "sent"));
        Assert.Equal(("push", "notificationhubs", deviceId), (pushed.Channel, pushed.Provider, pushed.DeviceId));
        var delivery = Assert.Single(hub.Delivered);
        Assert.Equal((handle, "fcmv1", pushed.Id.ToString()), (delivery.DeviceHandle, delivery.Format, delivery.TrackingId));
        Assert.Equal((3, 2), (hub.Server.Requests, hub.Server.FaultsServed));
        Assert.Empty(twilio.Accepted);
    }

    [Fact]
    public async Task A_provider_answering_503_with_Retry_After_then_recovering_delivers_every_message_once()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: Twilio(twilio));
        var propertyId = NewPropertyId();
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        var phones = Enumerable.Range(0, 5).Select(_ => Guests.NewKoreanPhone()).ToArray();
        twilio.Server.Reply(503, """{"code":20500,"message":"Service unavailable","status":503}""", retryAfter: "1", times: 8);

        foreach (var phone in phones) await system.Api.CheckInAsync(hotel, Guests.CheckIn(propertyId, phone));

        foreach (var phone in phones) Assert.Single(await FinalAsync(system, phone, "sent"));
        Assert.All(phones, phone => Assert.Single(twilio.Accepted, m => m["To"] == phone));
        Assert.True(twilio.Server.Requests >= phones.Length + 8, $"the fake saw {twilio.Server.Requests} requests");
    }

    [Fact]
    public async Task A_number_Twilio_reports_as_unsubscribed_is_not_sent_to_again_and_later_arrivals_are_suppressed_as_opted_out()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: Twilio(twilio));
        var (hotel22, hotel48) = (NewPropertyId(), NewPropertyId());
        var key22 = await system.Api.RegisterHotelAsync(hotel22, "22");
        var key48 = await system.Api.RegisterHotelAsync(hotel48, "48");
        var phone = Guests.NewKoreanPhone();
        twilio.UnsubscribedNumbers.Add(phone);

        await system.Api.CheckInAsync(key22, Guests.CheckIn(hotel22, phone));
        var failed = Assert.Single(await FinalAsync(system, phone, "failed"));
        Assert.Equal("twilio 21610", failed.Reason);
        // Another province is another visit, once the Notifier has recorded the opt-out.
        await GeofenceApi.EventuallyAsync(() => StoredState.NotifierHasActiveOptOutAsync(system, new PersonKeys(system.PrivacyKey).ForPhone(phone)),
            active => active, "the Notifier to record the opt-out");
        await system.Api.CheckInAsync(key48, Guests.CheckIn(hotel48, phone));

        var suppressed = await FinalAsync(system, phone, "suppressed");
        Assert.Equal("opted-out", Assert.Single(suppressed, n => n.Status == "suppressed").Reason);
        Assert.DoesNotContain(twilio.Accepted, m => m["To"] == phone);
        var listed = await GeofenceApi.EventuallyAsync(() => system.Api.OptOutsAsync(phone), items => items.Length == 1,
            "the opt-out on the department's list");
        Assert.Equal((true, "twilio", "21610"), (listed[0].Active, listed[0].Source, listed[0].Code));
    }

    [Fact]
    public async Task Throughput_to_a_zero_latency_Twilio_is_reported_for_300_guests()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        var settings = Twilio(twilio);
        settings["Channels__Twilio__MaxPerSecond"] = "100000"; // measure the pipeline, not the quota guard
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: settings);
        var propertyId = NewPropertyId();
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        var phones = Enumerable.Range(0, 300).Select(_ => Guests.NewKoreanPhone()).Distinct().ToArray();

        var started = DateTime.UtcNow;
        await Parallel.ForEachAsync(phones, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (phone, _) => await system.Api.CheckInAsync(hotel, Guests.CheckIn(propertyId, phone)));
        await GeofenceApi.EventuallyAsync(() => Task.FromResult(twilio.Accepted.Count), n => n >= phones.Length, "every SMS at Twilio",
            TimeSpan.FromMinutes(3));
        var elapsed = DateTime.UtcNow - started;

        Assert.Equal(phones.Length, twilio.Accepted.Select(m => m["To"]).Distinct().Count());
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{phones.Length} check-ins → Twilio SMS in {elapsed.TotalSeconds:F1} s: {phones.Length / elapsed.TotalSeconds:F0} messages/s end to end");
    }
}
