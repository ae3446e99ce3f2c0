using System.ComponentModel.DataAnnotations;
using Geofence.Messaging.Persistence;
using Geofence.Notifier.Arrivals;
using Geofence.Notifier.Devices;
using Geofence.Notifier.Links;
using Geofence.Notifier.Messages;
using Geofence.Notifier.OptOuts;
using Geofence.Privacy;
using Geofence.ServiceDefaults.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Geofence.Notifier;

/// <summary>Notifier: decides who is told what, once per visit, and hands the message to the Dispatcher.</summary>
public static class NotifierService
{
    public static IHostApplicationBuilder AddNotifier(this IHostApplicationBuilder builder)
    {
        builder.AddPrivacy();
        builder.AddServiceDatabase<NotifierDb>();
        builder.AddSettings<NotificationPolicy>("Policy");
        builder.AddSettings<StoreLinks>("Templates");
        builder.Services.AddSingleton<InstallBluezoneMessage>();
        builder.Services.AddScoped<ArrivalLedger>();
        builder.Services.AddScoped<ArrivalNotifier>();
        builder.AddSettings<LinkSettings>("Links");
        builder.Services.AddScoped<NotificationLinks>();
        // Until the department's policy is registered in its place, the link pages name the built-in app.
        builder.Services.TryAddSingleton<ICurrentPolicy, BuiltInPolicy>();
        return builder;
    }

    /// <summary>The Notifier's public pages: the opt-out and install links that messages carry.</summary>
    public static WebApplication MapNotifier(this WebApplication app)
    {
        app.MapLinkPages();
        return app;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<GuestCheckedInConsumer>();
        bus.AddConsumer<ProvinceEnteredConsumer>();
        bus.AddConsumer<DeviceRegisteredConsumer>();
        bus.AddConsumer<PushTokenRejectedConsumer>();
        bus.AddConsumer<OptOutConsumer>();
    }
}

/// <summary><c>Policy:*</c> configuration.</summary>
public sealed class NotificationPolicy
{
    /// <summary>A person told about a province is not told again about it for this many days.</summary>
    [Range(0, 3650)] public int RenotifyAfterDays { get; set; } = 30;
}
