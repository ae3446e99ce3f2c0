namespace Geofence.Contracts;

/// <summary>
/// A campaign's message for the Dispatcher. It travels as its own type so that it has a queue of its own: arrivals never
/// wait behind a campaign's hundreds of thousands of messages (RabbitMQ's quorum queues have no priorities), and the
/// Dispatcher sends it only with the share of each provider's rate that arrivals leave. The Admin report reads it as it
/// reads <see cref="SendNotification"/>.
/// </summary>
public record SendCampaignNotification(SendNotification Notification);
