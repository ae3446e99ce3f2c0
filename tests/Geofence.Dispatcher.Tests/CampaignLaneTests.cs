using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Geofence.Channels;
using Geofence.Channels.Esms;
using Geofence.Channels.Sending;
using Geofence.Contracts;
using Geofence.Dispatcher.Campaigns;
using Geofence.Dispatcher.Deliveries;
using Geofence.Dispatcher.Providers;
using Geofence.Dispatcher.Tests.Support;
using Geofence.Privacy;
using Geofence.ServiceDefaults.Settings;
using Geofence.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ChannelNames = Geofence.Contracts.Channels;

namespace Geofence.Dispatcher.Tests;

public sealed class CampaignLaneTests
{
    private static readonly FieldCipher Cipher = new("test-phone-hash-key");
    private static readonly ProviderResult NoZalo = new ProviderResult.Rejected(new ProviderError(ErrorAction.NoAccountOnChannel, "-118", ""));
    private static readonly ProviderResult Unavailable = new ProviderResult.Retry(null, "http-503");
    private static readonly DeliveryRetrySettings Retries = new()
    {
        MinInterval = TimeSpan.FromSeconds(1), MaxInterval = TimeSpan.FromMinutes(1), GiveUpAfter = TimeSpan.FromDays(1),
    };

    private static SendNotification Message(Guid campaignId, string[]? channels = null) =>
        new(Guid.NewGuid(), "person-key", "vi", Triggers.Campaign, "79", null, DateTimeOffset.UtcNow, DeviceId: "device-1",
            Phone: Cipher.Protect("+84912345678"), PushToken: Cipher.Protect("token-1"), PushPlatform: "android",
            PushText: Cipher.Protect("Hãy cài Bluezone"), SmsText: Cipher.Protect("Hay cai Bluezone"), SmsTextParts: 2,
            CampaignId: campaignId, CampaignRound: 1, AllowedChannels: channels ?? [ChannelNames.Zalo, ChannelNames.Sms]);

    private static NotificationDelivery Delivery(DispatcherDb db, bool zaloEnabled, TimeProvider time, params IChannelSender[] senders) =>
        new(db, senders, new ProviderSelection(PushProvider.Sandbox, SmsProvider.Sandbox, zaloEnabled), Retries,
            new ProviderAlarms(TimeProvider.System, new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()),
            Cipher, time, NullLogger<NotificationDelivery>.Instance);

    /// <summary>The campaign lane as the bus runs it.</summary>
    private static async Task SendCampaignAsync(DispatcherDatabase database, SendNotification message, bool zaloEnabled, TimeProvider? time = null,
        CancellationToken ct = default, params IChannelSender[] senders)
    {
        await using var db = database.Open();
        await new SendCampaignNotificationConsumer(Delivery(db, zaloEnabled, time ?? TimeProvider.System, senders))
            .DeliverAsync(new SendCampaignNotification(message), ct);
    }

    private static async Task SendArrivalAsync(DispatcherDatabase database, SendNotification command, params IChannelSender[] senders)
    {
        await using var db = database.Open();
        await new SendNotificationConsumer(Delivery(db, false, TimeProvider.System, senders)).DeliverAsync(command, CancellationToken.None);
    }

    private static async Task<(object Message, DateTime? Due)[]> OutboxAsync(DispatcherDatabase database)
    {
        await using var db = database.Open();
        return (await db.Outbox.OrderBy(m => m.Id).ToListAsync()).Select(m => (m.Deserialize(out _), m.NotBefore)).ToArray();
    }

    [Fact]
    public async Task A_campaign_message_is_sent_once_with_background_priority_and_its_outcome_carries_the_campaign_and_the_SMS_parts()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var campaignId = Guid.NewGuid();
        var sms = new ScriptedSender(ChannelNames.Sms, "esms", new ProviderResult.Accepted("E1"));
        var message = Message(campaignId);

        await SendCampaignAsync(database, message, zaloEnabled: false, senders: sms);
        await SendCampaignAsync(database, message, zaloEnabled: false, senders: sms);

