using Geofence.Contracts;

namespace Geofence.Dispatcher.Deliveries;

/// <summary>
/// One provider for one channel. <see cref="SendAsync"/> returns the provider's answer for accepted and permanently
/// refused messages and throws for transient failures, which the consumer's retry policy handles. Implementations
/// pass <see cref="SendNotification.NotificationId"/> as the provider's idempotency key where the provider has one.
/// </summary>
public interface IChannelSender
{
    string Channel { get; }
    string Provider { get; }
    Task<SendOutcome> SendAsync(SendNotification message, CancellationToken cancellationToken);
}

public sealed record SendOutcome(bool Accepted, string? ProviderMessageId, string? FailureReason)
{
    public static SendOutcome Sent(string providerMessageId) => new(true, providerMessageId, null);
    public static SendOutcome Refused(string reason) => new(false, null, reason);
}
