using Geofence.Testing;

namespace Geofence.EndToEnd.Tests;

/// <summary>
/// Production layout: Admin, Ingest, Detector, Notifier and Dispatcher each in their own process, on their own RabbitMQ
/// virtual host and PostgreSQL database. With several notifier replicas, the Notifiers compete for the same queue.
/// </summary>
public sealed class DistributedGeofence : IGeofenceSystem
{
    private readonly RabbitVirtualHost virtualHost;
    private readonly PostgresDatabase database;
    private readonly ServiceProcess admin, ingest, dispatcher;
    private readonly ServiceProcess[] notifiers;

    private DistributedGeofence(RabbitVirtualHost virtualHost, PostgresDatabase database, string adminKey, string privacyKey,
        ServiceProcess admin, ServiceProcess ingest, ServiceProcess dispatcher, ServiceProcess[] notifiers, ServiceProcess[] detectors)
    {
        PrivacyKey = privacyKey;
        (this.virtualHost, this.database, this.admin, this.ingest, this.dispatcher, this.notifiers, Detectors) =
            (virtualHost, database, admin, ingest, dispatcher, notifiers, detectors);
        Api = new GeofenceApi(admin.CreateClient(), ingest.CreateClient(), dispatcher.CreateClient(), adminKey,
            detectors.Select(d => d.CreateClient()).ToArray());
        Campaigns = new CampaignApi(notifiers[0].CreateClient(), adminKey);
    }

    public GeofenceApi Api { get; }

    /// <summary>The audience and campaign API of the (first) Notifier, at its own address.</summary>
    public CampaignApi Campaigns { get; }

    /// <summary>The (first) Notifier process: its base address, its output, its process id.</summary>
    public ServiceProcess Notifier => notifiers[0];

    /// <summary>The Admin process.</summary>
    public ServiceProcess Admin => admin;

    /// <summary>The Ingest process.</summary>
    public ServiceProcess Ingest => ingest;

    /// <summary>The Dispatcher process.</summary>
    public ServiceProcess Dispatcher => dispatcher;

    /// <summary>The services' Privacy__PhoneHashKey, from which the key of their encrypted columns is derived.</summary>
    public string PrivacyKey { get; }

    /// <summary>The RabbitMQ virtual host every service of this system shares.</summary>
    public RabbitVirtualHost VirtualHost => virtualHost;

    /// <summary>The PostgreSQL database every service of this system keeps its tables in.</summary>
    public PostgresDatabase Database => database;

    /// <summary>The Detector replicas, in the order they started: the first holds every shard queue's single active consumer.</summary>
    public ServiceProcess[] Detectors { get; }

    /// <summary>Everything every service process printed so far (their logs), one process after another.</summary>
    public string Logs => string.Join(Environment.NewLine,
        notifiers.Concat(Detectors).Append(admin).Append(ingest).Append(dispatcher).Select(p => p.Output));

    /// <param name="dispatcherSettings">Extra environment for the Dispatcher, e.g. real providers pointed at fakes.</param>
    /// <param name="settings">Extra environment for every service, e.g. a more talkative log level.</param>
    public static async Task<DistributedGeofence> StartAsync(int notifierReplicas = 1, int detectorReplicas = 1,
        IReadOnlyDictionary<string, string>? dispatcherSettings = null, IReadOnlyDictionary<string, string>? settings = null) =>
        await StartAsync(await TestInfrastructure.CreateVirtualHostAsync(), await TestInfrastructure.CreateDatabaseAsync(),
            notifierReplicas, detectorReplicas, dispatcherSettings, settings);

    /// <summary>The same on a given virtual host and database (the outage drills' own servers), which the system then owns.</summary>
    public static async Task<DistributedGeofence> StartAsync(RabbitVirtualHost virtualHost, PostgresDatabase database,
        int notifierReplicas = 1, int detectorReplicas = 1,
        IReadOnlyDictionary<string, string>? dispatcherSettings = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var adminKey = $"test-admin-{Guid.NewGuid():N}";
        var privacyKey = $"test-phone-key-{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string>
        {
            ["Auth__BootstrapAdminKey"] = adminKey,
            ["Privacy__PhoneHashKey"] = privacyKey,
        };
        foreach (var (key, value) in virtualHost.BusSettings.Concat(database.DatabaseSettings)) environment[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) environment[key] = value;

        var dispatcherEnvironment = new Dictionary<string, string>(environment);
        foreach (var (key, value) in dispatcherSettings ?? new Dictionary<string, string>()) dispatcherEnvironment[key] = value;
        var started = new List<Task<ServiceProcess>>();
        try
        {
            // Admin first, so the four services do not all queue on the schema lock at once.
            started.Add(ServiceProcess.StartAsync("Geofence.Admin", environment));
            var admin = await started[0];
            started.AddRange(new[] { "Geofence.Ingest", "Geofence.Dispatcher" }
                .Concat(Enumerable.Repeat("Geofence.Notifier", notifierReplicas))
                .Select(project => ServiceProcess.StartAsync(project, project == "Geofence.Dispatcher" ? dispatcherEnvironment : environment)));
            var others = await Task.WhenAll(started.Skip(1));
            // Detectors one after another, so that the first is the active consumer of every shard queue.
            var detectors = new List<ServiceProcess>();
            for (var i = 0; i < detectorReplicas; i++)
            {
                started.Add(ServiceProcess.StartAsync("Geofence.Detector", environment));
                detectors.Add(await started[^1]);
            }
            return new DistributedGeofence(virtualHost, database, adminKey, privacyKey, admin, others[0], others[1], others[2..], detectors.ToArray());
        }
        catch
        {
            // Whatever did start must not outlive the failed test.
            foreach (var process in started.Where(t => t.IsCompletedSuccessfully)) await process.Result.DisposeAsync();
            await virtualHost.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }
    }

    public Task CrashAndRestartNotifierAsync() => notifiers[0].CrashAndRestartAsync();

    public Task CrashAndRestartDispatcherAsync() => dispatcher.CrashAndRestartAsync();

    public async ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("GEOFENCE_TEST_DUMP") is { } dump)
            foreach (var p in Detectors.Concat(notifiers).Append(ingest).Append(dispatcher)) File.WriteAllText(Path.Combine(dump, $"{p.Project}-{p.BaseAddress.Port}.log"), p.Output);
        foreach (var service in notifiers.Concat(Detectors).Append(admin).Append(ingest).Append(dispatcher)) await service.DisposeAsync();
        await virtualHost.DisposeAsync();
        await database.DisposeAsync();
    }
}
