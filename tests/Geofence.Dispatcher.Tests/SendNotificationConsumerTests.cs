using Geofence.Channels;
using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using Geofence.Dispatcher.Providers;
using Geofence.Dispatcher.Tests.Support;
using Geofence.Messaging.Bus;
using Geofence.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using System.Diagnostics.Metrics;
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
        new(Guid.NewGuid(), withDevice ? ChannelNames.Push : ChannelNames.Sms, withDevice ? "token-1" : "+84912345678", "person-key", "vi",
            "Xin chào", 0, Triggers.CheckIn, "79", null, DateTimeOffset.UtcNow, DeviceId: withDevice ? "device-1" : null,
            Phone: "+84912345678", PushToken: withDevice ? "token-1" : null, PushPlatform: "android", PushText: "Xin chào",
            SmsText: "Xin chao", SmsTextParts: 1);

    private static ProviderAlarms NewAlarms() =>
        new(TimeProvider.System, new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private static Task DeliverAsync(DispatcherDatabase database, SendNotification command, bool zaloEnabled, params IChannelSender[] senders) =>
        DeliverAsync(database, command, zaloEnabled, null, senders);

    private static async Task DeliverAsync(DispatcherDatabase database, SendNotification command, bool zaloEnabled, ProviderAlarms? alarms,
        params IChannelSender[] senders)
    {
        await using var db = database.Open();
        var selection = new ProviderSelection(PushProvider.Sandbox, SmsProvider.Sandbox, zaloEnabled,
            new RetrySettings { Limit = 1, MinInterval = TimeSpan.FromMilliseconds(1), MaxInterval = TimeSpan.FromMilliseconds(10) });
        // The relay is only woken here, never run: the tests read its rows from the outbox table.
        var relay = new OutboxRelay<DispatcherDb>(null!, null!, null!, null!, TimeProvider.System, NullLogger<OutboxRelay<DispatcherDb>>.Instance);
        var consumer = new SendNotificationConsumer(db, senders, selection, relay, alarms ?? NewAlarms(), TimeProvider.System,
            NullLogger<SendNotificationConsumer>.Instance);
        await consumer.DeliverAsync(command, CancellationToken.None);
    }

    private static async Task<string[]> PublishedAsync(DispatcherDatabase database)
    {
        await using var db = database.Open();
        return await db.Outbox.OrderBy(m => m.Id).Select(m => m.MessageType).ToArrayAsync()
            .ContinueWith(t => t.Result.Select(type => type.Split(',')[0].Split('.')[^1]).ToArray());
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
    public async Task A_transient_failure_is_thrown_for_the_retry_which_skips_the_channel_that_refused_for_good()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var push = new ScriptedSender(ChannelNames.Push, "fcm", Unregistered);
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", Unavailable, new ProviderResult.Accepted("SM1"));
        var command = Command();

        var transient = await Assert.ThrowsAsync<TransientProviderException>(() => DeliverAsync(database, command, false, push, sms));
        await DeliverAsync(database, command, false, push, sms);

        Assert.Equal("twilio", transient.Provider);
        Assert.Single(push.Sent);
        Assert.Equal(2, sms.Sent.Count);
        Assert.Equal(["PushTokenRejected", "NotificationSent"], await PublishedAsync(database));
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

    private static async Task<Task> StartDeliveryAsync(DispatcherDatabase database, SendNotification command, TimeProvider time, int retryAttempt,
        IChannelSender sender)
    {
        var db = database.Open();
        var selection = new ProviderSelection(PushProvider.Sandbox, SmsProvider.Sandbox, false,
            new RetrySettings { Limit = 3, MinInterval = TimeSpan.FromSeconds(1), MaxInterval = TimeSpan.FromMinutes(1) });
        var relay = new OutboxRelay<DispatcherDb>(null!, null!, null!, null!, time, NullLogger<OutboxRelay<DispatcherDb>>.Instance);
        var consumer = new SendNotificationConsumer(db, [sender], selection, relay, NewAlarms(), time, NullLogger<SendNotificationConsumer>.Instance);
        var delivery = consumer.DeliverAsync(command, CancellationToken.None, retryAttempt);
        // Let the send and the attempt's commit run up to the wait.
        for (var i = 0; i < 100 && !delivery.IsCompleted; i++) await Task.Delay(10);
        return delivery.ContinueWith(async t => { await db.DisposeAsync(); await t; }, TaskScheduler.Default).Unwrap();
    }

    [Fact]
    public async Task A_transient_failure_waits_out_the_providers_Retry_After_before_handing_the_message_back_for_the_retry()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", new ProviderResult.Retry(TimeSpan.FromSeconds(20), "http-429"));

        var delivery = await StartDeliveryAsync(database, Command(withDevice: false), time, retryAttempt: 0, sms);
        time.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(50);
        var waitingAfter19Seconds = !delivery.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(waitingAfter19Seconds);
        await Assert.ThrowsAsync<TransientProviderException>(() => delivery);
    }

    [Fact]
    public async Task When_the_retries_are_spent_the_command_comes_back_through_the_outbox_a_MaxInterval_later_instead_of_the_error_queue()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", new ProviderResult.Retry(TimeSpan.FromSeconds(20), "http-503"));
        var command = Command(withDevice: false) with { CreatedAt = time.GetUtcNow() };

        var delivery = await StartDeliveryAsync(database, command, time, retryAttempt: 3, sms);

        await delivery.WaitAsync(TimeSpan.FromSeconds(10));
        await using var db = database.Open();
        Assert.Empty(await db.Deliveries.ToListAsync());
        var deferred = Assert.Single(await db.Outbox.ToListAsync());
        Assert.Equal(command, deferred.Deserialize(out _));
        Assert.Equal(time.GetUtcNow().UtcDateTime + TimeSpan.FromMinutes(1), deferred.NotBefore);
    }

    [Fact]
    public async Task A_message_whose_provider_has_failed_for_longer_than_GiveUpAfter_is_recorded_as_failed()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", new ProviderResult.Retry(null, "http-503"));
        var command = Command(withDevice: false) with { CreatedAt = time.GetUtcNow().AddDays(-1).AddSeconds(-1) };

        var delivery = await StartDeliveryAsync(database, command, time, retryAttempt: 3, sms);

        await delivery.WaitAsync(TimeSpan.FromSeconds(10));
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
