using Geofence.Channels;
using Geofence.Contracts;
using MassTransit;

namespace Geofence.Dispatcher.Deliveries;

/// <summary>The arrival lane: check-ins, province entries and reminders, sent before any campaign message (see <see cref="NotificationDelivery"/>).</summary>
public sealed class SendNotificationConsumer(NotificationDelivery delivery) : IConsumer<SendNotification>
{
    public Task Consume(ConsumeContext<SendNotification> context) => DeliverAsync(context.Message, context.CancellationToken);

    internal Task DeliverAsync(SendNotification command, CancellationToken ct) => delivery.DeliverAsync(command, SendPriority.Immediate, ct);
}

/// <summary>
/// MassTransit's default (prefetch 16, as many at once) caps a provider that takes 200 ms at 80 sends/s, below the
/// MaxPerSecond of FCM or a large Twilio account; <c>Dispatcher:ConcurrentMessageLimit</c> overlaps more of those
/// waits. Each message is still acknowledged after its own delivery row is saved, and a redelivery finds that row, so
/// nothing is sent twice.
/// </summary>
public sealed class SendNotificationConsumerDefinition : ConsumerDefinition<SendNotificationConsumer>
{
    public SendNotificationConsumerDefinition(DispatcherSettings settings)
    {
        if (settings.ConcurrentMessageLimit is { } limit)
            Endpoint(e => (e.PrefetchCount, e.ConcurrentMessageLimit) = (limit, limit));
    }
}
