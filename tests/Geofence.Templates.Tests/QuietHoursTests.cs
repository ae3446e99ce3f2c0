using Geofence.Contracts;

namespace Geofence.Templates.Tests;

/// <summary>Quiet hours defer SMS and Zalo reminders to the window's end, across midnight and at its edges.</summary>
public class QuietHoursTests
{
    // Vietnam is UTC+7 all year: 22:00 local is 15:00Z, 07:00 local is 00:00Z.
    private static readonly QuietHours Night = PolicyRules.Default.QuietHours;

    private static DateTimeOffset Hanoi(int day, int hour, int minute = 0) => new(2026, 12, day, hour, minute, 0, TimeSpan.FromHours(7));

    [Fact]
    public void A_reminder_due_late_in_the_evening_is_deferred_to_seven_the_next_morning()
    {
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), PolicyRules.DeferredUntil(Night, Channels.Sms, Triggers.Reminder, Hanoi(2, 23, 30)));
    }

    [Fact]
    public void A_reminder_due_after_midnight_is_deferred_to_seven_the_same_morning()
    {
        var until = PolicyRules.DeferredUntil(Night, Channels.Zalo, Triggers.Campaign, Hanoi(3, 2, 15));

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero), until);
        Assert.Equal(TimeSpan.Zero, until!.Value.Offset);
    }

    [Fact]
    public void A_message_due_at_exactly_the_start_is_deferred_and_at_exactly_the_end_is_not()
    {
        Assert.NotNull(PolicyRules.DeferredUntil(Night, Channels.Sms, Triggers.Reminder, Hanoi(2, 22)));
        Assert.Null(PolicyRules.DeferredUntil(Night, Channels.Sms, Triggers.Reminder, Hanoi(3, 7)));
        Assert.NotNull(PolicyRules.DeferredUntil(Night, Channels.Sms, Triggers.Reminder, Hanoi(3, 7).AddTicks(-1)));
        Assert.Null(PolicyRules.DeferredUntil(Night, Channels.Sms, Triggers.Reminder, Hanoi(2, 22).AddTicks(-1)));
    }

    [Fact]
    public void An_instant_given_in_another_offset_is_judged_by_the_window_s_time_zone()
    {
        // 16:00Z is 23:00 in Hanoi.
        Assert.NotNull(PolicyRules.DeferredUntil(Night, Channels.Sms, Triggers.Reminder, new DateTimeOffset(2026, 12, 2, 16, 0, 0, TimeSpan.Zero)));
        Assert.Null(PolicyRules.DeferredUntil(Night, Channels.Sms, Triggers.Reminder, new DateTimeOffset(2026, 12, 2, 14, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_arrival_notice_and_push_are_not_deferred_unless_listed()
    {
        Assert.Null(PolicyRules.DeferredUntil(Night, Channels.Sms, Triggers.CheckIn, Hanoi(2, 23)));
        Assert.Null(PolicyRules.DeferredUntil(Night, Channels.Push, Triggers.Reminder, Hanoi(2, 23)));
        Assert.NotNull(PolicyRules.DeferredUntil(Night with { Channels = [Channels.Push] }, Channels.Push, Triggers.Reminder, Hanoi(2, 23)));
    }

    [Fact]
    public void An_empty_list_of_channels_or_triggers_turns_quiet_hours_off()
    {
        Assert.Null(PolicyRules.DeferredUntil(Night with { Channels = [] }, Channels.Sms, Triggers.Reminder, Hanoi(2, 23)));
        Assert.Null(PolicyRules.DeferredUntil(Night with { Triggers = [] }, Channels.Sms, Triggers.Reminder, Hanoi(2, 23)));
    }

    [Fact]
    public void A_window_within_a_day_defers_to_its_end_that_day()
    {
        var lunch = Night with { Start = new TimeOnly(12, 0), End = new TimeOnly(14, 0) };

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero), PolicyRules.DeferredUntil(lunch, Channels.Sms, Triggers.Reminder, Hanoi(2, 12)));
        Assert.Null(PolicyRules.DeferredUntil(lunch, Channels.Sms, Triggers.Reminder, Hanoi(2, 14)));
        Assert.Null(PolicyRules.DeferredUntil(lunch, Channels.Sms, Triggers.Reminder, Hanoi(2, 23)));
    }

    [Fact]
    public void A_window_that_starts_where_it_ends_is_no_window()
    {
        var none = Night with { Start = new TimeOnly(7, 0), End = new TimeOnly(7, 0) };

        Assert.Null(PolicyRules.DeferredUntil(none, Channels.Sms, Triggers.Reminder, Hanoi(2, 7)));
    }

    [Fact]
    public void An_end_skipped_by_a_daylight_saving_jump_ends_the_window_at_the_jump()
    {
        // Europe/Berlin jumps from 02:00 to 03:00 on 2026-03-29 (01:00Z); a window ending at 02:30 ends then.
        var berlin = Night with { Start = new TimeOnly(22, 0), End = new TimeOnly(2, 30), TimeZone = "Europe/Berlin" };

        var until = PolicyRules.DeferredUntil(berlin, Channels.Sms, Triggers.Reminder, new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.FromHours(1)));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), until);
    }
}
