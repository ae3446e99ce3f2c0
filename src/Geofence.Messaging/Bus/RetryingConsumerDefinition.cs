using MassTransit;

namespace Geofence.Messaging.Bus;

/// <summary>
/// The endpoint policy every Geofence consumer shares: a failure (a database hiccup, a conflict with a racing
/// replica) is retried with exponential backoff as <c>Bus:Retry</c> says; what still fails goes to the error queue.
/// Nothing is acknowledged and dropped.
/// </summary>
public abstract class RetryingConsumerDefinition<TConsumer>(BusSettings bus) : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpoint,
        IConsumerConfigurator<TConsumer> consumer, IRegistrationContext context)
        => endpoint.UseGeofenceRetry(bus.Retry);
}

public static class RetryPolicy
{
    /// <summary>
    /// Exponential backoff between <see cref="RetrySettings.MinInterval"/> and <see cref="RetrySettings.MaxInterval"/>;
    /// <paramref name="handledInside"/> are exceptions an inner policy of the consumer's own already retried.
    /// </summary>
    public static void UseGeofenceRetry(this IReceiveEndpointConfigurator endpoint, RetrySettings retry, params Type[] handledInside) =>
        endpoint.UseMessageRetry(r =>
        {
            if (handledInside.Length > 0) r.Ignore(handledInside);
            r.Exponential(retry.Limit, retry.MinInterval, retry.MaxInterval, retry.MinInterval);
        });
}
