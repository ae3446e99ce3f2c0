using Geofence.Testing;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// Production layout: Admin, Ingest, Notifier and Dispatcher each in their own process, on their own RabbitMQ
/// virtual host and PostgreSQL database. <paramref name="notifierReplicas"/> Notifiers compete for the same queue.
/// </summary>
public sealed class DistributedGeofence : IGeofenceSystem
{
    private readonly RabbitVirtualHost virtualHost;
    private readonly PostgresDatabase database;
    private readonly ServiceProcess admin, ingest, dispatcher;
    private readonly ServiceProcess[] notifiers;

    private DistributedGeofence(RabbitVirtualHost virtualHost, PostgresDatabase database, string adminKey,
        ServiceProcess admin, ServiceProcess ingest, ServiceProcess dispatcher, ServiceProcess[] notifiers)
    {
        (this.virtualHost, this.database, this.admin, this.ingest, this.dispatcher, this.notifiers) =
            (virtualHost, database, admin, ingest, dispatcher, notifiers);
        Api = new GeofenceApi(admin.CreateClient(), ingest.CreateClient(), dispatcher.CreateClient(), adminKey);
    }

    public GeofenceApi Api { get; }

    public static async Task<DistributedGeofence> StartAsync(int notifierReplicas = 1)
    {
        var virtualHost = await TestInfrastructure.CreateVirtualHostAsync();
        var database = await TestInfrastructure.CreateDatabaseAsync();
        var adminKey = $"test-admin-{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string>
        {
            ["Auth__BootstrapAdminKey"] = adminKey,
            ["Privacy__PhoneHashKey"] = $"test-phone-key-{Guid.NewGuid():N}",
        };
        foreach (var (key, value) in virtualHost.BusSettings.Concat(database.DatabaseSettings)) environment[key] = value;

        // Admin first, so the four services do not all queue on the schema lock at once.
        var admin = await ServiceProcess.StartAsync("Geofence.Admin", environment);
        var others = await Task.WhenAll(new[] { "Geofence.Ingest", "Geofence.Dispatcher" }
            .Concat(Enumerable.Repeat("Geofence.Notifier", notifierReplicas))
            .Select(project => ServiceProcess.StartAsync(project, environment)));
        return new DistributedGeofence(virtualHost, database, adminKey, admin, others[0], others[1], others[2..]);
    }

    public Task CrashAndRestartNotifierAsync() => notifiers[0].CrashAndRestartAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var service in notifiers.Append(admin).Append(ingest).Append(dispatcher)) await service.DisposeAsync();
        await virtualHost.DisposeAsync();
        await database.DisposeAsync();
    }
}
