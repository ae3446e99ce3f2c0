using Geofence.Contracts;
using Geofence.Dispatcher.Campaigns;
using Geofence.Dispatcher.Deliveries;
using Geofence.Dispatcher.Housekeeping;
using Geofence.Dispatcher.Persons;
using Geofence.Dispatcher.Providers;
using Geofence.Dispatcher.Receipts;
using Geofence.Dispatcher.Sandbox;
using Geofence.Messaging.PersonalData;
using Geofence.Messaging.Persistence;
using Geofence.Privacy;
using Geofence.ServiceDefaults.Settings;
using MassTransit;

namespace Geofence.Dispatcher;

/// <summary>Dispatcher: hands each message to the provider of its channel and records what happened.</summary>
public static class DispatcherService
{
    public static IHostApplicationBuilder AddDispatcher(this IHostApplicationBuilder builder)
    {
        builder.AddPrivacy();
        builder.AddServiceDatabase<DispatcherDb>();
        builder.AddRetentionHousekeeping<DispatcherRetention>();
        builder.Services.AddScoped<DeliveryReceipts>();
        builder.AddSettings<HousekeepingSettings>("Dispatcher:Housekeeping");
        builder.Services.AddSingleton<ProviderAlarms>();
        builder.Services.AddHealthChecks().AddCheck<ProviderAlarms>("providers", tags: ["ready"]);
        builder.Services.AddHostedService<DispatcherHousekeeping>();
        builder.AddSettings<DispatcherSettings>("Dispatcher");
        builder.AddSettings<DeliveryRetrySettings>("Channels:Retry");
        builder.Services.AddScoped<NotificationDelivery>();
        // Read now: the campaign share is each provider client's, and the clients are registered here.
        var campaigns = builder.AddSettingsNow<CampaignLaneSettings>("Campaigns");
        ProviderSelection.From(builder.Configuration).Register(builder.Services, builder.Configuration, campaigns.MaxShareOfProviderRate);
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<SendNotificationConsumer, SendNotificationConsumerDefinition>();
        bus.AddConsumer<SendCampaignNotificationConsumer, SendCampaignNotificationConsumerDefinition>();
        bus.AddConsumer<DispatcherPersonErasureConsumer>();
        bus.AddConsumer<DispatcherPersonDataConsumer>().Endpoint(e => e.Name = PersonDataRequested.EndpointName(PersonErased.Dispatcher));
    }

    public static IEndpointRouteBuilder MapDispatcher(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1").WithTags("Dispatcher").MapSandboxMessages().MapReceipts();
        return app;
    }
}
