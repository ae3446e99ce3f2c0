using System.ComponentModel.DataAnnotations;
using Geofence.Contracts;
using Geofence.Detector.Arrivals;
using Geofence.Detector.Fences;
using Geofence.Detector.Persons;
using Geofence.Fences;
using Geofence.Messaging.Bus;
using Geofence.Messaging.Persistence;
using Geofence.Messaging.PersonalData;
using Geofence.Privacy;
using Geofence.ServiceDefaults.ApiKeys;
using Geofence.ServiceDefaults.Settings;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Geofence.Detector;

/// <summary>Detector: turns location pings into arrivals, against an immutable snapshot of the department's geofences.</summary>
public static class DetectorService
{
    public static IHostApplicationBuilder AddDetector(this IHostApplicationBuilder builder)
    {
        builder.AddPrivacy(); // opens the sealed device ids of an erasure
        builder.AddServiceDatabase<DetectorDb>();
        builder.AddRetentionHousekeeping<DetectorRetention>();
        builder.AddSettings<DetectorSettings>("Detector");
        builder.AddSettings<FenceLookupSettings>("Geofences");
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<FenceLookupSettings>().SnapshotOptions);
        builder.Services.AddSingleton<GeofenceSnapshots>();
        builder.Services.AddHostedService<GeofenceSnapshotLoader>();
        builder.Services.AddSingleton<IReceiveEndpointSetup, LocationShardEndpoints>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDetector(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/detector/geofences", (GeofenceSnapshots snapshots) => TypedResults.Ok(
                new DetectorGeofences(snapshots.Version, snapshots.Current.Fences.Count)))
            .RequireApiKey(ApiCallerKind.Admin)
            .WithTags("Detector")
            .WithName("DetectorGeofences")
            .WithSummary("Which geofence set version this Detector replica detects against (0 fences until one is imported).");
        return app;
    }

    private sealed record DetectorGeofences(long Version, int Fences);

    public static void AddConsumers(IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<GeofenceSetStore, GeofenceSetStoreDefinition>();
        // Every replica must swap its own snapshot, so each gets the change on a queue of its own.
        bus.AddConsumer<GeofenceSnapshotRefresh>().Endpoint(e =>
        {
            e.InstanceId = $"{Environment.MachineName}-{Environment.ProcessId}";
            e.Temporary = true;
        });
        bus.AddConsumer<LocationsReportedConsumer>().ExcludeFromConfigureEndpoints();
        bus.AddConsumer<DevicesForgottenConsumer>();
    }
}

/// <summary><c>Detector:*</c> configuration.</summary>
public sealed class DetectorSettings
{
    /// <summary>Pings less precise than this are ignored: a 2 km fix cannot tell a beach from the sea.</summary>
    [Positive] public double MaxAccuracyMeters { get; set; } = 500;

    /// <summary>RabbitMQ queues the pings are spread over; each is read by one replica at a time, in order.</summary>
    [Range(1, LocationShards.Count)] public int Shards { get; set; } = 8;

    /// <summary>Someone unseen this long who reappears at a point of entry has arrived again (a flight home).</summary>
    [Positive] public double ReappearanceHours { get; set; } = 6;
}
