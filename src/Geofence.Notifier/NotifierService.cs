using System.ComponentModel.DataAnnotations;
using Geofence.Contracts;
using Geofence.Messaging.PersonalData;
using Geofence.Messaging.Persistence;
using Geofence.Notifier.Arrivals;
using Geofence.Notifier.Audiences;
using Geofence.Notifier.Campaigns;
using Geofence.Notifier.Devices;
using Geofence.Notifier.Installs;
using Geofence.Notifier.Links;
using Geofence.Notifier.OptOuts;
using Geofence.Notifier.Persons;
using Geofence.Notifier.Reminders;
using Geofence.Notifier.Rules;
using Geofence.Notifier.Sending;
using Geofence.Privacy;
using Geofence.ServiceDefaults.Settings;
using MassTransit;

namespace Geofence.Notifier;

/// <summary>
/// Notifier: decides who is told what, once per visit, within the department's caps and quiet hours, reminds until the
/// app is installed, and hands each message to the Dispatcher.
/// </summary>
public static class NotifierService
{
    public static IHostApplicationBuilder AddNotifier(this IHostApplicationBuilder builder)
    {
        builder.AddPrivacy();
        builder.AddServiceDatabase<NotifierDb>();
        builder.AddRetentionHousekeeping<NotifierRetention>();
        builder.AddSettings<NotificationPolicy>("Policy");
        builder.AddSettings<ReminderSettings>("Reminders");
        builder.AddSettings<LinkSettings>("Links");
        builder.Services.AddSingleton<MessagingRulesHolder>();
        builder.Services.AddHostedService<MessagingRulesLoader>();
        builder.Services.AddScoped<NotificationLinks>();
        builder.Services.AddScoped<AudienceImport>().AddScoped<AudienceBuilder>();
        AddDecisions(builder.Services);
        builder.Services.AddHostedService<ReminderScheduler>();
        builder.AddSettings<CampaignSettings>("Campaigns");
        builder.Services.AddHostedService<CampaignRunner>();
        builder.Services.AddHealthChecks().AddCheck<CampaignAlarms>("campaigns", tags: ["ready"]);
        return builder;
    }

    /// <summary>The Notifier's public pages (the opt-out and install links that messages carry) and its admin API (audiences, campaigns).</summary>
    public static WebApplication MapNotifier(this WebApplication app)
    {
        app.MapLinkPages();
        app.MapAudiences();
        app.MapCampaigns();
        return app;
    }

    /// <summary>What decides and sends (scoped to a message or a due row).</summary>
    public static IServiceCollection AddDecisions(IServiceCollection services) => services
        .AddScoped<ArrivalLedger>()
        .AddScoped<PersonGate>()
        .AddScoped<NotificationComposer>()
        .AddScoped<Outgoing>()
        .AddScoped<ReminderSchedule>()
        .AddScoped<ReminderSender>()
        .AddScoped<ArrivalNotifier>()
        .AddScoped<CampaignSteps>();

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<GuestCheckedInConsumer>();
        bus.AddConsumer<ProvinceEnteredConsumer>();
        bus.AddConsumer<DeviceRegisteredConsumer>();
        bus.AddConsumer<PushTokenRejectedConsumer>();
        bus.AddConsumer<OptOutConsumer>();
        bus.AddConsumer<BluezoneInstallReportedConsumer>();
        bus.AddConsumer<CampaignOutcomes>();
        bus.AddConsumer<NotifierPersonErasureConsumer>();
        bus.AddConsumer<NotifierPersonDataConsumer>().Endpoint(e => e.Name = PersonDataRequested.EndpointName(PersonErased.Notifier));
        bus.AddConsumer<MessagingRulesStore, MessagingRulesStoreDefinition>();
        // Every replica must swap its own rules, so each gets the change on a queue of its own.
        bus.AddConsumer<MessagingRulesRefresh>().Endpoint(e =>
        {
            e.InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}";
            e.Temporary = true;
        });
    }
}

/// <summary><c>Policy:*</c> configuration.</summary>
public sealed class NotificationPolicy
{
    /// <summary>A person told about a province is not told again about it for this many days.</summary>
    [Range(0, 3650)] public int RenotifyAfterDays { get; set; } = 30;
}
