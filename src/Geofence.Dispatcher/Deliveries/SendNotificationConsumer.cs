using Geofence.Contracts;
using Geofence.ServiceDefaults.Outbox;
using Geofence.ServiceDefaults.Bus;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Geofence.Dispatcher.Deliveries;

/// <summary>Sends one notification through its channel's provider, once; a redelivered command finds the delivery and stops.</summary>
public sealed class SendNotificationConsumer(
    DispatcherDb db,
    IEnumerable<IChannelSender> senders,
    OutboxRelay<DispatcherDb> relay,
    TimeProvider time,
    ILogger<SendNotificationConsumer> logger) : IConsumer<SendNotification>
{
    public async Task Consume(ConsumeContext<SendNotification> context)
    {
        var message = context.Message;
        var ct = context.CancellationToken;
        if (await db.Deliveries.AnyAsync(d => d.NotificationId == message.NotificationId, ct)) return;

        var sender = senders.FirstOrDefault(s => s.Channel == message.Channel)
                     ?? throw new InvalidOperationException($"No sender for channel '{message.Channel}'.");
        var outcome = await sender.SendAsync(message, ct);
        var now = time.GetUtcNow();

        db.Deliveries.Add(new Delivery
        {
            NotificationId = message.NotificationId, Channel = message.Channel, Provider = sender.Provider,
            Status = outcome.Accepted ? "sent" : "failed", ProviderMessageId = outcome.ProviderMessageId,
            FailureReason = outcome.FailureReason, CompletedAt = now.UtcDateTime,
        });
        db.Outbox.Add(outcome.Accepted
            ? OutboxMessage.For(new NotificationSent(message.NotificationId, message.Channel, sender.Provider, outcome.ProviderMessageId, now), now)
            : OutboxMessage.For(new NotificationFailed(message.NotificationId, message.Channel, sender.Provider, outcome.FailureReason!, now), now));
        await db.SaveChangesAsync(ct);
        relay.Wake();
        logger.LogInformation("Notification {NotificationId} {Status} via {Provider} {Channel}", message.NotificationId,
            outcome.Accepted ? "sent" : "failed", sender.Provider, message.Channel);
    }
}

public sealed class SendNotificationConsumerDefinition(BusSettings bus) : RetryingConsumerDefinition<SendNotificationConsumer>(bus);
