using Geofence.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Geofence.Host.Tests;

/// <summary>The whole system in one test server (in-memory bus, its own SQLite file), for API tests.</summary>
/// <param name="configure">More of the host's set-up, e.g. a test's own services (ConfigureTestServices).</param>
public sealed class EmbeddedGeofence(IReadOnlyDictionary<string, string>? settings = null, Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<Geofence.Host.Program>
{
    private readonly string folder = Directory.CreateTempSubdirectory("geofence-api-").FullName;

    /// <summary>The SQLite file every service of this system keeps its tables in.</summary>
    public string DatabaseFile => Path.Combine(folder, "geofence.db");

    public string AdminKey { get; } = $"test-admin-{Guid.NewGuid():N}";

    public GeofenceApi Api()
    {
        var client = CreateClient();
        return new GeofenceApi(client, client, client, AdminKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Auth:BootstrapAdminKey", AdminKey);
        builder.UseSetting("ConnectionStrings:Geofence", $"Data Source={DatabaseFile}");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Auth:KeyConfirmationTimeout", "00:01:00"); // the key must work when handed out, however slow the machine
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        configure?.Invoke(builder);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }
}
