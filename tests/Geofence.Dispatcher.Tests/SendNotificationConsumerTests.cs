using System.Diagnostics.Metrics;
using Geofence.Channels;
using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using Geofence.Dispatcher.Providers;
using Geofence.Dispatcher.Tests.Support;
using Geofence.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ChannelNames = Geofence.Contracts.Channels;

namespace Geofence.Dispatcher.Tests;

public sealed class SendNotificationConsumerTests
{
    private static readonly ProviderResult Unregistered = new ProviderResult.Rejected(new ProviderError(ErrorAction.DropToken, "UNREGISTERED", ""));
    private static readonly ProviderResult NoZalo = new ProviderResult.Rejected(new ProviderError(ErrorAction.NoAccountOnChannel, "-118", ""));
    private static readonly ProviderResult OptedOut = new ProviderResult.Rejected(new ProviderError(ErrorAction.OptOut, "21610", ""));
    private static readonly ProviderResult Unavailable = new ProviderResult.Retry(null, "http-503");

    private static SendNotification Command(bool withDevice = true) =>
        new(Guid.NewGuid(), "person-key", "vi", Triggers.CheckIn, "79", null, DateTimeOffset.UtcNow, DeviceId: withDevice ? "device-1" : null,
            Phone: "+84912345678", PushToken: withDevice ? "token-1" : null, PushPlatform: "android", PushText: "Xin chào",
            SmsText: "Xin chao", SmsTextParts: 1);

    private static readonly FieldCipher Cipher = new("test-phone-hash-key");

    private static ProviderAlarms NewAlarms() =>
        new(TimeProvider.System, new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private static Task DeliverAsync(DispatcherDatabase database, SendNotification command, bool zaloEnabled, params IChannelSender[] senders) =>
        DeliverAsync(database, command, zaloEnabled, null, senders);

    private static async Task DeliverAsync(DispatcherDatabase database, SendNotification command, bool zaloEnabled, ProviderAlarms? alarms,
        params IChannelSender[] senders) =>
        await DeliverAsync(database, command, zaloEnabled, alarms, TimeProvider.System, senders);

    /// <summary>The arrival lane as the bus runs it; the tests read what it hands the relay from the outbox table.</summary>
    private static async Task DeliverAsync(DispatcherDatabase database, SendNotification command, bool zaloEnabled, ProviderAlarms? alarms,
        TimeProvider time, params IChannelSender[] senders)
    {
        await using var db = database.Open();
        var selection = new ProviderSelection(PushProvider.Sandbox, SmsProvider.Sandbox, zaloEnabled);
        var delivery = new NotificationDelivery(db, senders, selection, Retries, alarms ?? NewAlarms(), Cipher, time,
            NullLogger<NotificationDelivery>.Instance);
        await new SendNotificationConsumer(delivery).DeliverAsync(command, CancellationToken.None);
    }

    private static readonly DeliveryRetrySettings Retries = new()
    {
        MinInterval = TimeSpan.FromSeconds(1), MaxInterval = TimeSpan.FromMinutes(1), GiveUpAfter = TimeSpan.FromDays(1),
    };

    /// <summary>The commands handed back for a retry, and when each is due.</summary>
    private static async Task<(SendNotification Command, DateTime? Due)[]> RetriesAsync(DispatcherDatabase database)
    {
        await using var db = database.Open();
        return (await db.Outbox.OrderBy(m => m.Id).ToListAsync())
            .Select(m => (Message: m.Deserialize(out _), m.NotBefore))
            .Where(m => m.Message is SendNotification)
            .Select(m => ((SendNotification)m.Message, m.NotBefore)).ToArray();
    }

    private static async Task<string[]> PublishedAsync(DispatcherDatabase database)
    {
        await using var db = database.Open();
        return await db.Outbox.OrderBy(m => m.Id).Select(m => m.Contract).ToArrayAsync()
            .ContinueWith(t => t.Result.Select(type => type.Split(':')[^1]).ToArray());
    }

    [Fact]
    public async Task A_dead_push_token_falls_back_to_SMS_and_is_reported_for_removal()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var push = new ScriptedSender(ChannelNames.Push, "fcm", Unregistered);
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", new ProviderResult.Accepted("SM1"));

        await DeliverAsync(database, Command(), zaloEnabled: false, push, sms);

        Assert.Equal("+84912345678", Assert.Single(sms.Sent).Recipient);
        Assert.Equal(["PushTokenRejected", "NotificationSent"], await PublishedAsync(database));
        await using var db = database.Open();
        var delivery = await db.Deliveries.SingleAsync();
        Assert.Equal((ChannelNames.Sms, "twilio", "sent", "SM1"), (delivery.Channel, delivery.Provider, delivery.Status, delivery.ProviderMessageId));
        Assert.Equal(["fcm rejected UNREGISTERED", "twilio accepted "],
            await db.Attempts.OrderBy(a => a.Id).Select(a => a.Provider + " " + a.Outcome + " " + (a.ErrorCode ?? "")).ToArrayAsync());
    }

