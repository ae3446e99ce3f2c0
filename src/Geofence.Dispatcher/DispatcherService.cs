using Geofence.Contracts;
using Geofence.Dispatcher.Deliveries;
using Geofence.Dispatcher.Sandbox;
using Geofence.ServiceDefaults.Outbox;
using Geofence.ServiceDefaults.Persistence;
using MassTransit;

namespace Geofence.Dispatcher;

/// <summary>Dispatcher: hands each message to the provider of its channel and records what happened.</summary>
public static class DispatcherService
{
    public static IHostApplicationBuilder AddDispatcher(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<DispatcherDb>();
        builder.AddOutboxRelay<DispatcherDb>();
        foreach (var channel in new[] { Channels.Sms, Channels.Push })
        {
            var provider = builder.Configuration[$"Channels:{Capitalised(channel)}:Provider"] ?? "Sandbox";
            if (!provider.Equals("Sandbox", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException(
                    $"Channels__{Capitalised(channel)}__Provider is '{provider}', but only 'Sandbox' is available in this version.");
            builder.Services.AddScoped<IChannelSender>(sp => ActivatorUtilities.CreateInstance<SandboxSender>(sp, channel));
        }
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<SendNotificationConsumer, SendNotificationConsumerDefinition>();

    public static IEndpointRouteBuilder MapDispatcher(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").WithTags("Dispatcher").MapSandboxMessages();
        return app;
    }

    private static string Capitalised(string channel) => char.ToUpperInvariant(channel[0]) + channel[1..];
}
