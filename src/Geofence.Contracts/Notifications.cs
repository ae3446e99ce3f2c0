namespace Geofence.Contracts;

/// <summary>Channels a notification can go out on.</summary>
public static class Channels
{
    public const string Sms = "sms";
    public const string Push = "push";
    public const string Zalo = "zalo";
}

/// <summary>What caused a notification.</summary>
public static class Triggers
{
    public const string CheckIn = "checkin";
    public const string ProvinceEntry = "province-entry";
    /// <summary>A reminder to install the app, sent while the visit lasts and the person has not reported it installed.</summary>
    public const string Reminder = "reminder";
    /// <summary>A campaign's broadcast to residents.</summary>
    public const string Campaign = "campaign";
}

/// <summary>
/// The Notifier decided this person must be told; the Dispatcher sends it. <see cref="PersonKey"/> is the keyed hash of
/// the phone number (or of the device). The optional fields carry every way of reaching the person, so that the
/// Dispatcher can choose the channel and fall back along push → Zalo → SMS. Whatever identifies or names the person
/// travels sealed with the services' field cipher (Geofence.Privacy.FieldCipher, "enc1:…"): the broker, the outbox
/// rows and the report never hold it in clear. A command from before sealing holds those fields in clear and is read
/// the same; one from before the multi-channel fields (a bare Channel/Recipient/Text) finds no channel and fails as
/// "no reachable channel".
/// </summary>
/// <param name="Phone">E.164, sealed; when known.</param>
/// <param name="PushToken">The device's live push token, sealed; when it has one.</param>
/// <param name="PushPlatform"><c>android</c> or <c>ios</c>.</param>
/// <param name="PushTitle">Push title, with diacritics; sealed, as a department's title may name the guest.</param>
/// <param name="PushText">Push body, with diacritics; sealed, as it names the guest.</param>
/// <param name="SmsText">The SMS text (Vietnamese without diacritics); sealed, as it names the guest.</param>
/// <param name="SmsTextParts">How many SMS parts <paramref name="SmsText"/> takes.</param>
/// <param name="GuestName">How the message addresses the person (may be empty), sealed; Zalo's template needs it.</param>
/// <param name="ProvinceName">The province's name in the message's language; Zalo's template needs it.</param>
/// <param name="TemplateVersion">The version of the template the texts were rendered from; 0 for a built-in text.</param>
/// <param name="ZaloTemplateId">The ZNS template registered with Zalo; null to use the Dispatcher's configured one.</param>
/// <param name="ZaloData">The ZNS template's parameters as a JSON object of strings, sealed (it names the guest).</param>
/// <param name="ReportText">
/// The text of the first channel tried (push when there is a token, else SMS) with the guest's name masked
/// (<c>M*** K***</c>), in clear: what the department's report shows.
/// </param>
/// <param name="CampaignId">The campaign the message belongs to (trigger <c>campaign</c>); null for everything else.</param>
/// <param name="CampaignRound">The campaign's round (1 for the first).</param>
/// <param name="AllowedChannels">
/// The channels the message may go out on (a campaign names its own, e.g. zalo and sms); null allows every channel.
/// </param>
public record SendNotification(
    Guid NotificationId,
    string PersonKey,
    string Language,
    string Trigger,
    string ProvinceCode,
    string? PropertyId,
    DateTimeOffset CreatedAt,
    string? DeviceId = null,
    string? Phone = null,
    string? PushToken = null,
    string? PushPlatform = null,
    string? PushTitle = null,
    string? PushText = null,
    string? SmsText = null,
    int? SmsTextParts = null,
    string? GuestName = null,
    string? ProvinceName = null,
    string? ReportText = null,
    int? TemplateVersion = null,
    string? ZaloTemplateId = null,
    string? ZaloData = null,
    Guid? CampaignId = null,
    int? CampaignRound = null,
    string[]? AllowedChannels = null);

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
    string? DeviceId = null,
    Guid? CampaignId = null,
    int? CampaignRound = null);

