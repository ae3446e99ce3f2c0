using Geofence.Testing;

namespace Geofence.Host.Tests;

/// <summary>The end-to-end scenarios on the embedded default: one Geofence.Host process, in-memory bus, SQLite.</summary>
public sealed class EmbeddedArrivalTests : ArrivalScenarios
{
    protected override async Task<IGeofenceSystem> StartAsync() => await EmbeddedHostProcess.StartAsync();
}

public sealed class EmbeddedGeofenceArrivalTests : GeofenceArrivalScenarios
{
    protected override async Task<IGeofenceSystem> StartAsync() => await EmbeddedHostProcess.StartAsync();
}

internal sealed class EmbeddedHostProcess(string folder, ServiceProcess host, string adminKey) : IGeofenceSystem
{
    public GeofenceApi Api { get; } = new(host.CreateClient(), host.CreateClient(), host.CreateClient(), adminKey, host.CreateClient());

    public static async Task<EmbeddedHostProcess> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("geofence-embedded-").FullName;
        var adminKey = $"test-admin-{Guid.NewGuid():N}";
        var host = await ServiceProcess.StartAsync("Geofence.Host", new Dictionary<string, string>
        {
            ["Auth__BootstrapAdminKey"] = adminKey,
            ["Privacy__PhoneHashKey"] = $"test-phone-key-{Guid.NewGuid():N}",
            ["ConnectionStrings__Geofence"] = $"Data Source={Path.Combine(folder, "geofence.db")}",
        });
        return new EmbeddedHostProcess(folder, host, adminKey);
    }

    /// <summary>In the embedded default the Notifier shares its process with every other service.</summary>
    public Task CrashAndRestartNotifierAsync() => host.CrashAndRestartAsync();

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
