using System.Diagnostics;
using System.Net;
using Geofence.Testing;
using Geofence.Testing.Providers;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// A provider that keeps failing must not slow anybody else's messages: a message waiting for its retry waits in the
/// Dispatcher's outbox, holding none of the consumer's slots.
/// </summary>
public sealed class FailingPushProviderTests
{
    private const int SmsPerRound = 200;
    private const int FailingPushes = 40;

    [Fact(Timeout = 300_000)]
    public async Task While_FCM_answers_503_guests_reached_by_SMS_still_get_it_at_the_SMS_providers_full_rate()
    {
        await using var fcm = await FakeFcm.StartAsync();
        await using var twilio = await FakeTwilio.StartAsync();
        var settings = ProviderSettings.Merge(ProviderSettings.Fcm(fcm), ProviderSettings.Twilio(twilio),
            new Dictionary<string, string> { ["Channels__Twilio__MaxPerSecond"] = "25" });
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: settings);
        var propertyId = $"H-{Guid.NewGuid():N}"[..12];
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");

        // The baseline, measured in this run once every service is warm: SMS while nothing else is going on.
        await SmsRoundAsync(system, twilio, hotel, propertyId, SmsPerRound / 4);
        var quiet = await SmsRoundAsync(system, twilio, hotel, propertyId);

        // FCM goes down; arrivals of devices with a push token go by push, and keep failing.
        fcm.Server.DownFor(TimeSpan.FromMinutes(10), 503, FakeFcm.ErrorJson(503, "UNAVAILABLE", null, "The service is currently unavailable."));
        var app = await system.Api.RegisterFeedAsync($"app-{Guid.NewGuid():N}"[..16]);
        var telco = await system.Api.RegisterFeedAsync($"telco-{Guid.NewGuid():N}"[..16], "telco");
        var pushed = Enumerable.Range(0, FailingPushes).Select(i => (Device: $"device-{i}-{Guid.NewGuid():N}"[..24], Phone: Guests.NewVietnamesePhone()))
            .DistinctBy(d => d.Phone).ToArray();
        foreach (var (device, phone) in pushed) await system.Api.RegisterDeviceAsync(app, device, $"token-{device}", phone: phone);
        foreach (var (device, _) in pushed)
            await GeofenceApi.EventuallyAsync(() => StoredState.NotifierKnowsDeviceAsync(system, device), known => known, $"device {device} registered");
        using (var entries = await system.Api.PostAsFeedAsync(telco, "/api/v1/province-entries", new
        {
            entries = pushed.Select(p => new { phone = p.Phone, provinceCode = "22", at = DateTimeOffset.UtcNow.ToString("O") }),
        }))
            Assert.Equal(HttpStatusCode.Accepted, entries.StatusCode);
        await GeofenceApi.EventuallyAsync(() => Task.FromResult(fcm.Server.FaultsServed), faults => faults >= pushed.Length,
            "every push tried once and waiting for its retry");
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();

        var busy = await SmsRoundAsync(system, twilio, hotel, propertyId);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{SmsPerRound} SMS: {quiet.PerSecond:F1}/s alone, {busy.PerSecond:F1}/s while {pushed.Length} push messages kept failing " +
            $"({busy.PerSecond / quiet.PerSecond:P0}); FCM answered 503 {fcm.Server.FaultsServed} times.");
        Assert.True(busy.PerSecond >= quiet.PerSecond / 2,
            $"SMS went at {busy.PerSecond:F1}/s while FCM failed, against {quiet.PerSecond:F1}/s alone");
        // The failing pushes are still waiting for FCM: transient failures do not fall back to SMS, and are not given up.
        Assert.Empty(fcm.Delivered);
        foreach (var (_, phone) in pushed)
        {
            Assert.DoesNotContain(twilio.Accepted, m => m["To"] == phone);
            Assert.Equal("pending", Assert.Single(await system.Api.NotificationsAsync(phone)).Status);
        }
        Assert.Null(await BrokerQueues.PeekAsync(system.VirtualHost, "send-notification_error"));
    }

    /// <summary>Checks in guests without a device (so each is one SMS) and times until Twilio has accepted all of them.</summary>
    private static async Task<(double PerSecond, string[] Phones)> SmsRoundAsync(DistributedGeofence system, FakeTwilio twilio, string hotel,
        string propertyId, int guests = SmsPerRound)
    {
        var phones = new HashSet<string>();
        while (phones.Count < guests) phones.Add(Guests.NewKoreanPhone());
        var before = twilio.Accepted.Count;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(phones, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (phone, _) => await system.Api.CheckInAsync(hotel, Guests.CheckIn(propertyId, phone)));
        await GeofenceApi.EventuallyAsync(() => Task.FromResult(twilio.Accepted.Count - before), accepted => accepted >= guests,
            $"{guests} SMS accepted", within: TimeSpan.FromMinutes(3));
        var elapsed = clock.Elapsed;
        Assert.All(phones, phone => Assert.Single(twilio.Accepted, m => m["To"] == phone));
        return (guests / elapsed.TotalSeconds, phones.ToArray());
    }
}
