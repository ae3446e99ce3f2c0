using Geofence.Channels;
using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using MassTransit;

namespace Geofence.Dispatcher.Campaigns;

/// <summary>
/// The campaign lane: a campaign's messages come on a queue of their own, so that an arrival never waits behind a
/// campaign's backlog, and are sent like any notification (<see cref="NotificationDelivery"/>) with background priority:
/// each provider serves every waiting arrival first and gives campaigns at most <c>Campaigns:MaxShareOfProviderRate</c>
/// of its rate. A transient failure hands the command back to this lane.
/// </summary>
public sealed class SendCampaignNotificationConsumer(NotificationDelivery delivery) : IConsumer<SendCampaignNotification>
{
    public Task Consume(ConsumeContext<SendCampaignNotification> context) => DeliverAsync(context.Message, context.CancellationToken);

    internal Task DeliverAsync(SendCampaignNotification message, CancellationToken ct) =>
        delivery.DeliverAsync(message.Notification, SendPriority.Background, ct);
}

/// <summary>
/// <c>Campaigns:ConcurrentMessageLimit</c> commands prefetched and worked on at once (default 16). Most of them wait
/// for a provider's permit, so it needs to be only as large as the campaign share of the rate times the provider's
/// answer time; more only holds messages in this process.
/// </summary>
public sealed class SendCampaignNotificationConsumerDefinition : ConsumerDefinition<SendCampaignNotificationConsumer>
{
    public SendCampaignNotificationConsumerDefinition(CampaignLaneSettings settings) =>
        Endpoint(e => (e.PrefetchCount, e.ConcurrentMessageLimit) = (settings.ConcurrentMessageLimit, settings.ConcurrentMessageLimit));
}
