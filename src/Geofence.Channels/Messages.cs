using System.Text;
using Geofence.Privacy;

namespace Geofence.Channels;

public enum PushPlatform
{
    Android,
    Ios,
}

/// <summary>One push notification to one device. The token never appears in <see cref="ToString"/>.</summary>
/// <param name="Priority">Whether it goes before or after the campaign sends waiting for the provider's rate.</param>
public sealed record PushMessage(
    Guid NotificationId,
    string DeviceToken,
    PushPlatform Platform,
    string Title,
    string Body,
    IReadOnlyDictionary<string, string>? Data = null,
    SendPriority Priority = SendPriority.Immediate)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"NotificationId = {NotificationId}, Platform = {Platform}");
        return true;
    }
}

/// <summary>One SMS to one E.164 number. <see cref="ToString"/> shows only the redacted number.</summary>
/// <param name="Priority">Whether it goes before or after the campaign sends waiting for the provider's rate.</param>
public sealed record SmsMessage(Guid NotificationId, string To, string Text, SendPriority Priority = SendPriority.Immediate)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"NotificationId = {NotificationId}, To = {PhoneNumber.Redact(To)}");
        return true;
    }
}

public interface IPushProvider
{
    /// <summary>Short provider name for records and logs, e.g. <c>fcm</c>.</summary>
    string Name { get; }

    Task<ProviderResult> SendAsync(PushMessage message, CancellationToken cancellationToken);
}

public interface ISmsProvider
{
    /// <summary>Short provider name for records and logs, e.g. <c>twilio</c>.</summary>
    string Name { get; }

    Task<ProviderResult> SendAsync(SmsMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the provider recognises a repeat of the same notification by our id and does not deliver it twice
    /// (eSMS's RequestId): only then may a send whose outcome a crash lost be made again.
    /// </summary>
    bool RecognisesRepeats => false;
}
