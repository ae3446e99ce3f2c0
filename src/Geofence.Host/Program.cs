using Geofence.Admin;
using Geofence.Detector;
using Geofence.Dispatcher;
using Geofence.Ingest;
using Geofence.Messaging;
using Geofence.Messaging.Bus;
using Geofence.Notifier;
using Geofence.ServiceDefaults;

namespace Geofence.Host;

/// <summary>The embedded default: every service in one process, on the in-memory bus and a SQLite file unless configured otherwise.</summary>
public sealed class Program
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://localhost:5080");
        builder.AddServiceDefaults();
        builder.AddIngest();
        builder.AddDetector();
        builder.AddNotifier();
        builder.AddDispatcher();
        builder.AddAdmin();
        builder.AddGeofenceBus(BusTransport.InMemory, IngestService.AddConsumers, DetectorService.AddConsumers, NotifierService.AddConsumers, DispatcherService.AddConsumers, AdminService.AddConsumers);

        var app = builder.Build();
        app.MapServiceDefaults();
        app.MapIngest();
        app.MapDetector();
        app.MapNotifier();
        app.MapDispatcher();
        app.MapAdmin();
        return await app.RunServiceAsync(args);
    }
}
