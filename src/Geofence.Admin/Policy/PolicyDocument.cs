using System.Globalization;
using System.Xml;
using Geofence.Contracts;
using Geofence.ServiceDefaults.Problems;

namespace Geofence.Admin.Policy;

/// <summary>
/// The messaging policy as the API reads and writes it: times as <c>HH:mm</c>, durations as ISO 8601 (<c>P2D</c>,
/// <c>PT5S</c>). Every field is nullable here so that a missing one is refused by name instead of read as a default.
/// </summary>
public sealed record PolicyDocument(int? Version, string? Note, AppDocument? App, QuietHoursDocument? QuietHours, CapsDocument? Caps,
    RemindersDocument? Reminders)
{
    public const int MaxNote = 1000;
    private const string TimeFormat = "HH:mm";

    public static PolicyDocument From(MessagingPolicy p) => new(p.Version, p.Note,
        new AppDocument(p.App.Name, p.App.AndroidUrl, p.App.IosUrl),
        new QuietHoursDocument(p.QuietHours.Start.ToString(TimeFormat, CultureInfo.InvariantCulture),
            p.QuietHours.End.ToString(TimeFormat, CultureInfo.InvariantCulture), p.QuietHours.TimeZone, p.QuietHours.Channels, p.QuietHours.Triggers),
        new CapsDocument(p.Caps.Per24Hours, p.Caps.Per30Days),
        new RemindersDocument(XmlConvert.ToString(p.Reminders.After), p.Reminders.Max, XmlConvert.ToString(p.Reminders.VisitEndsAfter)));

    /// <summary>The policy this describes, as <paramref name="version"/>; null, with <paramref name="errors"/> filled, when it cannot be read.</summary>
    public MessagingPolicy? ToPolicy(int version, FieldErrors errors)
    {
        var note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
        if (note is { Length: > MaxNote }) errors.Add("note", $"is longer than {MaxNote} characters.");

        AppInfo? app = null;
        if (App is null) errors.Add("app", "is required: {\"name\",\"androidUrl\",\"iosUrl\"}.");
        else
        {
            var name = Required(errors, "app.name", App.Name, 64);
            var android = Url(errors, "app.androidUrl", App.AndroidUrl);
            var ios = Url(errors, "app.iosUrl", App.IosUrl);
            if (name is not null && android is not null && ios is not null) app = new AppInfo(name, android, ios);
        }

        QuietHours? quiet = null;
        if (QuietHours is null) errors.Add("quietHours", "is required: {\"start\",\"end\",\"timeZone\",\"channels\",\"triggers\"}.");
        else
        {
            var start = Time(errors, "quietHours.start", QuietHours.Start);
            var end = Time(errors, "quietHours.end", QuietHours.End);
            var zone = TimeZone(errors, "quietHours.timeZone", QuietHours.TimeZone);
            var channels = Names(errors, "quietHours.channels", QuietHours.Channels, [Channels.Sms, Channels.Zalo, Channels.Push]);
            var triggers = Names(errors, "quietHours.triggers", QuietHours.Triggers,
                [Triggers.CheckIn, Triggers.ProvinceEntry, Triggers.Reminder, Triggers.Campaign]);
            if (start is not null && end is not null && zone is not null && channels is not null && triggers is not null)
                quiet = new QuietHours(start.Value, end.Value, zone, channels, triggers);
        }

        FrequencyCaps? caps = null;
        if (Caps is null) errors.Add("caps", "is required: {\"per24Hours\",\"per30Days\"}.");
        else
        {
            var day = Count(errors, "caps.per24Hours", Caps.Per24Hours, minimum: 1);
            var month = Count(errors, "caps.per30Days", Caps.Per30Days, minimum: 1);
            if (day is not null && month is not null) caps = new FrequencyCaps(day.Value, month.Value);
        }

        ReminderPolicy? reminders = null;
        if (Reminders is null) errors.Add("reminders", "is required: {\"after\",\"max\",\"visitEndsAfter\"}.");
        else
        {
            var after = Duration(errors, "reminders.after", Reminders.After);
            var max = Count(errors, "reminders.max", Reminders.Max, minimum: 0);
            var visitEnds = Duration(errors, "reminders.visitEndsAfter", Reminders.VisitEndsAfter);
            if (after is not null && max is not null && visitEnds is not null) reminders = new ReminderPolicy(after.Value, max.Value, visitEnds.Value);
        }

        return errors.Any ? null : new MessagingPolicy(version, note, app!, quiet!, caps!, reminders!);
    }

    private static string? Required(FieldErrors errors, string field, string? value, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) errors.Add(field, "is required.");
        else if (trimmed.Length > maxLength) errors.Add(field, $"is longer than {maxLength} characters.");
        else return trimmed;
        return null;
    }

    private static string? Url(FieldErrors errors, string field, string? value)
    {
        if (Required(errors, field, value, 500) is not { } url) return null;
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http") return url;
        errors.Add(field, "must be an absolute http or https URL.");
        return null;
    }

    private static TimeOnly? Time(FieldErrors errors, string field, string? value)
    {
        if (value is null) errors.Add(field, "is required, as HH:mm (e.g. 22:00).");
        else if (TimeOnly.TryParseExact(value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)) return time;
        else errors.Add(field, $"'{value}' is not a time as HH:mm (e.g. 22:00).");
        return null;
    }

    private static string? TimeZone(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(field, "is required: an IANA time zone such as Asia/Ho_Chi_Minh.");
        else if (value.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(value, out _)) return value;
        else errors.Add(field, $"'{value}' is not a time zone this server knows (an IANA id such as Asia/Ho_Chi_Minh).");
        return null;
    }

    private static string[]? Names(FieldErrors errors, string field, string[]? values, string[] known)
    {
        if (values is null)
        {
            errors.Add(field, $"is required (may be empty): any of {string.Join(", ", known)}.");
            return null;
        }
        if (values.FirstOrDefault(v => !known.Contains(v)) is { } unknown)
        {
            errors.Add(field, $"'{unknown}' is not one of {string.Join(", ", known)}.");
            return null;
        }
        return values.Distinct().ToArray();
    }

    private static int? Count(FieldErrors errors, string field, int? value, int minimum)
    {
        if (value is null) errors.Add(field, "is required.");
        else if (value < minimum || value > 1000) errors.Add(field, $"must be between {minimum} and 1000.");
        else return value;
        return null;
    }

    private static TimeSpan? Duration(FieldErrors errors, string field, string? value)
    {
        if (value is null)
        {
            errors.Add(field, "is required: an ISO 8601 duration such as P2D or PT5S.");
            return null;
        }
        try
        {
            var duration = XmlConvert.ToTimeSpan(value);
            if (duration > TimeSpan.Zero && duration <= TimeSpan.FromDays(3650)) return duration;
            errors.Add(field, "must be a positive duration of at most ten years.");
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            errors.Add(field, $"'{value}' is not an ISO 8601 duration such as P2D or PT5S.");
        }
        return null;
    }
}

public sealed record AppDocument(string? Name, string? AndroidUrl, string? IosUrl);

public sealed record QuietHoursDocument(string? Start, string? End, string? TimeZone, string[]? Channels, string[]? Triggers);

public sealed record CapsDocument(int? Per24Hours, int? Per30Days);

public sealed record RemindersDocument(string? After, int? Max, string? VisitEndsAfter);
