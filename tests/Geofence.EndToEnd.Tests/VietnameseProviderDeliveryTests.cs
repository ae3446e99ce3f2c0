using System.Net;
using System.Text.Json.Nodes;
using Geofence.Testing;
using Geofence.Testing.Providers;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// The providers for Vietnamese numbers, eSMS.vn and Zalo ZNS, end to end: every service in its own process on RabbitMQ
/// and PostgreSQL, the Dispatcher configured for the real providers and those pointed at fakes on 127.0.0.1.
/// </summary>
public sealed class VietnameseProviderDeliveryTests
{
    private static string NewPropertyId() => $"H-{Guid.NewGuid():N}"[..12];

    /// <summary>A guest with a Vietnamese number, who reads Vietnamese.</summary>
    private static object VietnameseGuest(string propertyId, string phone) =>
        Guests.CheckIn(propertyId, phone, language: "vi", nationality: "VN", firstName: "Lan", lastName: "Nguyen");

    /// <summary>+84901234567 as eSMS writes it: 0901234567.</summary>
    private static string National(string phone) => "0" + phone["+84".Length..];

    /// <summary>+84901234567 as Zalo writes it: 84901234567.</summary>
    private static string Zalo(string phone) => phone.TrimStart('+');

    private static string? Field(JsonObject body, string name) => body[name]?.GetValue<string>();

    private static Task<NotificationItem[]> FinalAsync(DistributedGeofence system, string phone, string status) =>
        GeofenceApi.EventuallyAsync(() => system.Api.NotificationsAsync(phone), items => items.Any(n => n.Status == status),
            $"a {status} notification for {phone}");

