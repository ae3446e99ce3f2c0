using Geofence.Testing;
using Geofence.Testing.Providers;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// A provider down for a whole minute, with the Dispatcher's default retry policy (Channels__Retry__* unset: each retry
/// after a jittered wait growing from 1 s to 1 min), and one down for many backoff intervals. A class of its
/// own, so that its long waits run beside the other tests.
/// </summary>
public sealed class ProviderDeliveryOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CheckInEvery = TimeSpan.FromSeconds(2);
    private const int GuestCount = 20;

    [Fact(Timeout = 300_000)]
    public async Task Guests_checked_in_while_Twilio_is_down_for_a_minute_each_get_exactly_one_SMS_after_it_returns()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: ProviderSettings.Twilio(twilio));
        var propertyId = $"H-{Guid.NewGuid():N}"[..12];
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        var phones = new HashSet<string>();
        while (phones.Count < GuestCount) phones.Add(Guests.NewKoreanPhone());

        var down = DateTimeOffset.UtcNow;
        var recovered = twilio.Server.DownFor(Outage, 503, FakeTwilio.ErrorJson(503, 20503, "Service Unavailable"));
        // Guests keep arriving through the first 40 s of the outage, so their retries fall at different points of it.
        foreach (var (phone, i) in phones.Select((phone, i) => (phone, i)))
        {
            var due = down + CheckInEvery * i - DateTimeOffset.UtcNow;
            if (due > TimeSpan.Zero) await Task.Delay(due, TestContext.Current.CancellationToken);
            await system.Api.CheckInAsync(hotel, Guests.CheckIn(propertyId, phone));
        }
        Assert.True(DateTimeOffset.UtcNow < recovered, "every guest checked in while Twilio was down");

        var sent = new List<NotificationItem>();
        foreach (var phone in phones)
        {
            var items = await GeofenceApi.EventuallyAsync(() => system.Api.NotificationsAsync(phone), items => items.Any(n => n.Status == "sent"),
                $"the SMS to {phone}", within: TimeSpan.FromMinutes(3));
            sent.Add(Assert.Single(items));
        }

        Assert.All(phones, phone => Assert.Single(twilio.Accepted, m => m["To"] == phone));
        Assert.Equal(phones.Count, twilio.Accepted.Count);
        Assert.True(twilio.Server.FaultsServed >= phones.Count, $"Twilio answered 503 {twilio.Server.FaultsServed} times");
        Assert.All(sent, n => Assert.Equal("sms", n.Channel));
        // Nothing got through while Twilio was down (the report keeps microseconds, hence the millisecond of slack).
        Assert.All(sent, n => Assert.True(n.SentAt >= recovered.UtcDateTime.AddMilliseconds(-1), $"{n.Id} sent at {n.SentAt:O}, before {recovered:O}"));
        var last = sent.Max(n => n.SentAt!.Value) - recovered.UtcDateTime;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{phones.Count} guests checked in during a {Outage.TotalSeconds:F0} s outage; Twilio answered 503 {twilio.Server.FaultsServed} times; " +
            $"the first SMS went {(sent.Min(n => n.SentAt!.Value) - recovered.UtcDateTime).TotalSeconds:F1} s and the last {last.TotalSeconds:F1} s after it returned.");
    }

    [Fact]
    public async Task A_provider_down_for_many_backoff_intervals_still_gets_every_message_once_and_none_goes_to_the_error_queue()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        // Retries from 0.2 s to 1 s: the outage lasts many of them, each scheduled through the Dispatcher's outbox.
        var settings = ProviderSettings.Merge(ProviderSettings.Twilio(twilio), new Dictionary<string, string>
        {
            ["Channels__Retry__MinInterval"] = "00:00:00.200",
            ["Channels__Retry__MaxInterval"] = "00:00:01",
        });
        await using var system = await DistributedGeofence.StartAsync(dispatcherSettings: settings);
        var propertyId = $"H-{Guid.NewGuid():N}"[..12];
        var hotel = await system.Api.RegisterHotelAsync(propertyId, "22");
        var phones = Enumerable.Range(0, 5).Select(_ => Guests.NewKoreanPhone()).Distinct().ToArray();

        twilio.Server.DownFor(TimeSpan.FromMinutes(5), 503, FakeTwilio.ErrorJson(503, 20503, "Service Unavailable"));
        foreach (var phone in phones) await system.Api.CheckInAsync(hotel, Guests.CheckIn(propertyId, phone));
        // Twilio stays down until it has refused six attempts a guest, however slowly this machine runs (a fixed 15 s
        // outage could end before a loaded machine's first attempt).
        await GeofenceApi.EventuallyAsync(() => Task.FromResult(twilio.Server.FaultsServed), faults => faults >= phones.Length * 6,
            "six refused attempts a guest", within: TimeSpan.FromMinutes(3));
        var recovered = twilio.Server.EndOutage();

        foreach (var phone in phones)
        {
            var sent = Assert.Single(await GeofenceApi.EventuallyAsync(() => system.Api.NotificationsAsync(phone),
                items => items.Any(n => n.Status == "sent"), $"the SMS to {phone}", within: TimeSpan.FromMinutes(2)));
            Assert.True(sent.SentAt >= recovered.UtcDateTime.AddMilliseconds(-1), $"sent at {sent.SentAt:O}, before Twilio returned");
        }
        Assert.All(phones, phone => Assert.Single(twilio.Accepted, m => m["To"] == phone));
        // None was given up after its many refusals.
        Assert.Null(await BrokerQueues.PeekAsync(system.VirtualHost, "send-notification_error"));
    }
}
