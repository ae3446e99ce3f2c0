using Geofence.Contracts;

namespace Geofence.Templates;

/// <summary>The messaging policy's defaults, its rules, and the quiet-hours arithmetic.</summary>
public static class PolicyRules
{
    /// <summary>App names are brand names; the template rules' worst case assumes one this long.</summary>
    public const int MaxAppNameLength = 20;
    public const int MaxPer24Hours = 100;
    public const int MaxReminders = 10;

    /// <summary>The time zone quiet hours fall back to when a saved one is unknown on this machine.</summary>
    public const string DefaultTimeZone = "Asia/Ho_Chi_Minh";

    /// <summary>The channels quiet hours may hold back.</summary>
    public static IReadOnlyList<string> QuietChannels { get; } = [Channels.Sms, Channels.Zalo, Channels.Push];

    /// <summary>The triggers quiet hours may hold back.</summary>
    public static IReadOnlyList<string> QuietTriggers { get; } = [Triggers.CheckIn, Triggers.ProvinceEntry, Triggers.Reminder, Triggers.Campaign];

    /// <summary>
    /// Bluezone as the plan names it; quiet hours 22:00–07:00 in Vietnam (Decree 91/2020's window) for SMS and Zalo
    /// reminders and campaigns (the arrival notice goes at once); 3 messages a day, 6 in 30 days; 2 reminders 48 h apart
    /// while the visit lasts, a visit seen only by pings ending 3 days after the last.
    /// </summary>
    public static MessagingPolicy Default { get; } = new(0, null,
        new AppInfo("Bluezone", "https://play.google.com/store/apps/details?id=com.mic.bluezone", "https://apps.apple.com/vn/app/bluezone/id1508062685"),
        new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0), DefaultTimeZone, [Channels.Sms, Channels.Zalo], [Triggers.Reminder, Triggers.Campaign]),
        new FrequencyCaps(3, 6),
        new ReminderPolicy(TimeSpan.FromDays(2), 2, TimeSpan.FromDays(3)));

    /// <summary>The first problem of <paramref name="policy"/>, naming the field as the API does, or null when it may be saved.</summary>
    public static TemplateProblem? Validate(MessagingPolicy policy) => ValidateAll(policy).FirstOrDefault();

    /// <summary>
    /// Every problem of <paramref name="policy"/>: the app's name (1–20 characters, no template characters) and absolute
    /// http(s) store links; quiet hours in a known IANA time zone, for the channels sms, zalo, push and the triggers
    /// checkin, province-entry, reminder, campaign; caps of 1–100 a day and no fewer in 30 days than in a day (at most
    /// 30 days' worth); reminders after a positive delay, 0–10 of them, visits ending after a positive time.
    /// </summary>
    public static IReadOnlyList<TemplateProblem> ValidateAll(MessagingPolicy policy)
    {
        var problems = new List<TemplateProblem>();
        void Problem(string field, string message) => problems.Add(new(field, message));

        if (policy.Note is { Length: > 2000 }) Problem("note", "The note is longer than 2000 characters.");

        if (policy.App is not { } app) Problem("app", "The app (name, androidUrl, iosUrl) is required.");
        else
        {
            if (string.IsNullOrWhiteSpace(app.Name) || app.Name.Length > MaxAppNameLength || app.Name.IndexOfAny(['{', '}', '[', ']']) >= 0)
                Problem("app.name", $"The app's name must be 1 to {MaxAppNameLength} characters, without braces or brackets.");
            if (!IsWebUrl(app.AndroidUrl)) Problem("app.androidUrl", "The Android store link must be an absolute https or http URL.");
            if (!IsWebUrl(app.IosUrl)) Problem("app.iosUrl", "The iOS store link must be an absolute https or http URL.");
        }

        if (policy.QuietHours is not { } quiet) Problem("quietHours", "Quiet hours are required (empty channels or triggers turn them off).");
        else
        {
            if (FindZone(quiet.TimeZone) is null) Problem("quietHours.timeZone", $"'{quiet.TimeZone}' is not a known IANA time zone (e.g. {DefaultTimeZone}).");
            if (quiet.Channels is null) Problem("quietHours.channels", "The channels are required; an empty list turns quiet hours off.");
            else if (quiet.Channels.FirstOrDefault(c => !QuietChannels.Contains(c)) is { } channel)
                Problem("quietHours.channels", $"Unknown channel '{channel}'; quiet hours apply to {string.Join(", ", QuietChannels)}.");
            if (quiet.Triggers is null) Problem("quietHours.triggers", "The triggers are required; an empty list turns quiet hours off.");
            else if (quiet.Triggers.FirstOrDefault(t => !QuietTriggers.Contains(t)) is { } trigger)
                Problem("quietHours.triggers", $"Unknown trigger '{trigger}'; quiet hours apply to {string.Join(", ", QuietTriggers)}.");
        }

        if (policy.Caps is not { } caps) Problem("caps", "The caps (per24Hours, per30Days) are required.");
        else
        {
            if (caps.Per24Hours is < 1 or > MaxPer24Hours) Problem("caps.per24Hours", $"At most 1 to {MaxPer24Hours} messages a day.");
            else if (caps.Per30Days < caps.Per24Hours || caps.Per30Days > caps.Per24Hours * 30)
                Problem("caps.per30Days", $"The 30-day cap must be at least the daily cap ({caps.Per24Hours}) and at most 30 times it.");
        }

        if (policy.Reminders is not { } reminders) Problem("reminders", "The reminders (after, max, visitEndsAfter) are required.");
        else
        {
            if (reminders.After <= TimeSpan.Zero) Problem("reminders.after", "The delay before a reminder must be positive (ISO 8601, e.g. P2D).");
            if (reminders.Max is < 0 or > MaxReminders) Problem("reminders.max", $"0 to {MaxReminders} reminders.");
            if (reminders.VisitEndsAfter <= TimeSpan.Zero) Problem("reminders.visitEndsAfter", "The time after which an unseen visit ends must be positive (ISO 8601, e.g. P3D).");
        }
        return problems;
    }

    /// <summary>
    /// When a message on <paramref name="channel"/> for <paramref name="trigger"/> due at <paramref name="at"/> may go:
    /// null for now (the channel or the trigger is not listed, a list is empty, start equals end, or
    /// <paramref name="at"/> is outside the window), else the instant (UTC) the window ends. The window is
    /// [<see cref="QuietHours.Start"/>, <see cref="QuietHours.End"/>) in wall-clock time of its zone, across midnight when
    /// the start is later than the end (22:00–07:00): a message due at exactly the start is deferred, one due at exactly
    /// the end is not. An end that a daylight-saving jump skips ends the window at the jump; an end the clocks pass twice
    /// ends it the first time.
    /// </summary>
    public static DateTimeOffset? DeferredUntil(QuietHours quietHours, string channel, string trigger, DateTimeOffset at)
    {
        if (quietHours.Channels is not { Length: > 0 } channels || !channels.Contains(channel)) return null;
        if (quietHours.Triggers is not { Length: > 0 } triggers || !triggers.Contains(trigger)) return null;
        var (start, end) = (quietHours.Start, quietHours.End);
        if (start == end) return null;

        var zone = FindZone(quietHours.TimeZone) ?? FindZone(DefaultTimeZone) ?? TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var day = DateOnly.FromDateTime(local.DateTime);

        DateOnly endDay;
        if (start < end)
        {
            if (time < start || time >= end) return null;
            endDay = day;
        }
        else
        {
            if (time < start && time >= end) return null;
            endDay = time >= start ? day.AddDays(1) : day;
        }
        return ToInstant(zone, endDay.ToDateTime(end, DateTimeKind.Unspecified));
    }

    private static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime wallClock)
    {
        if (zone.IsInvalidTime(wallClock))
        {
            // Skipped by a jump forward: the window ends when the clocks jump, the last valid minute before it.
            var before = wallClock;
            while (zone.IsInvalidTime(before)) before = before.AddMinutes(-1);
            var jump = new DateTimeOffset(before, zone.GetUtcOffset(before)).AddMinutes(1);
            return jump.ToUniversalTime();
        }
        var offset = zone.IsAmbiguousTime(wallClock) ? zone.GetAmbiguousTimeOffsets(wallClock).Max() : zone.GetUtcOffset(wallClock);
        return new DateTimeOffset(wallClock, offset).ToUniversalTime();
    }

    private static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static bool IsWebUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
