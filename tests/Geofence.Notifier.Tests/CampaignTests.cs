using Geofence.Contracts;
using Geofence.Notifier.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Geofence.Notifier.Tests;

/// <summary>Campaigns: planning a round from the audience, releasing it under the person's gate, outcomes, rounds, guards.</summary>
public sealed class CampaignTests
{
    private static readonly DateTime Morning = new(2026, 12, 1, 9, 0, 0);

    private static string[] Phones(int count, int series) =>
        Enumerable.Range(0, count).Select(i => $"+849{series:00}{i:000000}").ToArray();

    private static CampaignSettings Small(int batch = 200, int inFlight = 500, int chunk = 5_000) =>
        new() { ReleaseBatch = batch, InFlight = inFlight, PlanChunk = chunk, MinRepeatEvery = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task A_campaign_messages_each_member_once_on_its_channels_and_is_done_when_every_outcome_came_back()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours, campaigns: Small(batch: 2));
        var phones = Phones(5, 10);
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(phones, i => $"Người {i}"));

        await bench.RunCampaignsAsync();

        var messages = await bench.CampaignMessagesAsync(campaignId);
        Assert.Equal(phones.Select(bench.Keys.ForPhone).Order(), messages.Select(m => m.PersonKey).Order());
        Assert.All(messages, m =>
        {
            Assert.Equal((Triggers.Campaign, "22", 1, "vi"), (m.Trigger, m.ProvinceCode, m.CampaignRound, m.Language));
            Assert.Equal([Channels.Zalo, Channels.Sms], m.AllowedChannels ?? []);
            Assert.Equal(CampaignSteps.NotificationIdFor(campaignId, 1, m.PersonKey), m.NotificationId);
        });
        Assert.All(await bench.WorkAsync(campaignId), w => Assert.Equal(CampaignWork.Queued, w.Status));
        Assert.Equal(Campaign.Running, (await bench.CampaignAsync(campaignId)).Status);

        await bench.ReportSentAsync(campaignId);
        await bench.RunCampaignsAsync();

        Assert.Equal(Campaign.Done, (await bench.CampaignAsync(campaignId)).Status);
        Assert.All(await bench.WorkAsync(campaignId), w => Assert.Equal((CampaignWork.Sent, Channels.Sms), (w.Status, w.Channel)));
        Assert.Equal(5, (await bench.PublishedAsync<SendCampaignNotification>()).Count);
    }

    [Fact]
    public async Task A_campaign_uses_its_own_sms_text_for_the_language_it_gave()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours);
        var errors = new ServiceDefaults.Problems.FieldErrors();
        var stored = CampaignTexts.Validate(System.Text.Json.JsonDocument.Parse(
            """{"sms":{"vi":"Tinh {provinceName}: cai {appName} tai {installLink} Huy: {optOutLink}"}}""").RootElement, errors);
        Assert.False(errors.Any);
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(Phones(1, 11)), channels: "sms", texts: stored);

        await bench.RunCampaignsAsync();

        var message = Assert.Single(await bench.CampaignMessagesAsync(campaignId));
        Assert.StartsWith("Tinh Quang Ninh: cai Bluezone tai http", bench.Cipher.Unprotect(message.SmsText));
    }

    [Fact]
    public async Task People_who_opt_out_or_install_during_the_campaign_are_suppressed_and_those_before_it_are_not_planned()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours, campaigns: Small(batch: 2));
        var phones = Phones(6, 12);
        await bench.OptOutAsync(phones[0]);
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(phones));

        Assert.Equal(CampaignSteps.Started, await bench.StepAsync(campaignId));
        Assert.Equal(CampaignSteps.Planned, await bench.StepAsync(campaignId));
        Assert.Equal(CampaignSteps.Released, await bench.StepAsync(campaignId)); // phones 1 and 2
        await bench.OptOutAsync(phones[3]);
        await bench.ReportInstalledAsync(phones[4]);
        await bench.RunCampaignsAsync();

        var work = await bench.WorkAsync(campaignId);
        Assert.DoesNotContain(work, w => w.PersonKey == bench.Keys.ForPhone(phones[0]));
        Assert.Equal([CampaignWork.Queued, CampaignWork.Queued, CampaignWork.Suppressed, CampaignWork.Suppressed, CampaignWork.Queued],
            work.Select(w => w.Status));
        Assert.Equal(["opted-out", "already-installed"], work.Where(w => w.Reason != null).Select(w => w.Reason!));
        var suppressed = await bench.PublishedAsync<NotificationSuppressed>();
        Assert.All(suppressed, s => Assert.Equal((campaignId, 1, Triggers.Campaign), (s.CampaignId, s.CampaignRound, s.Trigger)));
        Assert.Equal(["opted-out", "already-installed"], suppressed.Select(s => s.Reason));
        Assert.Equal(3, (await bench.CampaignMessagesAsync(campaignId)).Count);
    }

    [Fact]
    public async Task A_person_at_the_daily_cap_is_suppressed_as_capped_and_a_campaign_message_counts_against_the_caps()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning,
            p => NotifierBench.NoQuietHours(p) with { Caps = new FrequencyCaps(1, 6) });
        var phones = Phones(2, 13);
        await bench.CheckInAsync(phones[0], "22"); // the day's one message
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(phones));

        await bench.RunCampaignsAsync();

        Assert.Equal([(CampaignWork.Suppressed, "capped"), (CampaignWork.Queued, null)],
            (await bench.WorkAsync(campaignId)).Select(w => (w.Status, w.Reason)));
        await bench.CheckInAsync(phones[1], "22");
        Assert.Empty(await bench.SentToAsync(phones[1]));
    }

    [Fact]
    public async Task A_campaign_waits_through_quiet_hours_even_when_the_window_lists_no_campaign_trigger()
    {
        await using var bench = await NotifierBench.CreateAsync(new DateTime(2026, 12, 1, 23, 0, 0),
            p => p with { QuietHours = p.QuietHours with { Triggers = [Triggers.Reminder] } });
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(Phones(3, 14)));

        await bench.RunCampaignsAsync();
        Assert.Empty(await bench.CampaignMessagesAsync(campaignId));
        Assert.All(await bench.WorkAsync(campaignId), w => Assert.Equal(CampaignWork.Pending, w.Status));

        bench.Time.Advance(TimeSpan.FromHours(8)); // 07:00
        await bench.RunCampaignsAsync();
        Assert.Equal(3, (await bench.CampaignMessagesAsync(campaignId)).Count);
    }

    [Fact]
    public async Task The_spend_guard_pauses_the_campaign_and_raises_an_alarm_until_it_is_resumed_the_next_day()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours, campaigns: Small(batch: 1));
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(Phones(5, 15)), channels: "sms", maxSmsPartsPerDay: 2);

        await bench.RunCampaignsAsync();

        var campaign = await bench.CampaignAsync(campaignId);
        Assert.Equal((Campaign.Paused, Campaign.SpendGuard), (campaign.Status, campaign.StatusReason));
        var work = await bench.WorkAsync(campaignId);
        Assert.True(work.Where(w => w.Status == CampaignWork.Queued).Sum(w => w.SmsParts) >= 2);
        Assert.Contains(work, w => w.Status == CampaignWork.Pending);
        var health = await bench.WithDbAsync(db => new CampaignAlarms(db).CheckHealthAsync(new HealthCheckContext()));
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains(campaignId.ToString(), health.Description);

        await bench.ReportSentAsync(campaignId); // today's parts; tomorrow the guard starts again from none
        bench.Time.Advance(TimeSpan.FromDays(1));
        await bench.WithDbAsync(db => db.Campaigns.Where(c => c.CampaignId == campaignId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, Campaign.Running).SetProperty(c => c.StatusReason, (string?)null)));
        Assert.Equal(HealthStatus.Healthy, (await bench.WithDbAsync(db => new CampaignAlarms(db).CheckHealthAsync(new HealthCheckContext()))).Status);
        await bench.RunCampaignsAsync();
        Assert.True((await bench.CampaignMessagesAsync(campaignId)).Count > work.Count(w => w.Status == CampaignWork.Queued));
    }

    [Fact]
    public async Task A_paused_campaign_releases_nothing_until_resumed_and_a_cancelled_one_nothing_more()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours, campaigns: Small(batch: 1));
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(Phones(3, 16)));
        Task SetAsync(string status) => bench.WithDbAsync(db => db.Campaigns.Where(c => c.CampaignId == campaignId)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, status)));

        await bench.StepAsync(campaignId);
        await bench.StepAsync(campaignId);
        await bench.StepAsync(campaignId);
        await SetAsync(Campaign.Paused);
        await bench.RunCampaignsAsync();
        Assert.Single(await bench.CampaignMessagesAsync(campaignId));

        await SetAsync(Campaign.Running);
        Assert.Equal(CampaignSteps.Released, await bench.StepAsync(campaignId));
        await SetAsync(Campaign.Cancelled);
        await bench.RunCampaignsAsync();
        Assert.Equal(2, (await bench.CampaignMessagesAsync(campaignId)).Count);
    }

    [Fact]
    public async Task On_postgres_a_pause_waits_for_a_release_under_way_so_that_nothing_is_released_once_it_has_answered()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours, onPostgres: true, Small(batch: 25, inFlight: 100_000));
        // Several tries, each pausing at whatever point a release loop has reached: without the lock a release that had
        // read "running" just before the pause committed its batch just after, in most tries.
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(Phones(600, 40 + attempt)));
            Task<int> ReleasedAsync() => bench.WithDbAsync(db => db.CampaignWork.CountAsync(w => w.CampaignId == campaignId && w.Status != CampaignWork.Pending));
            using var stop = new CancellationTokenSource();
            var releasing = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested) await bench.StepAsync(campaignId);
            });
            for (var polls = 0; await ReleasedAsync() == 0 && polls < 3_000; polls++) await Task.Delay(20);
            await Task.Delay(attempt * 7);

            await bench.WithDbAsync(db => db.Campaigns.Where(c => c.CampaignId == campaignId && c.Status == Campaign.Running)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, Campaign.Paused)));
            var releasedWhenPaused = await ReleasedAsync();
            await stop.CancelAsync();
            await releasing;

            Assert.True(releasedWhenPaused < 600, "the campaign finished before it could be paused; the test needs more people");
            Assert.Equal(releasedWhenPaused, await ReleasedAsync());
        }
    }

    [Fact]
    public async Task The_second_round_comes_at_start_plus_repeat_every_and_skips_those_who_installed_or_opted_out_since()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours);
        var phones = Phones(4, 17);
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(phones), repeatEvery: TimeSpan.FromHours(1), maxRounds: 2);
        await bench.RunCampaignsAsync();
        await bench.ReportSentAsync(campaignId);
        await bench.ReportInstalledAsync(phones[1]);
        await bench.OptOutAsync(phones[2]);
        await bench.RunCampaignsAsync();
        Assert.Empty(await bench.WorkAsync(campaignId, round: 2)); // due at 10:00

        bench.Time.Advance(TimeSpan.FromHours(1));
        await bench.RunCampaignsAsync();

        Assert.Equal(new[] { phones[0], phones[3] }.Select(bench.Keys.ForPhone), (await bench.WorkAsync(campaignId, round: 2)).Select(w => w.PersonKey));
        Assert.Equal(6, (await bench.CampaignMessagesAsync(campaignId)).Count);
        await bench.ReportSentAsync(campaignId);
        await bench.RunCampaignsAsync();
        var campaign = await bench.CampaignAsync(campaignId);
        Assert.Equal((Campaign.Done, 2), (campaign.Status, campaign.CurrentRound));
    }

    [Fact]
    public async Task Planning_repeated_after_a_crash_writes_nobody_twice_and_counts_each_person_once()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours, campaigns: Small(chunk: 3));
        var phones = Phones(7, 18);
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(phones));
        await bench.StepAsync(campaignId);
        Assert.Equal(CampaignSteps.Planned, await bench.StepAsync(campaignId));
        Assert.Equal(CampaignSteps.Planned, await bench.StepAsync(campaignId));
        // A replica that had read the round before those chunks committed plans them again.
        await bench.WithDbAsync(db => db.CampaignRounds.Where(r => r.CampaignId == campaignId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.PlannedThroughSeq, 0L)));

        await bench.RunCampaignsAsync();

        var work = await bench.WorkAsync(campaignId);
        Assert.Equal(phones.Select(bench.Keys.ForPhone), work.Select(w => w.PersonKey));
        Assert.Equal(7, (await bench.WithDbAsync(db => db.CampaignRounds.SingleAsync(r => r.CampaignId == campaignId))).Planned);
        Assert.Equal(7, (await bench.CampaignMessagesAsync(campaignId)).Select(m => m.PersonKey).Distinct().Count());
        Assert.Equal(7, (await bench.CampaignMessagesAsync(campaignId)).Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_runners_racing_over_the_same_campaign_message_each_person_exactly_once(bool onPostgres)
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours, onPostgres, Small(batch: 7, chunk: 10));
        var phones = Phones(60, onPostgres ? 20 : 19);
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(phones));

        await Task.WhenAll(Task.Run(() => bench.RunCampaignsAsync()), Task.Run(() => bench.RunCampaignsAsync()));
        await bench.RunCampaignsAsync();

        var messages = await bench.CampaignMessagesAsync(campaignId);
        Assert.Equal(phones.Select(bench.Keys.ForPhone).Order(), messages.Select(m => m.PersonKey).Order());
        Assert.All(messages, m => Assert.Equal(CampaignSteps.NotificationIdFor(campaignId, 1, m.PersonKey), m.NotificationId));
        Assert.Equal(60, (await bench.WithDbAsync(db => db.CampaignRounds.SingleAsync(r => r.CampaignId == campaignId))).Planned);
        Assert.Equal(60, await bench.WithDbAsync(db => db.Sends.CountAsync()));
    }

    [Fact]
    public async Task Outcomes_arriving_in_any_order_or_twice_leave_the_row_at_its_furthest_state()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours);
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(Phones(3, 21)));
        await bench.RunCampaignsAsync();
        var ids = (await bench.WorkAsync(campaignId)).Select(w => w.NotificationId).ToArray();
        var at = bench.Now;

        await bench.RecordAsync(o => o.RecordAsync(new NotificationDeliveryReported(ids[0], DeliveryStatuses.Delivered, "esms", null, at), default));
        await bench.RecordAsync(o => o.RecordAsync(new NotificationSent(ids[0], Channels.Sms, "esms", "m", at, campaignId, 2), default));
        await bench.RecordAsync(o => o.RecordAsync(new NotificationSent(ids[1], Channels.Zalo, "zalo", "m", at, campaignId, 0), default));
        await bench.RecordAsync(o => o.RecordAsync(new NotificationSent(ids[1], Channels.Zalo, "zalo", "m", at, campaignId, 0), default));
        await bench.RecordAsync(o => o.RecordAsync(new NotificationDeliveryReported(ids[1], DeliveryStatuses.Undelivered, "zalo", "x", at), default));
        await bench.RecordAsync(o => o.RecordAsync(new NotificationFailed(ids[1], Channels.Zalo, "zalo", "late", at, campaignId), default));
        await bench.RecordAsync(o => o.RecordAsync(new NotificationFailed(ids[2], Channels.Sms, "esms", "invalid-number", at, campaignId), default));

        var work = await bench.WorkAsync(campaignId);
        Assert.Equal((CampaignWork.Delivered, Channels.Sms, 2), (work[0].Status, work[0].Channel, work[0].SmsParts));
        Assert.NotNull(work[0].SentAtMs);
        Assert.Equal((CampaignWork.Undelivered, Channels.Zalo, 0), (work[1].Status, work[1].Channel, work[1].SmsParts));
        Assert.Equal((CampaignWork.Failed, "invalid-number"), (work[2].Status, work[2].Reason));
        await bench.RunCampaignsAsync();
        Assert.Equal(Campaign.Done, (await bench.CampaignAsync(campaignId)).Status);
    }

    [Fact]
    public void The_notification_id_of_a_person_s_message_depends_on_the_campaign_the_round_and_the_person_only()
    {
        var campaign = Guid.NewGuid();
        Assert.Equal(CampaignSteps.NotificationIdFor(campaign, 1, "k"), CampaignSteps.NotificationIdFor(campaign, 1, "k"));
        Assert.NotEqual(CampaignSteps.NotificationIdFor(campaign, 1, "k"), CampaignSteps.NotificationIdFor(campaign, 2, "k"));
        Assert.NotEqual(CampaignSteps.NotificationIdFor(campaign, 1, "k"), CampaignSteps.NotificationIdFor(campaign, 1, "l"));
        Assert.NotEqual(CampaignSteps.NotificationIdFor(campaign, 1, "k"), CampaignSteps.NotificationIdFor(Guid.NewGuid(), 1, "k"));
    }

    [Fact]
    public void Quiet_hours_hold_campaigns_unless_they_are_off()
    {
        var night = new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.FromHours(7));
        var quiet = Templates.PolicyRules.Default.QuietHours;
        Assert.True(CampaignSteps.InQuietHours(quiet with { Triggers = [] }, night));
        Assert.False(CampaignSteps.InQuietHours(quiet with { Channels = [] }, night));
        Assert.False(CampaignSteps.InQuietHours(quiet, night.AddHours(10)));
    }

    [Fact]
    public async Task Planning_skips_people_whose_device_reported_the_app_installed()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours);
        var phones = Phones(2, 22);
        await bench.WithDbAsync(async db =>
        {
            db.Devices.Add(new Devices.KnownDevice { Key = "feed/d1", DeviceId = "d1", Platform = "android", PhoneKey = bench.Keys.ForPhone(phones[0]), BluezoneInstalled = true });
            return await db.SaveChangesAsync();
        });
        var campaignId = await bench.AddCampaignAsync(await bench.AddAudienceAsync(phones));

        await bench.RunCampaignsAsync();

        Assert.Equal([bench.Keys.ForPhone(phones[1])], (await bench.WorkAsync(campaignId)).Select(w => w.PersonKey));
    }

    [Fact]
    public async Task A_member_whose_number_cannot_be_read_is_suppressed_and_does_not_hold_the_round()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours);
        var phones = Phones(2, 23);
        var audienceId = await bench.AddAudienceAsync(phones);
        var broken = bench.Keys.ForPhone(phones[0]);
        await bench.WithDbAsync(db => db.AudienceMembers.Where(m => m.AudienceId == audienceId && m.PersonKey == broken)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Phone, "enc1:not base64!")));
        var campaignId = await bench.AddCampaignAsync(audienceId);

        await bench.RunCampaignsAsync();
        await bench.ReportSentAsync(campaignId);
        await bench.RunCampaignsAsync();

        Assert.Equal([(CampaignWork.Suppressed, CampaignSteps.Unreadable), (CampaignWork.Sent, null)],
            (await bench.WorkAsync(campaignId)).Select(w => (w.Status, w.Reason)));
        Assert.Equal(Campaign.Done, (await bench.CampaignAsync(campaignId)).Status);
    }
}