        var sent = Assert.Single(sms.Sent);
        Assert.Equal((SendPriority.Background, "+84912345678", "Hay cai Bluezone"), (sent.Priority, sent.Recipient, sent.Text));
        var outcome = Assert.IsType<NotificationSent>(Assert.Single(await OutboxAsync(database)).Message);
        Assert.Equal((message.NotificationId, campaignId, 2, ChannelNames.Sms), (outcome.NotificationId, outcome.CampaignId, outcome.SmsParts, outcome.Channel));
    }

    [Fact]
    public async Task A_campaign_message_goes_only_on_the_campaign_s_channels_and_a_Zalo_send_counts_no_SMS_parts()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var campaignId = Guid.NewGuid();
        var push = new ScriptedSender(ChannelNames.Push, "fcm", new ProviderResult.Accepted("P1"));
        var zalo = new ScriptedSender(ChannelNames.Zalo, "zalo", new ProviderResult.Accepted("Z1"));
        var sms = new ScriptedSender(ChannelNames.Sms, "esms", new ProviderResult.Accepted("E1"));

        await SendCampaignAsync(database, Message(campaignId), zaloEnabled: true, senders: [push, zalo, sms]);

        Assert.Empty(push.Sent);
        Assert.Equal(SendPriority.Background, Assert.Single(zalo.Sent).Priority);
        Assert.Empty(sms.Sent);
        var outcome = Assert.IsType<NotificationSent>(Assert.Single(await OutboxAsync(database)).Message);
        Assert.Equal((ChannelNames.Zalo, campaignId, 0), (outcome.Channel, outcome.CampaignId, outcome.SmsParts));
    }

    [Fact]
    public async Task A_campaign_for_Zalo_only_fails_with_its_campaign_when_the_number_has_no_Zalo_account_and_never_falls_back_to_SMS()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var campaignId = Guid.NewGuid();
        var zalo = new ScriptedSender(ChannelNames.Zalo, "zalo", NoZalo);
        var sms = new ScriptedSender(ChannelNames.Sms, "esms", new ProviderResult.Accepted("E1"));

        await SendCampaignAsync(database, Message(campaignId, [ChannelNames.Zalo]), zaloEnabled: true, senders: [zalo, sms]);

        Assert.Single(zalo.Sent);
        Assert.Empty(sms.Sent);
        var failed = Assert.IsType<NotificationFailed>(Assert.Single(await OutboxAsync(database)).Message);
        Assert.Equal((ChannelNames.Zalo, campaignId, "zalo -118"), (failed.Channel, failed.CampaignId, failed.Reason));
    }

    [Fact]
    public async Task A_campaign_for_Zalo_only_with_Zalo_disabled_fails_as_unreachable_on_Zalo()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var sms = new ScriptedSender(ChannelNames.Sms, "esms", new ProviderResult.Accepted("E1"));

        await SendCampaignAsync(database, Message(Guid.NewGuid(), [ChannelNames.Zalo]), zaloEnabled: false, senders: sms);

        Assert.Empty(sms.Sent);
        var failed = Assert.IsType<NotificationFailed>(Assert.Single(await OutboxAsync(database)).Message);
        Assert.Equal((ChannelNames.Zalo, "no reachable channel"), (failed.Channel, failed.Reason));
    }

    [Fact]
    public async Task A_transient_failure_hands_the_campaign_message_back_to_the_campaign_lane_still_sealed_and_the_retry_sends_it()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var campaignId = Guid.NewGuid();
        var sms = new ScriptedSender(ChannelNames.Sms, "esms", Unavailable, new ProviderResult.Accepted("E1"));
        var message = Message(campaignId) with { CreatedAt = time.GetUtcNow() };

        await SendCampaignAsync(database, message, zaloEnabled: false, time, senders: sms);
        var (handedBack, due) = Assert.Single(await OutboxAsync(database));
        var retry = Assert.IsType<SendCampaignNotification>(handedBack);
        await SendCampaignAsync(database, retry.Notification, zaloEnabled: false, time, senders: sms);

        Assert.Equal(message.Phone, retry.Notification.Phone);
        Assert.Equal(message.AllowedChannels, retry.Notification.AllowedChannels);
        Assert.Equal((message.NotificationId, campaignId, 1), (retry.Notification.NotificationId, retry.Notification.CampaignId, retry.Notification.CampaignRound));
        Assert.InRange(due!.Value - time.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.Equal(2, sms.Sent.Count);
        Assert.Equal(campaignId, Assert.IsType<NotificationSent>((await OutboxAsync(database))[^1].Message).CampaignId);
    }

    [Fact]
    public async Task An_arrival_goes_with_immediate_priority_its_retry_stays_in_the_arrival_lane_and_its_outcome_reports_its_SMS_parts()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", Unavailable, new ProviderResult.Accepted("SM1"));
        var arrival = Message(Guid.NewGuid()) with { Trigger = Triggers.CheckIn, PushToken = null, CampaignId = null, CampaignRound = null, AllowedChannels = null };

        await SendArrivalAsync(database, arrival, sms);
        var retry = Assert.IsType<SendNotification>(Assert.Single(await OutboxAsync(database)).Message);
        await SendArrivalAsync(database, retry, sms);

        Assert.All(sms.Sent, s => Assert.Equal(SendPriority.Immediate, s.Priority));
        var outcome = Assert.IsType<NotificationSent>((await OutboxAsync(database))[^1].Message);
        Assert.Equal((null, 2), (outcome.CampaignId, outcome.SmsParts));
    }

    /// <summary>
    /// Sixteen campaign consumers (the lane's default concurrency) work through 500 queued campaign messages against an
    /// SMS provider allowed 5 sends a second (4 for campaigns); two check-ins arrive meanwhile. Each goes out with the
    /// very next permit the provider hands out, ahead of every campaign message that was already waiting for one.
    /// </summary>
    [Fact]
    public async Task An_arrival_is_sent_with_the_next_permit_however_many_campaign_messages_wait_for_the_same_provider()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var provider = new RateLimitedSms(maxPerSecond: 5, campaignShare: 0.8, time);
        var sender = new SmsSender(provider);
        var campaignId = Guid.NewGuid();
        var backlog = new ConcurrentQueue<SendNotification>(Enumerable.Range(0, 500).Select(_ => Message(campaignId, [ChannelNames.Sms])));
        using var stop = new CancellationTokenSource();
        var consumers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && backlog.TryDequeue(out var message))
                await SendCampaignAsync(database, message, zaloEnabled: false, time, stop.Token, sender);
        })).ToList();

        // Two periods of campaign sends: 4 each, the fifth permit of each period left over, and 16 always waiting.
        await Settled(provider, sent: 4);
        time.Advance(TimeSpan.FromSeconds(1));
        await Settled(provider, sent: 8);

        var first = Message(Guid.NewGuid()) with { Trigger = Triggers.CheckIn, PushToken = null, CampaignId = null, AllowedChannels = null };
        var second = first with { NotificationId = Guid.NewGuid(), PersonKey = "another-person" };
        await SendArrivalAsync(database, first, sender); // the period's spare permit
        var secondSent = SendArrivalAsync(database, second, sender); // this period is spent: waits for the next
        await GeofenceApi.EventuallyAsync(() => Task.FromResult(provider.Limiter.Waiting), w => w == 17, "the second arrival to wait with the campaign");
        time.Advance(TimeSpan.FromSeconds(1));
        // Served in order of asking it would wait four more periods, which this test never lets pass.
        await secondSent.WaitAsync(GeofenceApi.Patience, TestContext.Current.CancellationToken);
        await Settled(provider, sent: 14);

        // The first took the spare permit of its period; the second was served in the very next period, before any of
        // the sixteen campaign messages that had waited longer (in the order of asking it would have waited four periods).
        var order = provider.Order;
        Assert.Equal(first.NotificationId, order[8]);
        Assert.InRange(Array.IndexOf(order, second.NotificationId), 9, 13);

        await stop.CancelAsync();
        await Task.WhenAll(consumers.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
        Assert.True(backlog.Count > 400, "the campaign's backlog was still waiting when the arrivals went out");
    }

    private static Task Settled(RateLimitedSms provider, int sent) =>
        GeofenceApi.EventuallyAsync(() => Task.FromResult((provider.Order.Length, provider.Limiter.Waiting)),
            s => s == (sent, 16), $"{sent} sends with 16 campaign messages waiting for a permit");

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    public void A_campaign_share_outside_zero_to_one_stops_start_up_naming_the_setting(string share)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("Campaigns:MaxShareOfProviderRate", (string?)share)])
            .Build().GetSection("Campaigns").Get<CampaignLaneSettings>()!;

        Assert.Equal(["Campaigns__MaxShareOfProviderRate must be greater than 0 and at most 1"],
            SettingsValidation<CampaignLaneSettings>.Problems("Campaigns", settings));
    }

    [Fact]
    public void The_campaign_endpoint_works_on_sixteen_messages_at_once_unless_Campaigns__ConcurrentMessageLimit_says_otherwise()
    {
        var defaults = new CampaignLaneSettings();
        Assert.Equal(0.8, defaults.MaxShareOfProviderRate);
        Assert.Equal((16, 16), Endpoint(defaults));
        Assert.Equal((4, 4), Endpoint(new CampaignLaneSettings { ConcurrentMessageLimit = 4 }));

        static (int?, int?) Endpoint(CampaignLaneSettings settings) =>
            new SendCampaignNotificationConsumerDefinition(settings).EndpointDefinition is { } e ? (e.PrefetchCount, e.ConcurrentMessageLimit) : default;
    }

    [Fact]
    public void Every_provider_client_gets_the_campaign_share_of_its_rate()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            KeyValuePair.Create("Channels:Sms:Provider", (string?)"Esms"),
            KeyValuePair.Create("Channels:Esms:ApiKey", (string?)"k"), KeyValuePair.Create("Channels:Esms:SecretKey", (string?)"s"),
            KeyValuePair.Create("Channels:Esms:Brandname", (string?)"GEOFENCE"),
        ]).Build();
        var services = new ServiceCollection().AddLogging();
        ProviderSelection.From(configuration).Register(services, configuration, campaignShare: 0.5);

        using var provider = services.BuildServiceProvider();
        Assert.Equal(0.5, provider.GetRequiredService<IOptions<EsmsOptions>>().Value.BackgroundShare);
    }

    /// <summary>An SMS provider that answers at once but is held to its rate by the real limiter, and remembers the order sends got their permits.</summary>
    private sealed class RateLimitedSms(int maxPerSecond, double campaignShare, TimeProvider time) : ISmsProvider, IDisposable
    {
        private readonly ConcurrentQueue<Guid> order = new();

        public SendRateLimiter Limiter { get; } = new(maxPerSecond, time, campaignShare);
        public string Name => "limited";
        public Guid[] Order => [.. order];

        public async Task<ProviderResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
        {
            await Limiter.WaitAsync(message.Priority, cancellationToken);
            order.Enqueue(message.NotificationId);
            return new ProviderResult.Accepted($"L{order.Count}");
        }

        public void Dispose() => Limiter.Dispose();
    }

    /// <summary>The Dispatcher died during the provider call: the "sending" attempt is committed, nothing after it.</summary>
    private static async Task InterruptedCallAsync(DispatcherDatabase database, SendNotification message, string channel, string provider)
    {
        await using var db = database.Open();
        db.Attempts.Add(new DeliveryAttempt
        {
            NotificationId = message.NotificationId, Channel = channel, Provider = provider, Outcome = AttemptOutcomes.Sending, At = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_campaign_message_records_its_call_before_making_it_so_that_a_crash_during_the_call_is_known()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", new ProviderResult.Accepted("SM1"));
        var message = Message(Guid.NewGuid(), [ChannelNames.Sms]);

        await SendCampaignAsync(database, message, zaloEnabled: false, senders: sms);

        await using var db = database.Open();
        var outcomes = await db.Attempts.Where(a => a.NotificationId == message.NotificationId).OrderBy(a => a.Id).Select(a => a.Outcome).ToListAsync();
        Assert.Equal([AttemptOutcomes.Sending, AttemptOutcomes.Accepted], outcomes);
    }

    [Fact]
    public async Task A_campaign_message_whose_call_a_crash_interrupted_is_not_sent_again_by_a_provider_that_would_deliver_a_repeat_nor_on_another_channel()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var campaignId = Guid.NewGuid();
        var zalo = new ScriptedSender(ChannelNames.Zalo, "zalo", new ProviderResult.Accepted("Z1"));
        var sms = new ScriptedSender(ChannelNames.Sms, "twilio", new ProviderResult.Accepted("SM1"));
        var message = Message(campaignId);
        await InterruptedCallAsync(database, message, ChannelNames.Zalo, "zalo");

        await SendCampaignAsync(database, message, zaloEnabled: true, senders: [zalo, sms]);

        Assert.Empty(zalo.Sent);
        Assert.Empty(sms.Sent);
        var failed = Assert.IsType<NotificationFailed>(Assert.Single(await OutboxAsync(database)).Message);
        Assert.Equal((campaignId, ChannelNames.Zalo, "zalo outcome-unknown"), (failed.CampaignId, failed.Channel, failed.Reason));
    }

    [Fact]
    public async Task A_campaign_message_whose_call_a_crash_interrupted_is_asked_again_of_a_provider_that_recognises_the_repeat()
    {
        await using var database = await DispatcherDatabase.CreateAsync();
        var esms = new ScriptedSender(ChannelNames.Sms, "esms", new ProviderResult.Accepted("E1")) { RecognisesRepeats = true };
        var message = Message(Guid.NewGuid(), [ChannelNames.Sms]);
        await InterruptedCallAsync(database, message, ChannelNames.Sms, "esms");

        await SendCampaignAsync(database, message, zaloEnabled: false, senders: esms);

        Assert.Equal(message.NotificationId, Assert.Single(esms.Sent).NotificationId);
        Assert.IsType<NotificationSent>(Assert.Single(await OutboxAsync(database)).Message);
    }
}
