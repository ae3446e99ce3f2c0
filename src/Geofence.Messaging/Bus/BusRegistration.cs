using Geofence.Contracts;
using Geofence.Messaging.MessageData;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Settings;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Geofence.Messaging.Bus;

public static class BusRegistration
{
    /// <summary>
    /// One MassTransit bus per process, on the transport <c>Bus:Transport</c> names (else <paramref name="defaultTransport"/>:
    /// RabbitMQ for a service on its own, in-memory for the host that runs them all). Each service adds its consumers;
    /// the host that runs every service passes all of them. By convention every endpoint retries a failed message as
    /// <c>Bus:Retry</c> says before moving it to its <c>_error</c> queue (nothing is acknowledged and dropped), and on
    /// RabbitMQ queues are quorum queues and publishes wait for the broker's confirm. A consumer definition is written
    /// only where a consumer's policy differs.
    /// </summary>
    public static IHostApplicationBuilder AddGeofenceBus(this IHostApplicationBuilder builder, BusTransport defaultTransport,
        params Action<IBusRegistrationConfigurator>[] consumers)
    {
        var settings = builder.AddSettingsNow<BusSettings>("Bus");
        settings.Transport = builder.Configuration.GetValue("Bus:Transport", defaultTransport);
        builder.AddMessageData();
        // MassTransit 8.5 would let MASSTRANSIT_USAGE_TELEMETRY=true turn its usage report back on: not in this process.
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false");
        // Messages on a broker from before the claim check carry their payload inline; they are still read.
        InlineStringMessageDataConverter.AddTo(MassTransit.Serialization.SystemTextJsonMessageSerializer.Options);
        builder.Services.AddMassTransit(x =>
        {
            // MassTransit 8.5 reports usage to its vendor at start-up; this system makes no outbound call it is not configured for.
            x.DisableUsageTelemetry();
            // Out of /health/ready: it answers 200 while the broker is unreachable; BusReadiness stands in for it.
            x.ConfigureHealthCheckOptions(o => o.Tags.Add("masstransit"));
            x.SetKebabCaseEndpointNameFormatter();
            foreach (var add in consumers) add(x);
            x.AddConsumer<AdminKeysChangedConsumer>().ExcludeFromConfigureEndpoints();

            x.AddConfigureEndpointsCallback((_, name, endpoint) =>
            {
                endpoint.UseGeofenceRetry(settings.Retry);
                // The process's own admin-key queue goes with the process; a quorum queue cannot.
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && name != AdminKeysChangedConsumer.EndpointName) rabbit.SetQuorumQueue();
            });
            if (settings.Transport == BusTransport.RabbitMq)
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.UseMessageData(context.GetRequiredService<MessageDataRepository>());
                    var rabbit = settings.RabbitMq;
                    cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                        h.PublisherConfirmation = true;
                    });
                    // Pings are routed by shard so that one subject's pings always reach the same Detector queue.
                    cfg.Publish<LocationsReported>(p => p.ExchangeType = "x-consistent-hash");
                    cfg.Send<LocationsReported>(s => s.UseRoutingKeyFormatter(c => c.Message.Shard));
                    foreach (var endpoints in context.GetServices<IReceiveEndpointSetup>()) endpoints.Configure(context, cfg, settings);
                    cfg.ReceiveEndpoint(AdminKeysChangedConsumer.EndpointName, e =>
                    {
                        e.Durable = false;
                        e.AutoDelete = true;
                        e.ConfigureConsumer<AdminKeysChangedConsumer>(context);
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    cfg.UseMessageData(context.GetRequiredService<MessageDataRepository>());
                    foreach (var endpoints in context.GetServices<IReceiveEndpointSetup>()) endpoints.Configure(context, cfg, settings);
                    cfg.ReceiveEndpoint(AdminKeysChangedConsumer.EndpointName, e => e.ConfigureConsumer<AdminKeysChangedConsumer>(context));
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        builder.AddSettings<AuthSettings>("Auth");
        builder.Services.TryAddSingleton<IssuedAdminKeys>();
        builder.Services.TryAddSingleton<ApiKeyUsage>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<AdminKeyExchange>();
        builder.Services.AddHealthChecks().AddCheck<BusReadiness>("bus", tags: ["ready"]);
        return builder;
    }
}

/// <summary>
/// Receive endpoints a service lays out itself, where one queue per consumer is not enough (the Detector's shard
/// queues). Registered in the container; the bus calls each while it configures its transport.
/// </summary>
public interface IReceiveEndpointSetup
{
    void Configure(IBusRegistrationContext context, IBusFactoryConfigurator bus, BusSettings settings);
}

public static class RetryPolicy
{
    /// <summary>
    /// Exponential backoff between <see cref="RetrySettings.MinInterval"/> and <see cref="RetrySettings.MaxInterval"/>:
    /// a database hiccup or a conflict with a racing replica passes; what still fails goes to the error queue. Applied
    /// to every endpoint by convention; call it only on an endpoint laid out by hand.
    /// </summary>
    public static void UseGeofenceRetry(this IReceiveEndpointConfigurator endpoint, RetrySettings retry) =>
        endpoint.UseMessageRetry(r => r.Exponential(retry.Limit, retry.MinInterval, retry.MaxInterval, retry.MinInterval));
}