    /// <summary>eSMS's delivery callback for one message, at the configured CallbackUrl's path with the key it was given.</summary>
    private static Task<HttpResponseMessage> EsmsCallbackAsync(DistributedGeofence system, string key, string smsId, Guid requestId) =>
        system.Api.Dispatcher.PostAsync($"/api/v1/receipts/esms?key={key}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["SMSID"] = smsId, ["RequestId"] = requestId.ToString(), ["SendStatus"] = "5", ["SendSuccess"] = "1", ["SendFailed"] = "0",
            ["TypeId"] = "2",
        }));

    [Fact]
    public async Task A_Vietnamese_number_gets_one_eSMS_brandname_SMS_whose_keyed_callback_turns_the_report_to_delivered_while_a_wrong_key_is_refused()
    {
        await using var esms = await FakeEsms.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: ProviderSettings.Esms(esms));
        var propertyId = NewPropertyId();
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        var phone = Guests.NewVietnamesePhone();

        await system.Api.CheckInAsync(hotel, VietnameseGuest(propertyId, phone));

        var sent = Assert.Single(await FinalAsync(system, phone, "sent"));
        Assert.Equal(("sms", "esms", "vi"), (sent.Channel, sent.Provider, sent.Language));
        var sms = Assert.Single(esms.Delivered);
        Assert.Equal((National(phone), esms.Brandname, sent.Id.ToString(), ProviderSettings.EsmsCallbackUrl),
            (Field(sms, "Phone"), Field(sms, "Brandname"), Field(sms, "RequestId"), Field(sms, "CallbackUrl")));
        Assert.True(Field(sms, "Content")!.All(char.IsAscii), $"a brandname SMS without diacritics: {Field(sms, "Content")}");
        var smsId = esms.SmsIdsByRequestId[sent.Id.ToString()];

        using var forged = await EsmsCallbackAsync(system, "not-the-key", smsId, sent.Id);
        using var genuine = await EsmsCallbackAsync(system, ProviderSettings.EsmsCallbackKey, smsId, sent.Id);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.OK), (forged.StatusCode, genuine.StatusCode));
        var delivered = Assert.Single(await FinalAsync(system, phone, "delivered"));
        Assert.Equal(("sms", "esms", sent.Id), (delivered.Channel, delivered.Provider, delivered.Id));
    }

    [Fact]
    public async Task An_eSMS_reply_lost_after_the_SMS_was_accepted_is_retried_under_the_same_RequestId_and_the_guest_gets_one_SMS()
    {
        await using var esms = await FakeEsms.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(
            dispatcherSettings: ProviderSettings.Merge(ProviderSettings.Esms(esms), ProviderSettings.FastRetry()));
        var propertyId = NewPropertyId();
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        var phone = Guests.NewVietnamesePhone();
        esms.Server.LoseReplies(504); // eSMS takes the message, the gateway in front of it times out

        await system.Api.CheckInAsync(hotel, VietnameseGuest(propertyId, phone));

        var sent = Assert.Single(await FinalAsync(system, phone, "sent"));
        Assert.Equal(("sms", "esms"), (sent.Channel, sent.Provider));
        Assert.Equal(National(phone), Field(Assert.Single(esms.Delivered), "Phone"));
        Assert.Equal(sent.Id.ToString(), Assert.Single(esms.DuplicateRequestIds)); // the retry was answered 124
        Assert.Equal(2, esms.Server.Requests);

        // eSMS's callback names the SMSID the Dispatcher never saw, and the RequestId it did.
        using var receipt = await EsmsCallbackAsync(system, ProviderSettings.EsmsCallbackKey, esms.SmsIdsByRequestId[sent.Id.ToString()], sent.Id);

        Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        Assert.Single(await FinalAsync(system, phone, "delivered"));
    }

    [Fact]
    public async Task A_Vietnamese_number_gets_one_Zalo_message_after_a_token_refresh_whose_new_pair_PostgreSQL_keeps_across_a_Dispatcher_restart()
    {
        await using var zalo = await FakeZalo.StartAsync();
        await using var twilio = await FakeTwilio.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: ProviderSettings.Merge(
            ProviderSettings.Twilio(twilio), ProviderSettings.Zalo(zalo.OptionsWithExpiredAccessToken()), ProviderSettings.FastRetry()));
        var propertyId = NewPropertyId();
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        var (before, after) = (Guests.NewVietnamesePhone(), Guests.NewVietnamesePhone());

        await system.Api.CheckInAsync(hotel, VietnameseGuest(propertyId, before));

        var sent = Assert.Single(await FinalAsync(system, before, "sent"));
        Assert.Equal(("zalo", "zalo"), (sent.Channel, sent.Provider));
        var message = Assert.Single(zalo.Delivered);
        Assert.Equal((Zalo(before), sent.Id.ToString()), (Field(message, "phone"), Field(message, "tracking_id")));
        Assert.Equal((1, 1), (zalo.TokenRefusals, zalo.Refreshes));
        Assert.Equal(zalo.Current, await StoredState.ZaloTokensAsync(system));

        // The configured refresh token is spent now; only the stored pair works.
        await system.CrashAndRestartDispatcherAsync();
        await system.Api.CheckInAsync(hotel, VietnameseGuest(propertyId, after));

        var sentAfterRestart = Assert.Single(await FinalAsync(system, after, "sent"));
        Assert.Equal(("zalo", "zalo"), (sentAfterRestart.Channel, sentAfterRestart.Provider));
        Assert.Equal(Zalo(after), Field(zalo.Delivered.Last(), "phone"));
        Assert.Equal((1, 1, 2), (zalo.TokenRefusals, zalo.Refreshes, zalo.Delivered.Count));
        Assert.Empty(twilio.Accepted);
    }

    [Fact]
    public async Task A_number_without_a_Zalo_account_falls_back_to_SMS_and_a_foreign_number_goes_straight_to_SMS()
    {
        await using var zalo = await FakeZalo.StartAsync();
        await using var twilio = await FakeTwilio.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: ProviderSettings.Merge(
            ProviderSettings.Twilio(twilio), ProviderSettings.Zalo(zalo.Options()), ProviderSettings.FastRetry()));
        var propertyId = NewPropertyId();
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        var (withoutZalo, foreign) = (Guests.NewVietnamesePhone(), Guests.NewKoreanPhone());
        zalo.PhonesWithoutZalo.Add(Zalo(withoutZalo));

        await system.Api.CheckInAsync(hotel, VietnameseGuest(propertyId, withoutZalo));

        var fellBack = Assert.Single(await FinalAsync(system, withoutZalo, "sent"));
        Assert.Equal(("sms", "twilio"), (fellBack.Channel, fellBack.Provider));
        Assert.Equal(withoutZalo, Assert.Single(twilio.Accepted)["To"]);
        Assert.Equal(1, zalo.Server.Requests); // asked once, answered -118

        await system.Api.CheckInAsync(hotel, Guests.CheckIn(propertyId, foreign));

        var direct = Assert.Single(await FinalAsync(system, foreign, "sent"));
        Assert.Equal(("sms", "twilio"), (direct.Channel, direct.Provider));
        Assert.Equal(foreign, twilio.Accepted.Last()["To"]);
        Assert.Equal(2, twilio.Accepted.Count);
        Assert.Equal(1, zalo.Server.Requests);
        Assert.Empty(zalo.Delivered);
    }
}