/// <summary>A provider accepted the message. <see cref="CampaignId"/> is copied from the command, so that the Notifier counts a campaign's sends.</summary>
/// <param name="SmsParts">The SMS parts the provider was asked to send (0 for push and Zalo): a campaign's spend.</param>
public record NotificationSent(
    Guid NotificationId,
    string Channel,
    string Provider,
    string? ProviderMessageId,
    DateTimeOffset SentAt,
    Guid? CampaignId = null,
    int SmsParts = 0);

/// <summary>A provider refused the message for good; nothing more will be tried.</summary>
public record NotificationFailed(
    Guid NotificationId,
    string Channel,
    string Provider,
    string Reason,
    DateTimeOffset FailedAt,
    Guid? CampaignId = null);

/// <summary>
/// A push provider said the device's token is dead (FCM UNREGISTERED, SENDER_ID_MISMATCH): the Notifier stops
/// pushing to that device until it registers a new token.
/// </summary>
public record PushTokenRejected(
    Guid NotificationId,
    string PersonKey,
    string? DeviceId,
    string Provider,
    string Code,
    DateTimeOffset At);

/// <summary>
/// An SMS provider said the person does not want messages (Twilio 21610, eSMS 99): the Notifier suppresses later
/// notifications to them.
/// </summary>
public record PhoneOptedOut(
    Guid NotificationId,
    string PersonKey,
    string Provider,
    string Code,
    DateTimeOffset At);

/// <summary>The department recorded that the person asked not to be messaged (Admin's opt-out API).</summary>
public record OptOutRequested(string PersonKey, string? Note, DateTimeOffset At)
{
    /// <summary>The opt-out's source as the lists show it.</summary>
    public const string Source = "admin";
}

/// <summary>The department lifted the person's opt-out (they asked to be messaged again): later arrivals are notified.</summary>
public record OptOutLifted(string PersonKey, DateTimeOffset At);

/// <summary>What a provider's delivery receipt says became of a sent message.</summary>
public static class DeliveryStatuses
{
    public const string Delivered = "delivered";
    public const string Undelivered = "undelivered";
}

/// <summary>A provider's receipt: the message reached the handset (<c>delivered</c>) or never will (<c>undelivered</c>).</summary>
public record NotificationDeliveryReported(
    Guid NotificationId,
    string Status,
    string Provider,
    string? ErrorCode,
    DateTimeOffset At);

/// <summary>
/// Quiet hours held a message back: it is sent at <see cref="DueAt"/> with the same <see cref="NotificationId"/>.
/// </summary>
public record NotificationDeferred(
    Guid NotificationId,
    string Reason,
    string PersonKey,
    string Language,
    string Trigger,
    string ProvinceCode,
    string? PropertyId,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    string? DeviceId = null);

/// <summary>The person opened the install link of a notification (<c>/i/{code}</c>); <see cref="Platform"/> is android, ios or other.</summary>
public record InstallLinkOpened(Guid NotificationId, string Platform, DateTimeOffset At);

/// <summary>The person opted out with the one-tap link of a notification (<c>/o/{token}</c>); the Notifier has recorded it.</summary>
public record OptedOutByLink(Guid NotificationId, string PersonKey, DateTimeOffset At)
{
    /// <summary>The opt-out's source as the lists show it.</summary>
    public const string Source = "link";
}

/// <summary>
/// A feed reported that the app is installed on a device (<c>POST /api/v1/devices/{deviceId}/bluezone-installed</c>):
/// no further messages or reminders go to the device or, when its phone is known, to the person.
/// </summary>
/// <param name="PersonKey">The keyed hash of the device's phone when Ingest knows it; else null.</param>
public record BluezoneInstallReported(string FeedId, string DeviceId, string? PersonKey, DateTimeOffset At);
