using Geofence.Contracts;

namespace Geofence.Notifier.Tests;

/// <summary>At most 3 messages per person in any 24 hours and 6 in any 30 days, across triggers; the rest are suppressed as capped.</summary>
public sealed class FrequencyCapTests
{
    [Fact]
    public async Task A_fourth_province_within_24_hours_is_capped_and_one_a_full_day_after_the_first_is_not()
    {
        await using var bench = await NotifierBench.CreateAsync(new DateTime(2026, 12, 1, 9, 0, 0), NotifierBench.NoQuietHours);
        const string phone = "+447400123010";

        foreach (var province in new[] { "01", "22", "31" })
        {
            await bench.CheckInAsync(phone, province);
            bench.Time.Advance(TimeSpan.FromHours(1));
        }
        await bench.CheckInAsync(phone, "48");
        Assert.Equal(3, (await bench.SentToAsync(phone)).Count);
        Assert.Equal("capped", Assert.Single(await bench.PublishedAsync<NotificationSuppressed>()).Reason);

        // 24 h after the first message the window has slid past it: one more may go.
        bench.Time.Advance(TimeSpan.FromHours(21) - TimeSpan.FromSeconds(1));
        await bench.CheckInAsync(phone, "79");
        Assert.Equal(3, (await bench.SentToAsync(phone)).Count);
        bench.Time.Advance(TimeSpan.FromSeconds(1));
        await bench.CheckInAsync(phone, "92");
        Assert.Equal(4, (await bench.SentToAsync(phone)).Count);
    }

    [Fact]
    public async Task A_seventh_message_within_30_days_is_capped_until_the_first_is_30_days_old()
    {
        await using var bench = await NotifierBench.CreateAsync(new DateTime(2026, 12, 1, 9, 0, 0),
            p => NotifierBench.NoQuietHours(p) with { Reminders = p.Reminders with { Max = 0 } });
        const string phone = "+447400123011";
        string[] provinces = ["01", "04", "08", "11", "12", "14", "15", "19"];

        for (var i = 0; i < 7; i++)
        {
            await bench.EnterAsync(phone, provinces[i]);
            bench.Time.Advance(TimeSpan.FromDays(2));
        }
        Assert.Equal(6, (await bench.SentToAsync(phone)).Count);
        Assert.Equal("capped", Assert.Single(await bench.PublishedAsync<NotificationSuppressed>()).Reason);

        bench.Time.Advance(TimeSpan.FromDays(30) - (bench.Now - (await bench.SentToAsync(phone))[0].CreatedAt));
        await bench.EnterAsync(phone, provinces[7]);
        Assert.Equal(7, (await bench.SentToAsync(phone)).Count);
    }

    [Fact]
    public async Task Caps_count_every_person_apart_and_reminders_with_arrivals()
    {
        await using var bench = await NotifierBench.CreateAsync(new DateTime(2026, 12, 1, 9, 0, 0),
            p => NotifierBench.NoQuietHours(p) with { Caps = new FrequencyCaps(2, 6), Reminders = p.Reminders with { After = TimeSpan.FromHours(1) } });

        await bench.CheckInAsync("+447400123012", "01", departure: new DateOnly(2026, 12, 5));
        await bench.CheckInAsync("+447400123013", "01", departure: new DateOnly(2026, 12, 5));
        await bench.CheckInAsync("+447400123012", "22", departure: new DateOnly(2026, 12, 5));
        bench.Time.Advance(TimeSpan.FromHours(1));
        await bench.TickAsync();

        Assert.Equal([Triggers.CheckIn, Triggers.CheckIn], (await bench.SentToAsync("+447400123012")).Select(s => s.Trigger));
        Assert.Equal([Triggers.CheckIn, Triggers.Reminder], (await bench.SentToAsync("+447400123013")).Select(s => s.Trigger));
        Assert.Equal([Triggers.Reminder, Triggers.Reminder],
            (await bench.PublishedAsync<NotificationSuppressed>()).Where(s => s.Reason == "capped").Select(s => s.Trigger));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Of_ten_racing_arrivals_of_one_person_in_ten_provinces_exactly_three_are_sent(bool onPostgres)
    {
        await using var bench = await NotifierBench.CreateAsync(new DateTime(2026, 12, 1, 9, 0, 0), NotifierBench.NoQuietHours, onPostgres);
        string[] provinces = ["01", "04", "08", "11", "12", "14", "15", "19", "20", "22"];

        await Task.WhenAll(provinces.Select(p => Task.Run(() => bench.CheckInAsync("+447400123014", p))));

        Assert.Equal(3, (await bench.SentToAsync("+447400123014")).Count);
        Assert.Equal(7, (await bench.PublishedAsync<NotificationSuppressed>()).Count(s => s.Reason == "capped"));
    }
}
