using Geofence.Privacy;
using Geofence.Notifier.Arrivals;
using Geofence.Notifier.Devices;
using Geofence.Notifier.Messages;
using Geofence.Notifier.OptOuts;
using Geofence.Messaging.Outbox;
using Geofence.Messaging.Persistence;
using MassTransit;

namespace Geofence.Notifier;

/// <summary>Notifier: decides who is told what, once per visit, and hands the message to the Dispatcher.</summary>
public static class NotifierService
{
    public static IHostApplicationBuilder AddNotifier(this IHostApplicationBuilder builder)
    {
        builder.AddPrivacy();
        builder.AddServiceDatabase<NotifierDb>();
        builder.AddOutboxRelay<NotifierDb>();
        builder.Services.AddSingleton(builder.Configuration.GetSection("Policy").Get<NotificationPolicy>() ?? new NotificationPolicy());
        builder.Services.AddSingleton(builder.Configuration.GetSection("Templates").Get<StoreLinks>() ?? new StoreLinks());
        builder.Services.AddSingleton<InstallBluezoneMessage>();
        builder.Services.AddScoped<ArrivalLedger>();
        builder.Services.AddScoped<ArrivalNotifier>();
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<GuestCheckedInConsumer, GuestCheckedInConsumerDefinition>();
        bus.AddConsumer<ProvinceEnteredConsumer, ProvinceEnteredConsumerDefinition>();
        bus.AddConsumer<DeviceRegisteredConsumer, DeviceRegisteredConsumerDefinition>();
        bus.AddConsumer<PushTokenRejectedConsumer, PushTokenRejectedConsumerDefinition>();
        bus.AddConsumer<OptOutConsumer, OptOutConsumerDefinition>();
    }
}

/// <summary><c>Policy:*</c> configuration.</summary>
public sealed class NotificationPolicy
{
    /// <summary>A person told about a province is not told again about it for this many days.</summary>
    public int RenotifyAfterDays { get; set; } = 30;
}
