namespace Geofence.Contracts;

/// <summary>What a template is for; a purpose without its own text uses the arrival text.</summary>
public static class TemplatePurposes
{
    public const string Arrival = "arrival";
    public const string Reminder = "reminder";
    public const string Campaign = "campaign";

    public static IReadOnlyList<string> All { get; } = [Arrival, Reminder, Campaign];
}

/// <summary>
/// One template version as the department saved it. Push uses <see cref="Title"/> and <see cref="Text"/>; SMS uses
/// <see cref="Text"/> and <see cref="KeepDiacritics"/>; Zalo uses <see cref="ZaloTemplateId"/> and
/// <see cref="ZaloParams"/> (ZNS parameter name → text with placeholders). Version 0 is a built-in text.
/// </summary>
public record MessageTemplate(
    string Purpose,
    string Channel,
    string Language,
    int Version,
    string? Title,
    string? Text,
    bool KeepDiacritics = false,
    string? ZaloTemplateId = null,
    IReadOnlyDictionary<string, string>? ZaloParams = null);

/// <summary>
/// The templates in force after a change in Admin: the current version of every template the department saved (the
/// built-in ones are not repeated). Every Notifier replica swaps its set for it; higher <see cref="Version"/> wins.
/// </summary>
public record MessageTemplatesChanged(long Version, MessageTemplate[] Templates, DateTimeOffset ChangedAt);

/// <summary>The app everyone is asked to install; a setting, because the plan's Bluezone has since been superseded.</summary>
public record AppInfo(string Name, string AndroidUrl, string IosUrl);

/// <summary>
/// SMS and Zalo (the listed <see cref="Channels"/>) for the listed <see cref="Triggers"/> are not sent between
/// <see cref="Start"/> and <see cref="End"/> in <see cref="TimeZone"/> (IANA id); a message due inside is deferred to
/// the window's end. An empty list of channels or triggers turns quiet hours off.
/// </summary>
public record QuietHours(TimeOnly Start, TimeOnly End, string TimeZone, string[] Channels, string[] Triggers);

/// <summary>At most this many messages per person in any 24 hours and any 30 days, across every trigger.</summary>
public record FrequencyCaps(int Per24Hours, int Per30Days);

/// <summary>Remind <see cref="After"/> the last message, at most <see cref="Max"/> times, while the visit lasts.</summary>
/// <param name="VisitEndsAfter">A visit seen only by pings or entries ends this long after the subject was last heard of.</param>
public record ReminderPolicy(TimeSpan After, int Max, TimeSpan VisitEndsAfter);

/// <summary>The department's messaging policy, versioned in Admin (every save is a new version).</summary>
/// <param name="Note">The legal basis the department relies on, in its own words.</param>
public record MessagingPolicy(int Version, string? Note, AppInfo App, QuietHours QuietHours, FrequencyCaps Caps, ReminderPolicy Reminders);

/// <summary>Admin saved a new policy version; every Notifier replica swaps its policy for it; higher version wins.</summary>
public record MessagingPolicyChanged(MessagingPolicy Policy, DateTimeOffset ChangedAt);