    [Fact]
    public async Task A_number_without_a_Zalo_account_gets_the_SMS()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var zalo = new ScriptedSender(ChannelNames.Zalo, "zalo", NoZalo);
        var sms = new ScriptedSender(ChannelNames.Sms, "esms", new ProviderResult.Accepted("E1"));

        await DeliverAsync(database, Command(withDevice: false), zaloEnabled: true, zalo, sms);

        Assert.Single(zalo.Sent);
        Assert.Equal("Xin chao", Assert.Single(sms.Sent).Text);
        Assert.Equal(["NotificationSent"], await PublishedAsync(database));
    }

    [Fact]
    public async Task An_opted_out_number_is_not_tried_on_another_channel_and_the_opt_out_is_reported()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", OptedOut);

        await DeliverAsync(database, Command(withDevice: false), zaloEnabled: false, sms);

        Assert.Equal(["PhoneOptedOut", "NotificationFailed"], await PublishedAsync(database));
        await using var db = database.Open();
        Assert.Equal("failed", (await db.Deliveries.SingleAsync()).Status);
    }

    [Fact]
    public async Task A_transient_failure_hands_the_command_back_due_after_the_backoff_and_the_retry_skips_the_channel_that_refused_for_good()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var push = new ScriptedSender(ChannelNames.Push, "fcm", Unregistered);
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", Unavailable, new ProviderResult.Accepted("SM1"));
        var command = Command() with { CreatedAt = time.GetUtcNow() };

        await DeliverAsync(database, command, false, null, time, push, sms);
        var (handedBack, due) = Assert.Single(await RetriesAsync(database));
        await DeliverAsync(database, handedBack, false, null, time, push, sms);

        Assert.Equal(command, handedBack);
        Assert.InRange(due!.Value - time.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.Single(push.Sent);
        Assert.Equal(2, sms.Sent.Count);
        Assert.Equal(["PushTokenRejected", "SendNotification", "NotificationSent"], await PublishedAsync(database));
    }

    [Fact]
    public async Task A_sealed_command_reaches_the_provider_opened_and_is_handed_back_for_a_retry_still_sealed()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", Unavailable, new ProviderResult.Accepted("SM1"));
        var command = Command(withDevice: false) with
        {
            CreatedAt = time.GetUtcNow(),
            Phone = Cipher.Protect("+84912345678"),
            SmsText = Cipher.Protect("Xin chao Minh"),
        };

        await DeliverAsync(database, command, false, null, time, sms);
        var (handedBack, _) = Assert.Single(await RetriesAsync(database));
        await DeliverAsync(database, handedBack, false, null, time, sms);

        Assert.Equal(command, handedBack);
        Assert.All(sms.Sent, sent => Assert.Equal(("+84912345678", "Xin chao Minh"), (sent.Recipient, sent.Text)));
        await using var db = database.Open();
        Assert.DoesNotContain(await db.Outbox.Select(m => m.Body).ToListAsync(), body => body.Contains("84912345678") || body.Contains("Minh"));
    }

    [Fact]
    public async Task Each_retry_of_a_failing_provider_waits_longer_up_to_MaxInterval()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", Unavailable);
        var command = Command(withDevice: false) with { CreatedAt = time.GetUtcNow() };

        var waits = new List<TimeSpan>();
        for (var retry = 1; retry <= 10; retry++)
        {
            await DeliverAsync(database, command, false, null, time, sms);
            var due = (await RetriesAsync(database))[^1].Due!.Value;
            waits.Add(due - time.GetUtcNow().UtcDateTime);
            time.SetUtcNow(new DateTimeOffset(due, TimeSpan.Zero));
        }

        // Equal jitter: retry n waits between half and all of min(1 s · 2^(n-1), 1 min).
        for (var n = 1; n <= 10; n++)
        {
            var ceiling = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, n - 1), 60));
            Assert.InRange(waits[n - 1], ceiling / 2, ceiling);
        }
        Assert.Equal(10, sms.Sent.Count);
        await using var db = database.Open();
        Assert.Empty(await db.Deliveries.ToListAsync());
    }

    [Fact]
    public async Task A_redelivered_command_is_not_sent_again()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", new ProviderResult.Accepted("SM1"));
        var command = Command(withDevice: false);

        await DeliverAsync(database, command, false, sms);
        await DeliverAsync(database, command, false, sms);

        Assert.Single(sms.Sent);
    }

    [Fact]
    public async Task A_person_no_channel_can_reach_is_recorded_as_failed()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var push = new ScriptedSender(ChannelNames.Push, "fcm", Unregistered);
        var command = Command() with { Phone = null };

        await DeliverAsync(database, command, false, push);

        Assert.Equal(["PushTokenRejected", "NotificationFailed"], await PublishedAsync(database));
    }

    [Fact]
    public async Task A_providers_Retry_After_sets_when_the_command_is_due_again_up_to_MaxInterval()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var throttled = new ScriptedSender(ChannelNames.Sms, "twilio", new ProviderResult.Retry(TimeSpan.FromSeconds(20), "http-429"));
        var down = new ScriptedSender(ChannelNames.Sms, "twilio", new ProviderResult.Retry(TimeSpan.FromHours(2), "http-503"));

        await DeliverAsync(database, Command(withDevice: false) with { CreatedAt = time.GetUtcNow() }, false, null, time, throttled);
        await DeliverAsync(database, Command(withDevice: false) with { CreatedAt = time.GetUtcNow() }, false, null, time, down);

        var retries = await RetriesAsync(database);
        Assert.Equal([TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(1)], retries.Select(r => r.Due!.Value - time.GetUtcNow().UtcDateTime));
    }

    [Fact]
    public async Task A_message_whose_provider_has_failed_for_longer_than_GiveUpAfter_is_recorded_as_failed()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", new ProviderResult.Retry(null, "http-503"));
        var command = Command(withDevice: false) with { CreatedAt = time.GetUtcNow().AddDays(-1).AddSeconds(-1) };

        await DeliverAsync(database, command, false, null, time, sms);

        Assert.Equal(["NotificationFailed"], await PublishedAsync(database));
        await using var db = database.Open();
        var failed = await db.Deliveries.SingleAsync();
        Assert.Equal(("failed", "twilio"), (failed.Status, failed.Provider));
        Assert.Contains("unavailable", (await db.Outbox.SingleAsync()).Body);
    }

    [Fact]
    public async Task A_provider_refusing_our_credentials_raises_an_alarm_naming_it_until_it_accepts_again()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var alarms = NewAlarms();
        var badCredentials = new ProviderResult.Rejected(new ProviderError(ErrorAction.Configuration, "20003", ""));
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", badCredentials, new ProviderResult.Accepted("SM1"));

        await DeliverAsync(database, Command(withDevice: false), false, alarms, sms);
        var raised = await alarms.CheckHealthAsync(new HealthCheckContext());
        await DeliverAsync(database, Command(withDevice: false), false, alarms, sms);
        var cleared = await alarms.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, raised.Status);
        Assert.Contains("twilio refuses every message (20003)", raised.Description);
        Assert.Equal(HealthStatus.Healthy, cleared.Status);
    }
}
