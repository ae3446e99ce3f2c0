using Geofence.Channels;
using Geofence.Contracts;

namespace Geofence.Dispatcher.Deliveries;

/// <summary>
/// One provider for one channel. <see cref="SendAsync"/> returns the provider's answer and never throws for it; the
/// consumer decides what a refusal or a transient failure means. Implementations pass the notification id as the
/// provider's idempotency key where the provider has one.
/// </summary>
public interface IChannelSender
{
    string Channel { get; }
    string Provider { get; }
    Task<ProviderResult> SendAsync(Outgoing message, CancellationToken cancellationToken);

    /// <summary>
    /// Whether asking again for the same notification cannot deliver it twice (the provider recognises our id, or the
    /// sandbox keeps one record per notification); false when a repeat would reach the person again.
    /// </summary>
    bool RecognisesRepeats => false;
}

/// <summary>
/// The command as one channel sends it: to whom (an E.164 number or a push token) and with which text. Prints without
/// the recipient, which is personal data. <see cref="Priority"/> is how the provider's rate limit serves it.
/// </summary>
public sealed record Outgoing(SendNotification Command, string Channel, string Recipient, string Text, int SmsParts, string? Title = null,
    SendPriority Priority = SendPriority.Immediate)
{
    public Guid NotificationId => Command.NotificationId;

    public override string ToString() => $"Outgoing {{ NotificationId = {NotificationId}, Channel = {Channel} }}";
}
