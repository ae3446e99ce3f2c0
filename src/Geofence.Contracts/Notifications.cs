namespace Geofence.Contracts;

/// <summary>Channels a notification can go out on.</summary>
public static class Channels
{
    public const string Sms = "sms";
    public const string Push = "push";
}

/// <summary>What caused a notification.</summary>
public static class Triggers
{
    public const string CheckIn = "checkin";
    public const string ProvinceEntry = "province-entry";
}

/// <summary>
/// The Notifier decided this person must be told; the Dispatcher sends it. <see cref="Recipient"/> is an
/// E.164 number for sms or a push token for push. <see cref="PersonKey"/> is the keyed hash of the phone number.
/// </summary>
public record SendNotification(
    Guid NotificationId,
    string Channel,
    string Recipient,
    string PersonKey,
    string Language,
    string Text,
    int SmsParts,
    string Trigger,
    string ProvinceCode,
    string? PropertyId,
    DateTimeOffset CreatedAt,
    string? DeviceId = null);

/// <summary>The Notifier decided not to send (do-not-contact, no reachable channel); recorded for reports.</summary>
public record NotificationSuppressed(
    Guid NotificationId,
    string Reason,
    string? PersonKey,
    string Language,
    string Trigger,
    string ProvinceCode,
    string? PropertyId,
    DateTimeOffset CreatedAt,
    string? DeviceId = null);

/// <summary>A provider accepted the message.</summary>
public record NotificationSent(
    Guid NotificationId,
    string Channel,
    string Provider,
    string? ProviderMessageId,
    DateTimeOffset SentAt);

/// <summary>A provider refused the message for good; nothing more will be tried.</summary>
public record NotificationFailed(
    Guid NotificationId,
    string Channel,
    string Provider,
    string Reason,
    DateTimeOffset FailedAt);
