using Geofence.Admin.Feeds;
using Geofence.Admin.Geofences;
using Geofence.Admin.Hotels;
using Geofence.Admin.Keys;
using Geofence.Admin.Notifications;
using Geofence.Admin.OptOuts;
using Geofence.Admin.Persons;
using Geofence.Admin.Policy;
using Geofence.Admin.Templates;
using Geofence.Contracts;
using Geofence.Fences;
using Geofence.Messaging.PersonalData;
using Geofence.Messaging.Persistence;
using Geofence.Privacy;
using Geofence.ServiceDefaults.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Geofence.Admin;

/// <summary>Admin: the tourism department's configuration (hotels and their keys, fences, templates, messaging policy) and reports.</summary>
public static class AdminService
{
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.AddPrivacy();
        builder.AddServiceDatabase<AdminDb>();
        builder.AddRetentionHousekeeping<AdminRetention>();
        builder.AddSettings<PersonExportSettings>("Persons");
        builder.Services.AddScoped<GeofenceSet>();
        builder.Services.AddScoped<DepartmentTemplates>();
        builder.Services.AddScoped<PolicyHistory>();
        builder.Services.AddScoped<KeyRing>();
        builder.Services.AddSingleton<IngestConfirmations>();
        builder.AddSettings<PreviewLinkSettings>("Links");
        builder.Services.AddSingleton<GeofenceLookupCache>();
        builder.AddSettings<FenceLookupSettings>("Geofences");
        builder.AddSettings<FenceImportSettings>("Geofences:Import");
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<FenceLookupSettings>().SnapshotOptions);
        return builder;
    }

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<NotificationReportConsumer>();
        bus.AddConsumer<OptOutListConsumer>();
        bus.AddConsumer<AdminKeysRequestedConsumer>();
        bus.AddConsumer<ApiKeysUsedConsumer>();
        bus.AddConsumer<AdminPersonErasureConsumer>();
        bus.AddConsumer<AdminPersonDataConsumer>().Endpoint(e => e.Name = PersonDataRequested.EndpointName(PersonErased.Admin));
        // The replica whose request waits for Ingest's confirmation must hear it: each gets them on a queue of its own.
        bus.AddConsumer<IntegrationKeysConfirmedConsumer>().Endpoint(e =>
        {
            e.InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}";
            e.Temporary = true;
        });
    }

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Admin");
        api.MapHotels();
        api.MapNotifications();
        api.MapOptOuts();
        api.MapPersons();
        api.MapFeeds();
        api.MapKeys();
        api.MapGeofences();
        api.MapTemplates();
        api.MapPolicy();
        return app;
    }
}
