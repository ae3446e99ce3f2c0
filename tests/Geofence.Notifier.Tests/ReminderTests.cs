using Geofence.Contracts;
using Geofence.Notifier.Reminders;
using Geofence.Notifier.Rules;
using Geofence.Templates;
using Microsoft.Extensions.DependencyInjection;

namespace Geofence.Notifier.Tests;

/// <summary>Reminders (default: after 48 h, at most 2) until the person installs the app, opts out or leaves.</summary>
public sealed class ReminderTests
{
    private static readonly DateTime Morning = new(2026, 12, 1, 9, 0, 0);

    [Fact]
    public async Task A_guest_who_has_not_installed_the_app_is_reminded_48_hours_later_and_again_48_hours_after_that_and_no_more()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours);
        const string phone = "+447400123020";
        await bench.CheckInAsync(phone, "22", departure: new DateOnly(2026, 12, 10));

        bench.Time.Advance(TimeSpan.FromHours(48) - TimeSpan.FromSeconds(1));
        await bench.TickAsync();
        Assert.Single(await bench.SentToAsync(phone));

        bench.Time.Advance(TimeSpan.FromSeconds(1));
        await bench.TickAsync();
        var sent = await bench.SentToAsync(phone);
        Assert.Equal([Triggers.CheckIn, Triggers.Reminder], sent.Select(s => s.Trigger));
        Assert.Equal(("22", "H-22"), (sent[1].ProvinceCode, sent[1].PropertyId));
        Assert.Contains("Minh", bench.Cipher.Unprotect(sent[1].SmsText));

        bench.Time.Advance(TimeSpan.FromHours(48));
        await bench.TickAsync();
        bench.Time.Advance(TimeSpan.FromHours(48));
        await bench.TickAsync();
        Assert.Equal([Triggers.CheckIn, Triggers.Reminder, Triggers.Reminder], (await bench.SentToAsync(phone)).Select(s => s.Trigger));
        Assert.DoesNotContain(await bench.ScheduleAsync(), s => s.Status == ScheduledMessage.Pending);
    }

    [Fact]
    public async Task A_reminder_is_rendered_from_the_reminder_template_when_the_department_saved_one()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours);
        bench.Rules.Apply(new MessageTemplatesChanged(3, [new MessageTemplate(TemplatePurposes.Reminder, Channels.Sms, "en", 4, null,
            "Reminder: install {appName}: {installLink} Stop: {optOutLink}")], bench.Now));
        await bench.CheckInAsync("+447400123021", "22", departure: new DateOnly(2026, 12, 10));

        bench.Time.Advance(TimeSpan.FromHours(48));
        await bench.TickAsync();

        var reminder = (await bench.SentToAsync("+447400123021"))[1];
        Assert.StartsWith("Reminder: install Bluezone: http", bench.Cipher.Unprotect(reminder.SmsText));
        Assert.Equal(4, reminder.TemplateVersion);
    }

    [Fact]
    public async Task An_install_report_cancels_the_pending_reminders_and_suppresses_the_next_arrival()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours);
        const string phone = "+447400123022";
        await bench.CheckInAsync(phone, "22", departure: new DateOnly(2026, 12, 10));

        bench.Time.Advance(TimeSpan.FromHours(3));
        await bench.ReportInstalledAsync(phone);
        bench.Time.Advance(TimeSpan.FromHours(48));
        await bench.TickAsync();
        await bench.CheckInAsync(phone, "31");

        Assert.Single(await bench.SentToAsync(phone));
        Assert.Equal(ScheduledMessage.Cancelled, Assert.Single(await bench.ScheduleAsync()).Status);
        Assert.Equal("already-installed", Assert.Single(await bench.PublishedAsync<NotificationSuppressed>()).Reason);
    }

    [Fact]
    public async Task A_guest_who_left_before_the_reminder_is_due_is_not_reminded()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours);
        const string phone = "+447400123023";
        await bench.CheckInAsync(phone, "22", departure: new DateOnly(2026, 12, 2));

        bench.Time.Advance(TimeSpan.FromHours(48));
        Assert.Equal([ReminderSender.Cancelled], await bench.TickAsync());
        Assert.Single(await bench.SentToAsync(phone));
    }

    [Fact]
    public async Task A_guest_who_opted_out_with_the_link_is_not_reminded()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours);
        const string phone = "+447400123024";
        await bench.CheckInAsync(phone, "22", departure: new DateOnly(2026, 12, 10));

        bench.Time.Advance(TimeSpan.FromHours(1));
        await bench.OptOutAsync(phone);
        bench.Time.Advance(TimeSpan.FromHours(47));

        Assert.Equal([ReminderSender.Cancelled], await bench.TickAsync());
        Assert.Single(await bench.SentToAsync(phone));
    }

    [Fact]
    public async Task A_visit_seen_by_entries_lasts_while_the_person_is_seen_again_and_ends_when_they_enter_another_province()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning,
            p => NotifierBench.NoQuietHours(p) with { Reminders = new ReminderPolicy(TimeSpan.FromHours(48), 2, TimeSpan.FromHours(36)) });
        const string stays = "+447400123025", unseen = "+447400123026", moves = "+447400123027";
        foreach (var phone in new[] { stays, unseen, moves }) await bench.EnterAsync(phone, "22");

        bench.Time.Advance(TimeSpan.FromHours(30));
        await bench.EnterAsync(stays, "22"); // seen again: the visit now ends at 66 h
        await bench.EnterAsync(moves, "31"); // seen elsewhere: the visit in 22 is over
        bench.Time.Advance(TimeSpan.FromHours(18));
        await bench.TickAsync();

        Assert.Equal([Triggers.ProvinceEntry, Triggers.Reminder], (await bench.SentToAsync(stays)).Select(s => s.Trigger));
        Assert.Equal([Triggers.ProvinceEntry], (await bench.SentToAsync(unseen)).Select(s => s.Trigger));
        Assert.Equal([("22", Triggers.ProvinceEntry), ("31", Triggers.ProvinceEntry)],
            (await bench.SentToAsync(moves)).Select(s => (s.ProvinceCode, s.Trigger)));
    }

    [Fact]
    public async Task A_policy_change_applies_to_reminders_already_scheduled()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours);
        await bench.CheckInAsync("+447400123028", "22", departure: new DateOnly(2026, 12, 10));

        bench.SetPolicy(p => p with { Reminders = p.Reminders with { Max = 0 } });
        bench.Time.Advance(TimeSpan.FromHours(48));

        Assert.Equal([ReminderSender.Cancelled], await bench.TickAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_schedulers_racing_over_the_same_due_reminders_send_each_exactly_once(bool onPostgres)
    {
        await using var bench = await NotifierBench.CreateAsync(Morning, NotifierBench.NoQuietHours, onPostgres);
        var phones = Enumerable.Range(0, 12).Select(i => $"+4474001231{i:00}").ToArray();
        foreach (var phone in phones) await bench.CheckInAsync(phone, "22", departure: new DateOnly(2026, 12, 10));
        bench.Time.Advance(TimeSpan.FromHours(48));

        var outcomes = await Task.WhenAll(Task.Run(() => bench.NewScheduler().RunDueAsync(CancellationToken.None)),
            Task.Run(() => bench.NewScheduler().RunDueAsync(CancellationToken.None)));

        Assert.Equal(phones.Length, outcomes.Sum(o => o.Count(r => r == ReminderSender.Sent)));
        Assert.All(phones, phone => Assert.Equal(2, bench.SentToAsync(phone).Result.Count));
    }

    [Fact]
    public async Task The_rules_in_force_are_stored_and_a_replica_starting_later_loads_the_newest()
    {
        await using var bench = await NotifierBench.CreateAsync(Morning);
        await using (var scope = bench.Provider.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotifierDb>();
            var policy = PolicyRules.Default with { Caps = new FrequencyCaps(1, 2) };
            await StoredRules.StoreAsync(db, NotifierSetting.Policy, 5, policy with { Version = 5 }, bench.Now, CancellationToken.None);
            await StoredRules.StoreAsync(db, NotifierSetting.Policy, 4, policy with { Version = 4, Caps = new FrequencyCaps(9, 9) }, bench.Now, CancellationToken.None);
            await StoredRules.StoreAsync(db, NotifierSetting.Templates, 7, new[] { new MessageTemplate(TemplatePurposes.Arrival, Channels.Sms, "en", 2, null, "Hi {optOutLink}") },
                bench.Now, CancellationToken.None);

            var replica = new MessagingRulesHolder(Microsoft.Extensions.Logging.Abstractions.NullLogger<MessagingRulesHolder>.Instance);
            await StoredRules.LoadAsync(db, replica, CancellationToken.None);

            Assert.Equal((5, new FrequencyCaps(1, 2)), (replica.Current.Policy.Version, replica.Current.Policy.Caps));
            Assert.Equal((7L, "Hi {optOutLink}"), (replica.Current.Templates.Version, replica.Current.Templates.Resolve(TemplatePurposes.Arrival, Channels.Sms, "en").Text));
        }
    }
}
