using Geofence.Contracts;
using Geofence.Messaging.Bus;
using MassTransit;

namespace Geofence.Detector.Arrivals;

/// <summary>
/// Pings for one subject must be handled in order, by one replica at a time. On RabbitMQ the pings exchange is a
/// consistent-hash exchange over <see cref="DetectorSettings.Shards"/> queues, each with a single active consumer
/// and one message at a time; a replica that dies hands its queues to another. In memory, one ordered queue.
/// </summary>
public sealed class LocationShardEndpoints(DetectorSettings detector) : IReceiveEndpointSetup
{
    public void Configure(IBusRegistrationContext context, IBusFactoryConfigurator bus, BusSettings settings)
    {
        if (bus is IRabbitMqBusFactoryConfigurator rabbit)
        {
            for (var shard = 0; shard < detector.Shards; shard++)
            {
                rabbit.ReceiveEndpoint($"detector-locations-{shard}", e =>
                {
                    e.ConfigureConsumeTopology = false;
                    e.SingleActiveConsumer = true;
                    e.SetQuorumQueue();
                    // Only one unacknowledged message at a time: with more, MassTransit may start them out of order.
                    e.PrefetchCount = 1;
                    e.ConcurrentMessageLimit = 1;
                    e.Bind<LocationsReported>(b =>
                    {
                        b.ExchangeType = "x-consistent-hash";
                        b.RoutingKey = "1"; // equal weight for every shard queue
                    });
                    Consume(context, e, settings);
                });
            }
            return;
        }
        bus.ReceiveEndpoint("detector-locations", e =>
        {
            e.PrefetchCount = 1;
            e.ConcurrentMessageLimit = 1;
            Consume(context, e, settings);
        });
    }

    private static void Consume(IBusRegistrationContext context, IReceiveEndpointConfigurator endpoint, BusSettings settings)
    {
        endpoint.UseGeofenceRetry(settings.Retry);
        endpoint.ConfigureConsumer<LocationsReportedConsumer>(context);
    }
}
