using Geofence.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Geofence.Browser.Tests;

/// <summary>
/// The whole system in one process (in-memory bus, its own SQLite file) on a real loopback port, so that a browser can
/// reach it; its links point at that port.
/// </summary>
public sealed class BrowserGeofence : WebApplicationFactory<Geofence.Host.Program>
{
    private readonly string folder = Directory.CreateTempSubdirectory("geofence-browser-").FullName;

    public BrowserGeofence() => UseKestrel(BaseAddress.Port);

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{ServiceProcess.FreePort()}");
    public string AdminKey { get; } = $"test-admin-{Guid.NewGuid():N}";

    public GeofenceApi Api()
    {
        StartServer();
        var client = new HttpClient { BaseAddress = BaseAddress };
        return new GeofenceApi(client, client, client, AdminKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("urls", BaseAddress.ToString());
        builder.UseSetting("Auth:BootstrapAdminKey", AdminKey);
        builder.UseSetting("ConnectionStrings:Geofence", $"Data Source={Path.Combine(folder, "geofence.db")}");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Links:BaseUrl", BaseAddress.ToString().TrimEnd('/'));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
